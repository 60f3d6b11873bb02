#!/usr/bin/python3
"""Seed defects into a KiCad board by pad edits, then plot it as scripts/plot-kicad-demos.py does.

Usage: /usr/bin/python3 scripts/seed-kicad-board.py BOARD.kicad_pcb OUT_DIR [EDIT ...]

EDIT is REF:PAD:FIELD=VALUE in mm, PAD a pad number or * for every pad of the footprint:
  mask=M    the pad's own solder-mask expansion (KiCad's local solder_mask_margin)
  paste=P   the pad's own paste expansion (local solder_paste_margin)
  size=D    the pad's copper size, D × D
  dx=X      the pad moved X mm in +x
Prints one JSON line: the centre of every edited pad in Gerber coordinates (mm, y up, as plotted),
keyed REF-PAD, so a test can ask for each finding at its seeded site. The same edits give the same
bytes (pcbnew plots deterministically, with no date in X2 when the board has none).
"""
import importlib.util
import json
import os
import sys

import pcbnew

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('plot', os.path.join(HERE, 'plot-kicad-demos.py'))
plot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plot)


def apply(board, edit, sites):
    try:
        ref, number, rest = edit.split(':', 2)
        field, value = rest.split('=', 1)
        value = float(value)
    except ValueError:
        raise SystemExit(f'bad edit {edit!r}: want REF:PAD:FIELD=VALUE')
    footprint = board.FindFootprintByReference(ref)
    if footprint is None:
        raise SystemExit(f'no footprint {ref}')
    pads = [p for p in footprint.Pads() if number == '*' or p.GetNumber() == number]
    if not pads:
        raise SystemExit(f'no pad {number} on {ref}')
    nm = pcbnew.FromMM(value)
    for pad in pads:
        if field == 'mask':
            pad.SetLocalSolderMaskMargin(nm)
        elif field == 'paste':
            pad.SetLocalSolderPasteMargin(nm)
        elif field == 'size':
            pad.SetSize(pcbnew.wxSize(nm, nm))
        elif field == 'dx':
            pad.SetPosition(pad.GetPosition() + pcbnew.wxPoint(nm, 0))
        else:
            raise SystemExit(f'unknown field {field!r} in {edit!r}')
        at = pad.GetPosition()
        sites[f'{ref}-{pad.GetNumber()}'] = [round(pcbnew.ToMM(at.x), 6), round(-pcbnew.ToMM(at.y), 6)]


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    board_file, out_dir = argv[1], os.path.abspath(argv[2])
    os.makedirs(out_dir, exist_ok=True)
    board = pcbnew.LoadBoard(board_file)
    sites = {}
    for edit in argv[3:]:
        apply(board, edit, sites)
    board.SetFileName(os.path.join(out_dir, 'seeded.kicad_pcb'))
    plot.plot_gerbers(board, out_dir)
    plot.write_drills(board, out_dir)
    print(json.dumps(sites))


if __name__ == '__main__':
    main(sys.argv)

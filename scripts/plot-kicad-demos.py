#!/usr/bin/python3
"""Plot one KiCad board to Gerber X2 (with netlist attributes) and metric Excellon.

Usage: /usr/bin/python3 scripts/plot-kicad-demos.py BOARD.kicad_pcb OUT_DIR [NAME]

Writes OUT_DIR/NAME-<layer>.gbr for F.Cu, B.Cu, F.Mask, B.Mask, F.Paste, B.Paste and Edge.Cuts, and
OUT_DIR/NAME-PTH.drl and OUT_DIR/NAME-NPTH.drl (metric, decimal, PTH and NPTH apart, no drill map).
NAME defaults to the board file's stem. Zones are plotted as filled in the board file (no refill), as
pcbnew's own plot dialog does when its zone check is off. Needs KiCad 6's pcbnew module (Debian's
`kicad` package puts it in /usr/lib/python3/dist-packages, hence /usr/bin/python3).
"""
import os
import sys

import pcbnew

# (layer id, file suffix, X2 description) — the suffixes are KiCad's own, which bumpcheck's layer
# identification also reads by name
LAYERS = [
    (pcbnew.F_Cu, 'F_Cu', 'Top copper'),
    (pcbnew.B_Cu, 'B_Cu', 'Bottom copper'),
    (pcbnew.F_Mask, 'F_Mask', 'Top solder mask'),
    (pcbnew.B_Mask, 'B_Mask', 'Bottom solder mask'),
    (pcbnew.F_Paste, 'F_Paste', 'Top paste'),
    (pcbnew.B_Paste, 'B_Paste', 'Bottom paste'),
    (pcbnew.Edge_Cuts, 'Edge_Cuts', 'Board outline'),
]


def plot_gerbers(board, out_dir):
    controller = pcbnew.PLOT_CONTROLLER(board)
    options = controller.GetPlotOptions()
    options.SetOutputDirectory(out_dir)
    options.SetFormat(pcbnew.PLOT_FORMAT_GERBER)
    options.SetUseGerberX2format(True)
    options.SetIncludeGerberNetlistInfo(True)
    options.SetUseGerberProtelExtensions(False)  # .gbr names; the layer is in the suffix and in %TF.FileFunction
    options.SetCreateGerberJobFile(False)
    options.SetGerberPrecision(6)  # 4.6, 1 nm
    options.SetDisableGerberMacros(False)
    options.SetUseAuxOrigin(False)
    options.SetPlotFrameRef(False)
    options.SetSubtractMaskFromSilk(False)
    options.SetSkipPlotNPTH_Pads(False)
    options.SetDrillMarksType(pcbnew.PCB_PLOT_PARAMS.NO_DRILL_SHAPE)
    options.SetMirror(False)
    options.SetAutoScale(False)
    options.SetScale(1)
    written = []
    for layer, suffix, description in LAYERS:
        controller.SetLayer(layer)
        if not controller.OpenPlotfile(suffix, pcbnew.PLOT_FORMAT_GERBER, description):
            raise SystemExit(f'cannot open the plot file for {suffix} in {out_dir}')
        if not controller.PlotLayer():
            raise SystemExit(f'plotting {suffix} failed')
        written.append(controller.GetPlotFileName())
    controller.ClosePlot()
    return written


def write_drills(board, out_dir):
    writer = pcbnew.EXCELLON_WRITER(board)
    # mirror, minimal header, offset, merge PTH and NPTH into one file
    writer.SetOptions(False, False, pcbnew.wxPoint(0, 0), False)
    writer.SetRouteModeForOvalHoles(False)  # oval holes as G85 slots
    # metric, decimal coordinates (the digit counts only matter for the suppressed-zero formats)
    writer.SetFormat(True, pcbnew.GENDRILL_WRITER_BASE.DECIMAL_FORMAT, 3, 3)
    writer.CreateDrillandMapFilesSet(out_dir, True, False)  # drill files, no map files


def main(argv):
    if len(argv) not in (3, 4):
        raise SystemExit(__doc__)
    board_file, out_dir = argv[1], os.path.abspath(argv[2])
    os.makedirs(out_dir, exist_ok=True)
    board = pcbnew.LoadBoard(board_file)
    name = argv[3] if len(argv) == 4 else os.path.splitext(os.path.basename(board_file))[0]
    # the plot and drill writers name files after the board's file name
    board.SetFileName(os.path.join(out_dir, name + '.kicad_pcb'))
    for path in plot_gerbers(board, out_dir):
        print(path)
    write_drills(board, out_dir)
    for suffix in ('PTH', 'NPTH'):
        print(os.path.join(out_dir, f'{name}-{suffix}.drl'))


if __name__ == '__main__':
    main(sys.argv)

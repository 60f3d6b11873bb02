"""Headless driver for the KiCad plugin's entry function (run by kicad.test.ts with Debian's python3).

usage: kicad_run_check.py <board.kicad_pcb> <out_dir> <bumpcheck command as a JSON list>
prints: {"findings": [...], "drawn": <items in the findings group>, "files": [...]}
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "integrations", "kicad"))

import pcbnew  # noqa: E402
from bumpcheck_kicad.check import run_check  # noqa: E402
from bumpcheck_kicad.markers import draw_findings, finding_items  # noqa: E402


def main():
    board_path, out_dir, command = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    board = pcbnew.LoadBoard(board_path)
    findings = run_check(board, command, out_dir)
    drawn = len(finding_items(board))
    # drawing again (as a second run does) replaces the drawings instead of adding to them
    draw_findings(board, findings)
    drawn_again = len(finding_items(board))
    files = sorted(os.listdir(out_dir))
    json.dump({"findings": findings, "drawn": drawn, "drawnAgain": drawn_again, "files": files}, sys.stdout)


if __name__ == "__main__":
    main()

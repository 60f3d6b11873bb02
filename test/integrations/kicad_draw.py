"""Headless: draw a given finding list on a board with the plugin's draw_findings (run by kicad.test.ts).

usage: kicad_draw.py <board.kicad_pcb> <findings.json>
prints: {"drawn": <items in the findings group>, "items": [[kind, x_nm, y_nm], ...]}
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "integrations", "kicad"))

import pcbnew  # noqa: E402
from bumpcheck_kicad.markers import draw_findings, finding_items  # noqa: E402


def main():
    board = pcbnew.LoadBoard(sys.argv[1])
    draw_findings(board, json.load(open(sys.argv[2])))
    items = []
    for item in finding_items(board):
        # a circle's centre is its start; a label's anchor its position
        point = item.GetStart() if item.GetClass() == "PCB_SHAPE" else item.GetPosition()
        items.append([item.GetClass(), point.x, point.y])
    json.dump({"drawn": len(items), "items": sorted(items)}, sys.stdout)


if __name__ == "__main__":
    main()

"""GUI smoke test for the KiCad plugin under a virtual display (xvfb-run): the action plugin's
metadata, and the findings dialog built from a real finding list, as KiCad would show it.

usage: xvfb-run -a python3 kicad_gui_smoke.py <findings.json>
prints: {"name": ..., "rows": ..., "cells": [[...], ...], "title": ...}
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "integrations", "kicad"))

import wx  # noqa: E402

app = wx.App(False)  # before the package import: the plugin registers itself only inside a GUI

import bumpcheck_kicad  # noqa: E402,F401
from bumpcheck_kicad.action import BumpcheckAction  # noqa: E402
from bumpcheck_kicad.dialog import FindingsDialog  # noqa: E402


def main():
    findings = json.load(open(sys.argv[1]))
    summary = {"errors": sum(f["severity"] == "error" for f in findings),
               "warnings": sum(f["severity"] == "warning" for f in findings)}
    action = BumpcheckAction()
    action.defaults()
    dialog = FindingsDialog(None, findings, summary)
    grid = next(child for child in dialog.GetChildren() if isinstance(child, wx.ListCtrl))
    cells = [[grid.GetItemText(row, column) for column in range(grid.GetColumnCount())]
             for row in range(grid.GetItemCount())]
    json.dump({"name": action.name, "rows": grid.GetItemCount(), "cells": cells, "title": dialog.GetTitle()}, sys.stdout)
    dialog.Destroy()


main()

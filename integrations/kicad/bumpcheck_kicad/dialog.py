"""The findings list shown after a check in KiCad."""

import wx

COLUMNS = (("Severity", 70), ("Rule", 140), ("Side", 60), ("X (mm)", 80), ("Y (mm)", 80), ("Message", 480))


class FindingsDialog(wx.Dialog):
    def __init__(self, parent, findings, summary):
        title = "Bumpcheck: %d errors, %d warnings" % (summary["errors"], summary["warnings"])
        super().__init__(parent, title=title, size=(960, 420), style=wx.DEFAULT_DIALOG_STYLE | wx.RESIZE_BORDER)
        grid = wx.ListCtrl(self, style=wx.LC_REPORT | wx.LC_SINGLE_SEL)
        for index, (name, width) in enumerate(COLUMNS):
            grid.InsertColumn(index, name, width=width)
        for row, finding in enumerate(findings):
            grid.InsertItem(row, finding["severity"])
            # board coordinates: y grows downward, the Gerber y negated
            at = finding.get("at")
            # a finding about the process as a whole has no site: no coordinates, and nothing drawn
            x, y = ("%.3f" % at["x"], "%.3f" % -at["y"]) if at is not None else ("no site", "no site")
            values = (finding["rule"], finding["side"], x, y, finding["message"])
            for column, value in enumerate(values, start=1):
                grid.SetItem(row, column, value)
        note = wx.StaticText(self, label="Findings with a site are drawn on User.Comments (group \"bumpcheck findings\").")
        sizer = wx.BoxSizer(wx.VERTICAL)
        sizer.Add(grid, 1, wx.EXPAND | wx.ALL, 8)
        sizer.Add(note, 0, wx.LEFT | wx.RIGHT, 8)
        sizer.Add(self.CreateButtonSizer(wx.OK), 0, wx.ALIGN_RIGHT | wx.ALL, 8)
        self.SetSizer(sizer)

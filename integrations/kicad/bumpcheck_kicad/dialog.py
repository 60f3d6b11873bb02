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
            values = (finding["rule"], finding["side"], "%.3f" % finding["at"]["x"],
                      "%.3f" % -finding["at"]["y"], finding["message"])
            for column, value in enumerate(values, start=1):
                grid.SetItem(row, column, value)
        note = wx.StaticText(self, label="Findings are drawn on User.Comments (group \"bumpcheck findings\").")
        sizer = wx.BoxSizer(wx.VERTICAL)
        sizer.Add(grid, 1, wx.EXPAND | wx.ALL, 8)
        sizer.Add(note, 0, wx.LEFT | wx.RIGHT, 8)
        sizer.Add(self.CreateButtonSizer(wx.OK), 0, wx.ALIGN_RIGHT | wx.ALL, 8)
        self.SetSizer(sizer)

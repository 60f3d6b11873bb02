"""The KiCad action plugin: Tools → External Plugins → Bumpcheck. GUI only; the work is in check.py."""

import os
import shlex
import shutil
import tempfile
import threading

import pcbnew
import wx

from .check import run_check
from .client import REQUEST_CANCELLED, BumpcheckClient, BumpcheckError
from .dialog import FindingsDialog

# One server for the KiCad session: it keeps parsed layers, so re-checking after an edit is fast.
_client = None


def bumpcheck_command():
    """BUMPCHECK_CMD if set; else the checkout this plugin is linked from; else `bumpcheck` on PATH."""
    if os.environ.get("BUMPCHECK_CMD"):
        return shlex.split(os.environ["BUMPCHECK_CMD"])
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    entry = os.path.join(checkout, "bin", "bumpcheck.js")
    if os.path.exists(entry):
        return [shutil.which("node") or "node", entry]
    return ["bumpcheck"]


def _shared_client():
    global _client
    if _client is None or not _client.alive():
        _client = BumpcheckClient(bumpcheck_command())
        _client.initialize()
    return _client


class BumpcheckAction(pcbnew.ActionPlugin):
    def defaults(self):
        self.name = "Bumpcheck"
        self.category = "Design rules"
        self.description = "Check pads, mask and paste for metal-bump rules (wettable area, overhang, coplanarity, via pitch)"
        self.show_toolbar_button = True
        self.icon_file_name = ""

    def Run(self):
        board = pcbnew.GetBoard()
        parent = wx.GetActiveWindow()
        out_dir = os.path.join(tempfile.gettempdir(), "bumpcheck-kicad", str(os.getpid()))
        shutil.rmtree(out_dir, ignore_errors=True)

        progress = wx.ProgressDialog("Bumpcheck", "Plotting layers…", maximum=1000, parent=parent,
                                     style=wx.PD_APP_MODAL | wx.PD_CAN_ABORT | wx.PD_ELAPSED_TIME)
        state = {"request": None, "result": None, "error": None, "stage": "plotting", "fraction": 0.0}

        def on_progress(stage, done, total):
            state["stage"] = stage
            state["fraction"] = (done / total) if total else 0.0

        def on_started(request_id):
            state["request"] = request_id

        # The plot uses the board, so it runs here; only the server round-trip goes to a thread.
        try:
            client = _shared_client()
        except (OSError, BumpcheckError) as error:
            progress.Destroy()
            wx.MessageBox("Could not start bumpcheck (%s): %s" % (" ".join(bumpcheck_command()), error),
                          "Bumpcheck", wx.ICON_ERROR, parent)
            return
        from .plot import plot_board
        plot_board(board, out_dir)

        def work():
            try:
                state["result"] = client.check([out_dir], on_progress=on_progress, on_started=on_started)
            except Exception as error:  # shown to the user below
                state["error"] = error

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        cancelled = False
        while worker.is_alive():
            keep_going, _ = progress.Update(int(state["fraction"] * 999), "Checking: %s" % state["stage"])
            if not keep_going and not cancelled and state["request"] is not None:
                client.cancel(state["request"])
                cancelled = True
            worker.join(0.1)
        progress.Destroy()

        error = state["error"]
        if isinstance(error, BumpcheckError) and error.code == REQUEST_CANCELLED:
            return
        if error is not None:
            detail = error.data if isinstance(error, BumpcheckError) and error.data else ""
            wx.MessageBox("bumpcheck: %s\n%s" % (error, detail), "Bumpcheck", wx.ICON_ERROR, parent)
            return
        from .markers import draw_findings
        findings = state["result"]["report"]["findings"]
        draw_findings(board, findings)
        pcbnew.Refresh()
        FindingsDialog(parent, findings, state["result"]["summary"]).ShowModal()


__all__ = ["BumpcheckAction", "bumpcheck_command", "run_check"]

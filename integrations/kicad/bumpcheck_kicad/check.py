"""The plugin's entry function, with no GUI: plot the board, ask bumpcheck, draw and return findings."""

from .client import BumpcheckClient
from .markers import draw_findings
from .plot import plot_board


def run_check(board, bumpcheck_cmd, out_dir, deck=None, side=None, client=None, on_progress=None,
              on_started=None, draw=True):
    """Check `board`; returns the report's findings (dicts as in schemas/report.schema.json).

    board          a pcbnew.BOARD (pcbnew.GetBoard() in KiCad, pcbnew.LoadBoard(path) headless)
    bumpcheck_cmd  how to start bumpcheck, e.g. ["bumpcheck"] or ["node", "/path/bin/bumpcheck.js"]
    out_dir        where the Gerber/drill files are plotted (the folder is what bumpcheck checks)
    deck, side     passed to the check; None keeps bumpcheck's defaults (as the CLI's)
    client         a running BumpcheckClient to reuse (its layer cache makes re-checks fast);
                   without one, a server is started for this call and shut down after it
    draw           draw the findings on User.Comments (see markers.py)

    Raises client.BumpcheckError when the server answers with an error (e.g. an unreadable file:
    code 1001, data {file, line, what}).
    """
    plot_board(board, out_dir)
    own_client = client is None
    if own_client:
        client = BumpcheckClient(bumpcheck_cmd)
        client.initialize()
    try:
        result = client.check([out_dir], deck=deck, side=side, on_progress=on_progress, on_started=on_started)
    finally:
        if own_client:
            client.close()
    findings = result["report"]["findings"]
    if draw:
        draw_findings(board, findings)
    return findings

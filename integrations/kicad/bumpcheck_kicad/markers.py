"""Show findings on the board: a circle and a label per finding on User.Comments, in one group.

KiCad 6.0's Python API cannot create PCB_MARKERs (their RC_ITEM is not exposed), so findings are
drawings on a user layer, grouped under GROUP_NAME so the next run removes them in one step.
"""

import pcbnew

GROUP_NAME = "bumpcheck findings"
FINDINGS_LAYER = pcbnew.Cmts_User
# smallest marker radius, so a finding on a 0.1 mm sliver is still visible when zoomed out
MIN_RADIUS_MM = 0.3
LINE_WIDTH_MM = 0.05
TEXT_SIZE_MM = 0.3


def gerber_to_board(x_mm, y_mm):
    """Gerber mm (y up) to a board point in nm (y down), as plot_board plots without an aux origin."""
    return pcbnew.wxPoint(int(round(x_mm * 1e6)), int(round(-y_mm * 1e6)))


def finding_items(board):
    """The drawings of the findings group (PCB_GROUP.GetItems() is not iterable from Python in 6.0)."""
    items = []
    for drawing in board.GetDrawings():
        group = drawing.GetParentGroup()
        if group is not None and group.GetName() == GROUP_NAME:
            items.append(drawing)
    return items


def clear_findings(board):
    """Delete the drawings of an earlier run and their group; returns how many drawings went."""
    items = finding_items(board)
    for item in items:
        item.GetParentGroup().RemoveItem(item)
        board.Delete(item)
    for group in [g for g in board.Groups() if g.GetName() == GROUP_NAME]:
        board.Delete(group)
    return len(items)


def draw_findings(board, findings):
    """Draw each finding that has a site; returns the group (None when there is nothing to draw).

    A finding about the process as a whole (at and bbox null) has no place on the board: the
    dialog lists it, and nothing is drawn for it (never a marker at the origin).
    """
    clear_findings(board)
    findings = [finding for finding in findings if finding.get("at") is not None]
    if not findings:
        return None
    group = pcbnew.PCB_GROUP(board)
    group.SetName(GROUP_NAME)
    board.Add(group)
    for finding in findings:
        center = gerber_to_board(finding["at"]["x"], finding["at"]["y"])
        min_x, min_y, max_x, max_y = finding["bbox"]
        half_diagonal = 0.5 * ((max_x - min_x) ** 2 + (max_y - min_y) ** 2) ** 0.5
        radius = int(round(max(half_diagonal, MIN_RADIUS_MM) * 1e6))

        circle = pcbnew.PCB_SHAPE(board)
        circle.SetShape(pcbnew.SHAPE_T_CIRCLE)
        circle.SetLayer(FINDINGS_LAYER)
        circle.SetWidth(pcbnew.FromMM(LINE_WIDTH_MM))
        circle.SetStart(center)
        circle.SetEnd(pcbnew.wxPoint(center.x + radius, center.y))
        board.Add(circle)
        group.AddItem(circle)

        label = pcbnew.PCB_TEXT(board)
        label.SetLayer(FINDINGS_LAYER)
        label.SetText("%s/%s" % (finding["rule"], finding["messageId"]))
        label.SetTextSize(pcbnew.wxSize(pcbnew.FromMM(TEXT_SIZE_MM), pcbnew.FromMM(TEXT_SIZE_MM)))
        label.SetTextThickness(pcbnew.FromMM(LINE_WIDTH_MM))
        label.SetPosition(pcbnew.wxPoint(center.x, center.y - radius - pcbnew.FromMM(TEXT_SIZE_MM)))
        board.Add(label)
        group.AddItem(label)
    return group

"""Plot a board's copper, mask, paste, outline (Gerber X2) and drill (Excellon) files into a folder."""

import os

import pcbnew

# The layers bumpcheck reads: pads, mask, deposit (paste) on each side, and the outline.
PLOTTED_LAYERS = (
    pcbnew.F_Cu, pcbnew.B_Cu,
    pcbnew.F_Mask, pcbnew.B_Mask,
    pcbnew.F_Paste, pcbnew.B_Paste,
    pcbnew.Edge_Cuts,
)


def plot_board(board, out_dir):
    """Write the Gerber and drill files of `board` into `out_dir`; returns their paths, sorted.

    Coordinates stay in board units with y negated (no auxiliary origin), so a finding's Gerber
    (x, y) in mm is board point (x, -y).
    """
    os.makedirs(out_dir, exist_ok=True)
    controller = pcbnew.PLOT_CONTROLLER(board)
    options = controller.GetPlotOptions()
    options.SetOutputDirectory(out_dir)
    options.SetFormat(pcbnew.PLOT_FORMAT_GERBER)
    options.SetUseGerberX2format(True)
    options.SetUseGerberAttributes(True)
    # .C/.P/.N object attributes: findings name the component and pin
    options.SetIncludeGerberNetlistInfo(True)
    options.SetGerberPrecision(6)
    options.SetDisableGerberMacros(False)
    options.SetCreateGerberJobFile(False)
    options.SetUseGerberProtelExtensions(False)
    options.SetUseAuxOrigin(False)
    options.SetSubtractMaskFromSilk(False)
    options.SetPlotFrameRef(False)
    options.SetMirror(False)
    options.SetScale(1)
    options.SetSkipPlotNPTH_Pads(False)
    options.SetDrillMarksType(pcbnew.PCB_PLOT_PARAMS.NO_DRILL_SHAPE)

    written = []
    for layer in PLOTTED_LAYERS:
        if not board.IsLayerEnabled(layer):
            continue
        suffix = board.GetLayerName(layer).replace(".", "_")
        controller.SetLayer(layer)
        if not controller.OpenPlotfile(suffix, pcbnew.PLOT_FORMAT_GERBER, suffix):
            raise RuntimeError("KiCad could not open the plot file for %s in %s" % (suffix, out_dir))
        controller.PlotLayer()
        written.append(controller.GetPlotFileName())
        controller.ClosePlot()

    drill = pcbnew.EXCELLON_WRITER(board)
    # full header: KiCad writes the X2 file function and .AperFunction (ViaDrill…) as `; #@!` comments
    drill.SetOptions(False, False, pcbnew.wxPoint(0, 0), False)
    drill.SetFormat(True, pcbnew.EXCELLON_WRITER.DECIMAL_FORMAT, 3, 3)
    drill.SetRouteModeForOvalHoles(False)
    drill.CreateDrillandMapFilesSet(out_dir, True, False)
    base = os.path.splitext(os.path.basename(board.GetFileName()))[0]
    for name in (base + "-PTH.drl", base + "-NPTH.drl"):
        path = os.path.join(out_dir, name)
        if os.path.exists(path):
            written.append(path)
    return sorted(written)

"""bumpcheck for KiCad 6: an action plugin that checks the open board for metal-bump rules.

Headless use (no wx): `from bumpcheck_kicad.check import run_check`.
"""


def _has_gui():
    try:
        import wx
    except ImportError:
        return False
    return wx.GetApp() is not None


if _has_gui():
    from .action import BumpcheckAction

    try:
        BumpcheckAction().register()
    except (SystemError, AssertionError):
        # a wx app that is not KiCad (no KiCad program object to register with): nothing to add to
        pass

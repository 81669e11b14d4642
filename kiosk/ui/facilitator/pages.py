"""The facilitator pages of the main window, by name: every one is behind the PIN.

Each page is a :class:`kiosk.ui.screen.KioskScreen` built as ``Page(ctx)`` and shown by the window only
with a still-valid unlock (:meth:`kiosk.ui.window.MainWindow.request_facilitator`). Pages ask to go to
another page with a ``open_page = Signal(str)`` of their own (a name of this table); « Retour au kiosque »
and « Quitter » are the panel's ``leave`` and ``quit_requested``. The room's vote is not here: it is a
visitor-facing page (:class:`kiosk.ui.facilitator.debate_vote.VoteScreen`) that the pause-débat hands the
kiosk to.
"""

from __future__ import annotations

from kiosk.ui.facilitator.careers_group import CareersGroupView
from kiosk.ui.facilitator.debate import DebateScreen
from kiosk.ui.facilitator.panel import FacilitatorPanel
from kiosk.ui.screen import ScreenFactory

HOME_PAGE = "panel"


def facilitator_pages() -> dict[str, ScreenFactory]:
    """``{name: factory}`` of every facilitator page; the first is where the corner's long press leads."""
    return {
        HOME_PAGE: FacilitatorPanel,
        "debate": DebateScreen,
        "careers_group": CareersGroupView,
    }

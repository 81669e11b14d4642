"""The main window: a stack of pages driven by :class:`kiosk.flow.VisitorFlow`.

Every page implements :class:`kiosk.ui.screen.KioskScreen` and is built as ``Page(ctx)``: attract, home,
the visitor activities (:mod:`kiosk.ui.activities`), the PIN pad, the facilitator pages
(:mod:`kiosk.ui.facilitator.pages`) and the room's vote. The window only navigates: it asks the flow,
hands the events the flow returns to the log, and calls ``start`` / ``reset`` / ``retranslate``.

The facilitator side is locked tight: **every** way into a facilitator page — the corner's long press, the
vote page's « Terminer le vote », a page's own buttons — goes through :meth:`MainWindow.request_facilitator`,
which opens the page only with a still-valid unlock (the flow's) and otherwise shows the PIN pad first.
Facilitator pages and the PIN pad go back to the attract screen after their own idle delay
(``facilitator_idle_s``); the vote page never times out (the room is voting) and leaving it needs the PIN.

Kiosk mode: no frame, full screen on the chosen screen, and Esc, Alt+F4 (close event), Ctrl+Q and Ctrl+W
are refused; the only way out is the panel's « Quitter » (confirmed), behind the PIN. Each page change is a
``screen <name>`` line in the log (support and the end-to-end test follow the kiosk with it).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QSizePolicy, QStackedWidget, QWidget

from kiosk.debate import Debate
from kiosk.flow import IdlePhase, Screen
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.debate_vote import VoteScreen
from kiosk.ui.facilitator.pages import HOME_PAGE, facilitator_pages
from kiosk.ui.overlays import ErrorOverlay, IdleOverlay
from kiosk.ui.screen import ScreenFactory, check_screen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.theme import stylesheet
from kiosk.ui.widgets.corner import CornerHotspot
from kiosk.ui.widgets.pinpad import PinPad

log = logging.getLogger("kiosk")

BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Q, Qt.Key.Key_W}
TOUCH_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress, QEvent.Type.Wheel}
IDLE_TICK_MS = 250
ERROR_SHOW_MS = 4000


class MainWindow(QMainWindow):
    first_frame = Signal()

    def __init__(self, ctx: KioskContext, *, kiosk_mode: bool, activities: dict[str, ScreenFactory]) -> None:
        super().__init__()
        self.ctx = ctx
        self.kiosk_mode = kiosk_mode
        self._may_close = not kiosk_mode
        self._painted = False
        self._after_pin: str | None = None  # the facilitator page the PIN pad leads to
        self.setWindowTitle(ctx.tr.tr("app.window_title"))
        self.stack = QStackedWidget()
        # No page's minimum may push the window past its screen (larger text, a long word): the window keeps
        # its size and the pages fit it (tests/ui/test_layout.py checks that every page does).
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setCentralWidget(self.stack)
        self.attract = AttractScreen(ctx)
        self.home = HomeScreen(ctx, list(activities))
        self.activities: dict[str, QWidget] = {name: factory(ctx) for name, factory in activities.items()}
        self.pinpad = PinPad(ctx)
        self.pages: dict[str, QWidget] = {name: factory(ctx) for name, factory in facilitator_pages().items()}
        self.facilitator = self.pages[HOME_PAGE]
        self.vote = VoteScreen(ctx)
        for page in self.screens():
            self.stack.addWidget(check_screen(page))
        self.corner = CornerHotspot(self.stack, ctx.settings.facilitator_hold_ms, ctx.clock)
        self.idle_overlay = IdleOverlay(self.stack, ctx.tr)
        self.error_overlay = ErrorOverlay(self.stack, ctx.tr)
        self._wire()
        self._idle_timer = QTimer(self, interval=IDLE_TICK_MS)
        self._idle_timer.timeout.connect(self.tick)
        self._idle_timer.start()
        QApplication.instance().installEventFilter(self)
        self.show_screen(Screen.ATTRACT)

    def screens(self) -> list[QWidget]:
        """Every page of the stack (each a :class:`~kiosk.ui.screen.KioskScreen`)."""
        return [self.attract, self.home, *self.activities.values(), self.pinpad, *self.pages.values(), self.vote]

    def _wire(self) -> None:
        signals = self.ctx.signals
        self.attract.touched.connect(self.start_visit)
        self.home.activity_chosen.connect(self.open_activity)
        signals.accessibility_changed.connect(self.apply_style)
        signals.language_changed.connect(self.set_language)
        signals.go_home.connect(self.go_home)
        self.corner.activated.connect(lambda: self.request_facilitator(HOME_PAGE))
        self.pinpad.accepted.connect(self._pin_accepted)
        self.pinpad.cancelled.connect(self._pin_cancelled)
        for page in self.pages.values():
            page.open_page.connect(self.request_facilitator)
        self.facilitator.leave.connect(self.close_facilitator)
        self.facilitator.quit_requested.connect(self.quit_kiosk)
        self.pages["debate"].vote_requested.connect(self.open_vote)
        self.vote.end_requested.connect(lambda: self.request_facilitator("debate"))
        self.idle_overlay.stay.connect(self.stay)

    # --- navigation --------------------------------------------------------------------------
    def show_screen(self, screen: Screen) -> None:
        """The page of a visitor-side flow screen (attract, home, an activity, the vote)."""
        widget = {Screen.ATTRACT: self.attract, Screen.HOME: self.home, Screen.VOTE: self.vote}.get(screen)
        if widget is None:
            widget = self.activities[screen.value]
        self._show(widget, screen.value)

    def _show(self, widget: QWidget, name: str) -> None:
        """Make ``widget`` the current page; the log line lets support (and the e2e test) follow the kiosk."""
        if self.stack.currentWidget() is not widget:
            log.info("screen %s", name)
        self.stack.setCurrentWidget(widget)
        self.corner.raise_()

    def start_visit(self) -> None:
        self.ctx.log(self.ctx.flow.start_visit())
        self.show_screen(Screen.HOME)

    def open_activity(self, activity: str) -> None:
        self.ctx.log(self.ctx.flow.open_activity(activity))
        self.activities[activity].start()
        self.show_screen(Screen(activity))

    def go_home(self) -> None:
        self.ctx.flow.go_home()
        self.show_screen(Screen.HOME)

    # --- the facilitator side ----------------------------------------------------------------
    def request_facilitator(self, page: str = HOME_PAGE) -> None:
        """The one way into a facilitator page: at once with a still-valid unlock, else the PIN pad first."""
        if page not in self.pages:
            raise ValueError(f"unknown facilitator page {page!r}")
        if self.ctx.flow.unlocked:
            self._open_page(page)
        else:
            self._after_pin = page
            self.open_pinpad()

    def open_pinpad(self) -> None:
        self.idle_overlay.hide()
        self.ctx.flow.open_pin()
        self.pinpad.start()
        self._show(self.pinpad, "pinpad")

    def _pin_accepted(self) -> None:
        page, self._after_pin = self._after_pin or HOME_PAGE, None
        self.ctx.flow.unlock()
        self._open_page(page)

    def _pin_cancelled(self) -> None:
        """Back to what was under the pad, as it was (language included)."""
        self._after_pin = None
        self.ctx.flow.close_pin()
        self.pinpad.reset()
        if self.ctx.flow.screen is Screen.FACILITATOR:  # the unlock lapsed under the pad: nothing to go back to
            self.reset_visitor(reason="idle")
        else:
            self.show_screen(self.ctx.flow.screen)

    def _open_page(self, page: str) -> None:
        """Show a facilitator page (the unlock is valid): a visitor in front of the kiosk is gone first."""
        flow = self.ctx.flow
        if flow.screen is Screen.VOTE:
            self.vote.reset()  # the room's round closes, behind the PIN
        elif flow.screen is not Screen.FACILITATOR:
            self._reset_pages(self.activities.values())  # their abandon events keep the visitor's token
        self.ctx.log(flow.open_facilitator())
        self._restore_visitor_settings()
        self.pages[page].start()
        self._show(self.pages[page], "facilitator" if page == HOME_PAGE else page)

    def open_vote(self, debate: Debate) -> None:
        """The pause-débat hands the kiosk to the room: the vote page, the facilitator side locked."""
        self.ctx.log(self.ctx.flow.open_vote())
        self.vote.open(debate)
        self.vote.start()
        self.show_screen(Screen.VOTE)

    def close_facilitator(self) -> None:
        """« Retour au kiosque »: locked again, the attract screen waits for the next visitor."""
        self.reset_visitor(reason="facilitator")

    def quit_kiosk(self) -> None:
        """Leave the app: only reachable from the panel's confirmed « Quitter », i.e. after the PIN."""
        log.info("quit confirmed")
        self._may_close = True
        self.close()
        QApplication.instance().quit()

    # --- idle, language, accessibility -------------------------------------------------------
    def tick(self) -> None:
        status = self.ctx.flow.tick()
        if status.phase is IdlePhase.ACTIVE:
            self.idle_overlay.hide()
        elif status.phase is IdlePhase.WARNING:
            self.idle_overlay.show_countdown(status.seconds_left)
        elif self.ctx.flow.pin_open and self.ctx.flow.screen is Screen.VOTE:
            self._pin_cancelled()  # a PIN pad left over the room's vote: the vote goes on
        else:
            self.reset_visitor(reason="idle")

    def stay(self) -> None:
        self.ctx.flow.touch()
        self.idle_overlay.hide()

    def reset_visitor(self, reason: str = "idle") -> None:
        """Back to attract, locked: every page forgets whoever used it (their logged events stay)."""
        self._reset_pages(self.screens())  # first: what they log still has the visitor's token
        self._after_pin = None
        self.ctx.log(self.ctx.flow.reset(reason))
        self.idle_overlay.hide()
        self._restore_visitor_settings()
        self.show_screen(Screen.ATTRACT)

    def _reset_pages(self, pages) -> None:
        for page in pages:
            page.reset()

    def _restore_visitor_settings(self) -> None:
        """The kiosk's default language and accessibility (after a visitor, or for a facilitator page)."""
        self.set_language(self.ctx.flow.default_language)
        self.ctx.set_accessibility(
            large_text=self.ctx.settings.large_text, high_contrast=self.ctx.settings.high_contrast
        )

    def set_language(self, language: str) -> None:
        self.ctx.log(self.ctx.flow.set_language(language))
        if self.ctx.tr.language == language:
            return
        self.ctx.tr.language = language
        self.setWindowTitle(self.ctx.tr.tr("app.window_title"))
        for page in self.screens():
            page.retranslate()

    def apply_style(self) -> None:
        """Restyle the whole app for the current visitor's larger-text / contrast choice."""
        QApplication.instance().setStyleSheet(
            stylesheet(large_text=self.ctx.large_text, high_contrast=self.ctx.high_contrast)
        )

    # --- errors ------------------------------------------------------------------------------
    def show_error(self) -> None:
        """The friendly error screen for a few seconds, then the attract screen."""
        try:
            self.reset_visitor(reason="error")
        except Exception:
            log.exception("reset after an error failed")
        self.error_overlay.show_error()
        QTimer.singleShot(ERROR_SHOW_MS, self.error_overlay.hide)

    # --- kiosk lock-down ---------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in TOUCH_EVENTS:
            self.ctx.flow.touch()
            if event.type() == QEvent.Type.KeyPress and self._refuse_key(event):
                return True
        return False

    def _refuse_key(self, event: QKeyEvent) -> bool:
        if not self.kiosk_mode:
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape:
            return True
        if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
            return True
        return key in (Qt.Key.Key_Q, Qt.Key.Key_W) and bool(mods & Qt.KeyboardModifier.ControlModifier)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._may_close:
            event.accept()
        else:
            log.info("close refused in kiosk mode")
            event.ignore()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        for overlay in (self.idle_overlay, self.error_overlay):
            overlay.follow()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            log.info("first frame painted")
            self.first_frame.emit()

    def show_for_mode(self, screen_index: int = 0) -> None:
        """Windowed 1280×800 for development; frameless full screen on ``screen_index`` in kiosk mode."""
        if not self.kiosk_mode:
            self.resize(1280, 800)
            self.show()
            return
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        screens = QApplication.screens()
        target = screens[screen_index] if screen_index < len(screens) else screens[0]
        self.setGeometry(target.geometry())
        self.showFullScreen()

"""The main window: a stack of screens driven by :class:`kiosk.flow.VisitorFlow`.

Kiosk mode: no frame, full screen on the chosen screen, and Esc, Alt+F4 (close event), Ctrl+Q and
Ctrl+W are refused; the only way out is the facilitator panel, behind the PIN. The facilitator entry
is a long press in the top-left corner (see :mod:`kiosk.ui.widgets.corner`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from kiosk.flow import IdlePhase, Screen
from kiosk.ui.activities import ScreenFactory
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.panel import FacilitatorPanel
from kiosk.ui.overlays import ErrorOverlay, IdleOverlay
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
        self.setWindowTitle(ctx.tr.tr("app.window_title"))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.attract = AttractScreen(ctx)
        self.home = HomeScreen(ctx, list(activities))
        self.pinpad = PinPad(ctx.pin_gate, ctx.tr)
        self.facilitator = FacilitatorPanel(ctx)
        self.activities: dict[str, QWidget] = {name: factory(ctx) for name, factory in activities.items()}
        for widget in (self.attract, self.home, self.pinpad, self.facilitator, *self.activities.values()):
            self.stack.addWidget(widget)
        self.corner = CornerHotspot(self.stack, ctx.settings.facilitator_hold_ms, ctx.clock)
        self.idle_overlay = IdleOverlay(self.stack, ctx.tr)
        self.error_overlay = ErrorOverlay(self.stack, ctx.tr)
        self._wire()
        self._idle_timer = QTimer(self, interval=IDLE_TICK_MS)
        self._idle_timer.timeout.connect(self.tick)
        self._idle_timer.start()
        QApplication.instance().installEventFilter(self)
        self.show_screen(Screen.ATTRACT)

    def _wire(self) -> None:
        signals = self.ctx.signals
        self.attract.touched.connect(self.start_visit)
        self.home.activity_chosen.connect(self.open_activity)
        signals.accessibility_changed.connect(self.apply_style)
        self.corner.activated.connect(self.open_pinpad)
        self.pinpad.accepted.connect(self.open_facilitator)
        self.pinpad.cancelled.connect(lambda: self.show_screen(self.ctx.flow.screen))
        self.facilitator.leave.connect(self.close_facilitator)
        self.facilitator.quit_requested.connect(self.quit_kiosk)
        self.idle_overlay.stay.connect(self.stay)
        signals.language_changed.connect(self.set_language)
        signals.go_home.connect(self.go_home)

    # --- navigation --------------------------------------------------------------------------
    def show_screen(self, screen: Screen) -> None:
        widget = {Screen.ATTRACT: self.attract, Screen.HOME: self.home, Screen.FACILITATOR: self.facilitator}.get(
            screen
        ) or self.activities[screen.value]
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
        screen = self.activities[activity]
        if hasattr(screen, "start"):
            screen.start()
        self.show_screen(Screen(activity))

    def go_home(self) -> None:
        self.ctx.flow.go_home()
        self.show_screen(Screen.HOME)

    def open_pinpad(self) -> None:
        self.idle_overlay.hide()
        self.pinpad.open()
        self._show(self.pinpad, "pinpad")

    def open_facilitator(self) -> None:
        self.ctx.flow.open_facilitator()
        self.show_screen(Screen.FACILITATOR)

    def close_facilitator(self) -> None:
        self.reset_visitor(reason="facilitator")

    def quit_kiosk(self) -> None:
        """Leave the app: only reachable from the facilitator panel, i.e. after the PIN."""
        self._may_close = True
        self.close()
        QApplication.instance().quit()

    # --- idle, language, accessibility -------------------------------------------------------
    def tick(self) -> None:
        if self.stack.currentWidget() is self.pinpad:
            return
        status = self.ctx.flow.tick()
        if status.phase is IdlePhase.ACTIVE:
            self.idle_overlay.hide()
        elif status.phase is IdlePhase.WARNING:
            self.idle_overlay.show_countdown(status.seconds_left)
        else:
            self.reset_visitor(reason="idle")

    def stay(self) -> None:
        self.ctx.flow.touch()
        self.idle_overlay.hide()

    def reset_visitor(self, reason: str = "idle") -> None:
        """Back to attract: the visitor's state is gone (their logged events stay)."""
        for screen in self.activities.values():  # first: what they log still has the visitor's token
            if hasattr(screen, "reset"):
                screen.reset()
        self.ctx.log(self.ctx.flow.reset(reason))
        self.idle_overlay.hide()
        self.set_language(self.ctx.flow.default_language)
        self.ctx.set_accessibility(
            large_text=self.ctx.settings.large_text, high_contrast=self.ctx.settings.high_contrast
        )
        self.show_screen(Screen.ATTRACT)

    def set_language(self, language: str) -> None:
        self.ctx.log(self.ctx.flow.set_language(language))
        self.ctx.tr.language = language
        self.setWindowTitle(self.ctx.tr.tr("app.window_title"))
        for widget in (self.attract, self.home, self.pinpad, self.facilitator, *self.activities.values()):
            if hasattr(widget, "retranslate"):
                widget.retranslate()

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
            if overlay.isVisible():
                overlay.setGeometry(self.stack.rect())

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

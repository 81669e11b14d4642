"""The projector window: black, frameless, full screen on the projector's display — never the desktop.

:meth:`OutputWindow.place` puts it on a screen (full screen, no frame, always on top, no cursor) or, with
``None``, in a **rehearsal window** on the console's screen (when the laptop has one screen, or the
projector is unplugged), showing the projector's whole picture letterboxed. The window is black from the
first paint, so switching screens never flashes the desktop, and it refuses to be closed by a stray
Alt+F4 (only :meth:`release` closes it).

When the projector's screen disappears (a pulled cable), the window falls back to the rehearsal window
at once and emits :attr:`OutputWindow.screen_lost` with the screen's name; when a screen of that name
comes back it returns to it and emits :attr:`OutputWindow.screen_back`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QGuiApplication, QPalette, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

REHEARSAL_SIZE = (960, 540)


def screen_label(screen: QScreen) -> tuple[str, int, int]:
    """(name, width, height in device pixels) of ``screen``."""
    size = screen.geometry().size() * screen.devicePixelRatio()
    return screen.name(), int(size.width()), int(size.height())


class OutputWindow(QWidget):
    """See the module docstring; ``surface`` is the back end's widget."""

    screen_lost = Signal(str)
    screen_back = Signal(str)

    def __init__(self, surface: QWidget, title: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(title)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(0, 0, 0))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(surface)
        self.target: QScreen | None = None
        self.wanted_name: str | None = None  # the projector we were asked for (kept while it is unplugged)
        self._closing = False
        app = QGuiApplication.instance()
        app.screenRemoved.connect(self._screen_removed)  # type: ignore[attr-defined]
        app.screenAdded.connect(self._screen_added)  # type: ignore[attr-defined]

    def set_surface(self, surface: QWidget) -> QWidget | None:
        """Show ``surface`` (another back end's widget) instead of the current one; returns the old one,
        taken out of the window (the caller releases it)."""
        layout = self.layout()
        item = layout.takeAt(0) if layout.count() else None
        old = item.widget() if item is not None else None
        if old is not None:
            old.hide()
            old.setParent(None)  # type: ignore[call-overload]
        layout.addWidget(surface)
        surface.show()
        return old

    @property
    def rehearsal(self) -> bool:
        return self.target is None

    def place(self, screen: QScreen | None, remember: bool = True) -> None:
        """Full screen on ``screen``, or the rehearsal window (``None``)."""
        if remember:
            self.wanted_name = screen.name() if screen is not None else None
        self.target = screen
        self.hide()
        if screen is None:
            self.setWindowFlags(Qt.WindowType.Window)
            self.unsetCursor()
            console = QGuiApplication.primaryScreen()
            self.resize(*REHEARSAL_SIZE)
            if console is not None:
                corner = console.availableGeometry().topRight() - QPoint(REHEARSAL_SIZE[0] + 40, -40)
                self.move(corner)
            self.show()
            return
        self.setWindowFlags(
            Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setGeometry(screen.geometry())
        self.show()
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        self.showFullScreen()

    def _screen_removed(self, screen: QScreen) -> None:
        if self.target is not None and screen is self.target:
            name = screen.name()
            self.place(None, remember=False)
            self.screen_lost.emit(name)

    def _screen_added(self, screen: QScreen) -> None:
        if self.target is None and self.wanted_name is not None and screen.name() == self.wanted_name:
            self.place(screen)
            self.screen_back.emit(screen.name())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._closing:
            super().closeEvent(event)
        else:
            event.ignore()  # never leave the dome on the desktop by a stray Alt+F4

    def release(self) -> None:
        """Close for good (the station stops)."""
        self._closing = True
        app = QGuiApplication.instance()
        try:
            app.screenRemoved.disconnect(self._screen_removed)  # type: ignore[attr-defined]
            app.screenAdded.disconnect(self._screen_added)  # type: ignore[attr-defined]
        except (RuntimeError, TypeError):
            pass
        self.close()

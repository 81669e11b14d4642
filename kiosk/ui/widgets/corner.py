"""The discreet facilitator entry: a long press in the top-left corner of any screen.

An invisible :data:`SIZE_PX` square that sits above the screens. Holding it for ``hold_ms`` (setting
``facilitator_hold_ms``, default 1.5 s) emits :attr:`CornerHotspot.activated`; a quick tap does nothing
and passes unnoticed by visitors. The hold is measured on the injected clock (``ctx.clock``), polled every
:data:`POLL_MS` while the finger is down, so tests move a fake clock instead of waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from kiosk.log.clock import Clock

SIZE_PX = 72  # the hotspot's side; screens keep their own controls out of it (see CORNER_MARGIN_PX)
CORNER_MARGIN_PX = SIZE_PX + 8  # left margin of a screen's top row, so no button sits under the hotspot
POLL_MS = 50


class CornerHotspot(QWidget):
    activated = Signal()

    def __init__(self, parent: QWidget, hold_ms: int, clock: Clock) -> None:
        super().__init__(parent)
        self.setObjectName("corner_hotspot")
        self.setFixedSize(SIZE_PX, SIZE_PX)
        self.setStyleSheet("background: transparent;")
        self._hold_s = hold_ms / 1000
        self._clock = clock
        self._pressed_at: float | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._check)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._pressed_at = self._clock.monotonic()
        self._poll.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._release()
        event.accept()

    def _release(self) -> None:
        self._pressed_at = None
        self._poll.stop()

    def _check(self) -> None:
        """Fire once the finger has stayed down for the hold time."""
        if self._pressed_at is not None and self._clock.monotonic() - self._pressed_at >= self._hold_s:
            self._release()
            self.activated.emit()

"""The discreet facilitator entry: a long press in the top-left corner of any screen.

An invisible 72 × 72 px square that sits above the screens. Holding it for ``hold_ms`` (setting
``facilitator_hold_ms``, default 1.5 s) emits :attr:`CornerHotspot.activated`; a quick tap does nothing
and passes unnoticed by visitors.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

SIZE_PX = 72


class CornerHotspot(QWidget):
    activated = Signal()

    def __init__(self, parent: QWidget, hold_ms: int) -> None:
        super().__init__(parent)
        self.setObjectName("corner_hotspot")
        self.setFixedSize(SIZE_PX, SIZE_PX)
        self.setStyleSheet("background: transparent;")
        self._timer = QTimer(self, singleShot=True, interval=hold_ms)
        self._timer.timeout.connect(self.activated)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        event.accept()

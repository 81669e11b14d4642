"""The attract screen: a big friendly title in both languages; touching anywhere starts a visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.context import KioskContext


class AttractScreen(QWidget):
    touched = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("attract")
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel(objectName="subtitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.touch = QLabel(objectName="big", alignment=Qt.AlignmentFlag.AlignCenter)
        self.touch.setWordWrap(True)
        self.other = QLabel(objectName="subtitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.emoji = QLabel("☕  💬  🌐", alignment=Qt.AlignmentFlag.AlignCenter, objectName="title")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (self.emoji, self.title, self.subtitle):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.touch)
        layout.addWidget(self.other)
        layout.addStretch(2)
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._dim = False
        self._pulse = QTimer(self, interval=1200)
        self._pulse.timeout.connect(self._blink)
        self._pulse.start()
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.ctx.tr
        self.title.setText(tr.tr("attract.title"))
        self.subtitle.setText(tr.tr("attract.subtitle"))
        self.touch.setText(tr.tr("attract.touch"))
        self.other.setText(tr.tr("attract.touch_other"))

    def _blink(self) -> None:
        """A slow pulse of the « touch » line, so passers-by see the screen is alive."""
        self._dim = not self._dim
        self.touch.setStyleSheet("color: rgba(255, 204, 77, 140);" if self._dim else "")

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        event.accept()
        self.touched.emit()

"""The attract screen: a big friendly title in both languages; touching anywhere starts a visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.context import KioskContext


def _label(name: str) -> QLabel:
    """A centred line that wraps when the screen is narrow."""
    return QLabel(objectName=name, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)


class AttractScreen(QWidget):
    touched = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("attract")
        self.title = _label("title")
        self.subtitle = _label("subtitle")
        self.touch = _label("big")
        self.other = _label("subtitle")
        self.emoji = _label("title")
        self.emoji.setText("☕  💬  🌐")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
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

    def start(self) -> None:
        """Shown again (kiosk.ui.screen.KioskScreen): nothing to prepare, the pulse runs on."""

    def reset(self) -> None:
        """Nothing per visitor here."""

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

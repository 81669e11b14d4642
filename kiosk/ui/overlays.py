"""Full-window overlays: the « Toujours là ? » countdown and the friendly error screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.ui.widgets.touch import touch_button


class Overlay(QWidget):
    """A translucent layer covering its parent, with a centred message."""

    def __init__(self, parent: QWidget, object_name: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QWidget#{object_name} {{ background: rgba(5, 12, 24, 225); }}")
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter)
        self.body = QLabel(objectName="big", alignment=Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addStretch()
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.body)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()


class IdleOverlay(Overlay):
    """Shown during the countdown; a tap anywhere (or on the button) means « je suis là »."""

    stay = Signal()

    def __init__(self, parent: QWidget, tr: Translator) -> None:
        super().__init__(parent, "idle_overlay")
        self.tr = tr
        self.button = touch_button("", name="primary", min_height=120)
        self.button.clicked.connect(self.stay)
        self.layout_.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.layout_.addStretch()

    def show_countdown(self, seconds_left: float) -> None:
        self.title.setText(self.tr.tr("idle.title"))
        self.body.setText(self.tr.tr("idle.countdown", seconds=int(seconds_left + 0.999)))
        self.button.setText(self.tr.tr("idle.stay"))
        if not self.isVisible():
            self.cover()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        event.accept()
        self.stay.emit()


class ErrorOverlay(Overlay):
    """The friendly screen after an unexpected error; the window returns to attract behind it."""

    def __init__(self, parent: QWidget, tr: Translator) -> None:
        super().__init__(parent, "error_overlay")
        self.tr = tr
        self.layout_.addStretch()

    def show_error(self) -> None:
        self.title.setText("🛠️  " + self.tr.tr("error.title"))
        self.body.setText(self.tr.tr("error.body"))
        self.cover()

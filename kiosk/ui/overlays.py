"""Full-window overlays: the « Toujours là ? » countdown, the friendly error screen, and a confirmation."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.ui.theme import NORMAL
from kiosk.ui.widgets.touch import touch_button

log = logging.getLogger("kiosk")


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

    def follow(self) -> None:
        """The parent was resized: cover it again (the window calls this from its resize event)."""
        if self.isVisible():
            self.setGeometry(self.parentWidget().rect())


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


class ConfirmOverlay(Overlay):
    """« One more tap »: what an irreversible action will do, then « Annuler » or the action itself.

    The facts (e.g. « 45 visiteurs enregistrés ») are given by the caller in the current language. The two
    buttons sit at the bottom right of the covered area, the action rightmost, away from the button that
    asked (so a double tap never confirms). Emits :attr:`confirmed` or :attr:`cancelled`, then hides.
    """

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget, tr: Translator, object_name: str = "confirm_overlay") -> None:
        super().__init__(parent, object_name)
        self.tr = tr
        self.title.setWordWrap(True)
        self.body.setObjectName("subtitle")
        self.cancel = touch_button("", min_height=80)
        self.cancel.clicked.connect(lambda: self._answer(self.cancelled))
        self.action = touch_button("", name="danger", min_height=80)
        self.action.setObjectName("confirm_action")
        self.action.clicked.connect(lambda: self._answer(self.confirmed))
        self.layout_.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.cancel)
        row.addSpacing(24)
        row.addWidget(self.action)
        self.layout_.addLayout(row)
        self.layout_.setContentsMargins(48, 32, 32, 32)
        self.setStyleSheet(
            self.styleSheet()
            + f" QPushButton#confirm_action {{ background: {NORMAL.bad}; color: #ffffff; font-weight: bold; }}"
        )

    def ask(self, title: str, facts: list[str], action: str, *, name: str = "") -> None:
        """Cover the parent with ``title``, one line per fact and the ``action`` button's text.

        ``name`` goes to the kiosk's log (``confirm: <name>``) so support can follow what was asked.
        """
        log.info("confirm: %s", name or action)
        self.title.setText(title)
        self.body.setText("\n".join(facts))
        self.action.setText(action)
        self.cancel.setText(self.tr.tr("facilitator.confirm_cancel"))
        self.cover()

    def _answer(self, signal) -> None:
        self.hide()
        signal.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API: a tap beside the buttons does nothing
        event.accept()

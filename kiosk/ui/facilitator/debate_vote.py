"""The room votes on the kiosk: one poll, big choice buttons, each tap one ``poll_vote`` of the open round.

A visitor-facing page of the main window (flow screen ``VOTE``): the pause-débat hands it a
:class:`kiosk.debate.Debate` with its round open, and the facilitator side is locked meanwhile. No result is
shown while voting (the facilitator reveals it later); each tap only says « Vote reçu » and the number of
votes so far. A short cool-down after a tap avoids double votes from one finger. « Terminer le vote » asks
the window to go back to the pause-débat — through the PIN; the round closes when the kiosk leaves this
page (:meth:`VoteScreen.reset`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.debate import Debate
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button

COOLDOWN_MS = 700


class VoteScreen(QWidget):
    end_requested = Signal()  # « Terminer le vote »: back to the pause-débat, behind the PIN

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.debate: Debate | None = None
        self.cooldown_ms = COOLDOWN_MS
        self.buttons: dict[str, QPushButton] = {}
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel(objectName="subtitle", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.prompt.setStyleSheet("font-size: 34px; font-weight: bold;")
        self.hint = QLabel(objectName="hint", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.thanks = QLabel(objectName="vote_thanks", alignment=Qt.AlignmentFlag.AlignCenter)
        self.thanks.setStyleSheet("font-size: 30px; font-weight: bold; color: #7ee2a8;")
        self.tally = QLabel(objectName="hint")
        self.choices = QVBoxLayout()
        self.choices.setSpacing(14)
        box = QWidget()
        box.setLayout(self.choices)
        self.end = touch_button("", name="danger", min_height=64)
        self.end.setObjectName("end_vote")
        self.end.clicked.connect(self.end_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.tally)
        bottom.addStretch()
        bottom.addWidget(self.end)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CORNER_MARGIN_PX, 8, 24, 12)
        for widget in (self.title, self.prompt, self.hint):
            layout.addWidget(widget)
        layout.addWidget(kinetic_scroll(box), 1)
        layout.addWidget(self.thanks)
        layout.addLayout(bottom)

    def open(self, debate: Debate) -> None:
        """Show the poll of ``debate`` (its round already open) with one big button per choice."""
        self.debate = debate
        while self.choices.count():
            item = self.choices.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        self.buttons = {}
        for choice in debate.question.choices:
            button = touch_button("", name="vote_choice", min_height=96)
            button.setStyleSheet("font-size: 30px; text-align: left; padding: 16px 28px;")
            button.clicked.connect(lambda _=False, c=choice.id: self.vote(c))
            self.buttons[choice.id] = button
            self.choices.addWidget(button)
        self.choices.addStretch()
        self.thanks.setText("")
        self.retranslate()

    def vote(self, choice_id: str) -> None:
        if self.debate is None or not self.debate.voting:
            return
        self.ctx.log(self.debate.vote(choice_id))
        self.thanks.setText(self.ctx.tr.tr("debate.vote_thanks"))
        self.tally.setText(self.ctx.tr.plural("debate.vote_count", self.debate.votes))
        if self.cooldown_ms > 0:
            for button in self.buttons.values():
                button.setEnabled(False)
            QTimer.singleShot(self.cooldown_ms, self._ready)

    def _ready(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.thanks.setText("")

    # --- the screen protocol -----------------------------------------------------------------
    def start(self) -> None:
        """Shown to the room: the buttons are ready."""
        self._ready()

    def reset(self) -> None:
        """The kiosk leaves the vote (back behind the PIN, or a reset): the round closes, committed at once."""
        if self.debate is not None:
            self.ctx.log_now(self.debate.close())
        self.debate = None

    def retranslate(self) -> None:
        tr, language = self.ctx.tr, self.ctx.tr.language
        self.title.setText("🗳️  " + tr.tr("debate.vote_title"))
        self.hint.setText(tr.tr("debate.vote_hint"))
        self.end.setText(tr.tr("debate.end_vote"))
        self.tally.setText(tr.plural("debate.vote_count", self.debate.votes if self.debate else 0))
        if self.debate is not None:
            self.prompt.setText(self.debate.question.prompt.get(language))
            for choice in self.debate.question.choices:
                self.buttons[choice.id].setText(choice.text.get(language))

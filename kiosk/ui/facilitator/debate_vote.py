"""The room votes on the kiosk: one poll, big choice buttons, each tap is one ``poll_vote`` event.

No result is shown while voting (the facilitator reveals it later); each tap only says « Vote reçu »
and the number of votes so far. A short cool-down after a tap avoids double votes from one finger.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.content.models import Question, Quiz
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button

COOLDOWN_MS = 700


class VoteView(QWidget):
    finished = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.quiz: Quiz | None = None
        self.poll: Question | None = None
        self.round = 1
        self.count = 0
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
        scroll = kinetic_scroll(box)
        self.end = touch_button("", name="danger", min_height=64)
        self.end.setObjectName("end_vote")
        self.end.clicked.connect(self.finished)
        bottom = QHBoxLayout()
        bottom.addWidget(self.tally)
        bottom.addStretch()
        bottom.addWidget(self.end)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CORNER_MARGIN_PX, 8, 24, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.prompt)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.thanks)
        layout.addLayout(bottom)

    def open(self, quiz: Quiz, poll: Question, round_: int) -> None:
        self.quiz, self.poll, self.round, self.count = quiz, poll, round_, 0
        while self.choices.count():
            item = self.choices.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        self.buttons = {}
        for choice in poll.choices:
            button = touch_button("", name="vote_choice", min_height=96)
            button.setStyleSheet("font-size: 30px; text-align: left; padding: 16px 28px;")
            button.clicked.connect(lambda _=False, c=choice.id: self.vote(c))
            self.buttons[choice.id] = button
            self.choices.addWidget(button)
        self.choices.addStretch()
        self.thanks.setText("")
        self.retranslate()

    def vote(self, choice_id: str) -> None:
        if self.poll is None or self.quiz is None:
            return
        payload = {
            "quiz_id": self.quiz.id,
            "quiz_version": self.quiz.version,
            "question_id": self.poll.id,
            "choice_id": choice_id,
            "round": self.round,
        }
        self.ctx.log_now(
            [self.ctx.flow.event("poll_vote", payload, content_id=self.quiz.id, content_version=str(self.quiz.version))]
        )
        self.count += 1
        self.thanks.setText(self.ctx.tr.tr("debate.vote_thanks"))
        self.tally.setText(self.ctx.tr.tr("debate.vote_count", count=self.count))
        if self.cooldown_ms > 0:
            for button in self.buttons.values():
                button.setEnabled(False)
            QTimer.singleShot(self.cooldown_ms, self._ready)

    def _ready(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.thanks.setText("")

    def retranslate(self) -> None:
        tr, language = self.ctx.tr.tr, self.ctx.tr.language
        self.title.setText("🗳️  " + tr("debate.vote_title"))
        self.hint.setText(tr("debate.vote_hint"))
        self.end.setText("■  " + tr("debate.end_vote"))
        self.tally.setText(tr("debate.vote_count", count=self.count))
        if self.poll is not None:
            self.prompt.setText(self.poll.prompt.get(language))
            for choice in self.poll.choices:
                self.buttons[choice.id].setText(choice.text.get(language))

"""Instant feedback after an answer: right or not, the chosen choice's feedback, the right answer when
it was missed, the explanation and the source (name and address). Kind words only, never a buzzer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.models import Kind
from kiosk.quiz import Answer
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button


def verdict_key(answer: Answer) -> str:
    """The locale key of the headline for ``answer``."""
    if answer.skipped:
        return "quiz.skipped"
    if answer.correct is None:
        return "quiz.poll_thanks"
    return "quiz.correct" if answer.correct else "quiz.incorrect"


class FeedbackView(QWidget):
    next_requested = Signal()
    listen = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.answer: Answer | None = None
        self.last = False
        self.verdict = QLabel(objectName="verdict", wordWrap=True)
        self.speaker = touch_button("", name="speaker", min_height=64)
        self.speaker.clicked.connect(self.listen)
        top = QHBoxLayout()
        top.addWidget(self.verdict, 1)
        top.addWidget(self.speaker, 0, Qt.AlignmentFlag.AlignTop)
        self.choice_feedback = QLabel(objectName="choice_feedback", wordWrap=True)
        self.right_answer = QLabel(objectName="right_answer", wordWrap=True)
        self.explanation = QLabel(objectName="explanation", wordWrap=True)
        self.source = QLabel(objectName="hint", wordWrap=True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no links to follow
        body = QWidget()
        column = QVBoxLayout(body)
        for label in (self.choice_feedback, self.right_answer, self.explanation, self.source):
            column.addWidget(label)
        column.addStretch()
        scroll = kinetic_scroll(body)
        self.next = touch_button("", name="primary", min_height=80)
        self.next.clicked.connect(self.next_requested)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def show_answer(self, answer: Answer, *, last: bool, can_speak: bool) -> None:
        self.answer, self.last = answer, last
        self.speaker.setVisible(can_speak)
        self.retranslate()

    def texts(self) -> list[str]:
        """What the screen says, in reading order (also what read-aloud speaks)."""
        labels = (self.verdict, self.choice_feedback, self.right_answer, self.explanation)
        return [label.text() for label in labels if label.isVisibleTo(self) and label.text()]

    def retranslate(self) -> None:
        answer = self.answer
        if answer is None:
            return
        tr, language = self.ctx.tr.tr, self.ctx.tr.language
        question = answer.question
        icon = {True: "✅  ", False: "💡  "}.get(answer.correct, "💬  ")
        self.verdict.setText(icon + tr(verdict_key(answer)))
        self.verdict.setProperty("good", answer.correct is True)
        self.verdict.style().polish(self.verdict)
        feedback = " ".join(c.feedback.get(language) for c in answer.feedback_choices() if c.feedback)
        self.choice_feedback.setText(feedback)
        self.choice_feedback.setVisible(bool(feedback))
        right = ""
        if answer.correct is not True and question.kind is not Kind.POLL:
            if question.kind is Kind.ORDERING:
                right = tr("quiz.right_order", answer=" → ".join(c.text.get(language) for c in question.choices))
            else:
                right = tr(
                    "quiz.right_answer", answer=" · ".join(c.text.get(language) for c in question.choices if c.correct)
                )
        self.right_answer.setText(right)
        self.right_answer.setVisible(bool(right))
        self.explanation.setText(question.explanation.get(language) if question.explanation else "")
        self.explanation.setVisible(question.explanation is not None)
        source = question.source
        self.source.setText(tr("quiz.source", name=source.name, url=str(source.url)) if source else "")
        self.source.setVisible(source is not None)
        self.speaker.setText("🔊  " + tr("quiz.listen"))
        self.next.setText(("🏁  " + tr("quiz.see_summary")) if self.last else (tr("quiz.next") + "  ➜"))

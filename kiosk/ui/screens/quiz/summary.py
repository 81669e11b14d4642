"""The end of a quiz: the score framed kindly, the quiz's « À retenir » points and its help resources.

The score counts the questions that have a right answer, in real plural forms (« 1 bonne réponse »,
« 7 bonnes réponses sur 9 »); when the quiz has opinion questions, a line says they do not count, so
« sur 9 » after « Question 10 sur 10 » is no puzzle.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.models import Kind
from kiosk.quiz import QuizAttempt, score_band
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button


class SummaryView(QWidget):
    another = Signal()
    home = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.attempt: QuizAttempt | None = None
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.score = QLabel(objectName="summary_score", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel(objectName="summary_note", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.praise = QLabel(objectName="subtitle", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.learned_title = QLabel(objectName="subtitle", wordWrap=True)
        self.learned = QLabel(objectName="learned", wordWrap=True)
        self.help_title = QLabel(objectName="subtitle", wordWrap=True)
        self.help = QLabel(objectName="help", wordWrap=True)
        body = QWidget()
        column = QVBoxLayout(body)
        for label in (self.score, self.note, self.praise, self.learned_title, self.learned, self.help_title, self.help):
            column.addWidget(label)
        column.addStretch()
        scroll = kinetic_scroll(body)
        self.again = touch_button("", name="another_quiz", min_height=80)
        self.again.clicked.connect(self.another)
        self.done = touch_button("", name="primary", min_height=80)
        self.done.clicked.connect(self.home)
        bottom = QHBoxLayout()
        bottom.addWidget(self.again)
        bottom.addStretch()
        bottom.addWidget(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def show_attempt(self, attempt: QuizAttempt) -> None:
        self.attempt = attempt
        self.retranslate()

    def retranslate(self) -> None:
        tr, language = self.ctx.tr.tr, self.ctx.tr.language
        self.title.setText("🎉  " + tr("quiz.summary_title"))
        self.again.setText("❓  " + tr("quiz.another"))
        self.done.setText("⌂  " + tr("common.home"))
        attempt = self.attempt
        if attempt is None:
            return
        quiz, total = attempt.quiz, attempt.scored_total
        opinions = sum(question.kind is Kind.POLL for question in quiz.questions)
        if total:
            self.score.setText(self.ctx.tr.plural("quiz.score", attempt.score, score=attempt.score, total=total))
            self.praise.setText(tr(f"quiz.score_{score_band(attempt.score, total)}"))
        else:
            self.score.setText(tr("quiz.opinions_only"))
            self.praise.setText("")
        self.note.setText(self.ctx.tr.plural("quiz.not_scored", opinions) if total and opinions else "")
        self.note.setVisible(bool(total and opinions))
        self.learned_title.setText("💡  " + tr("quiz.learned"))
        self.learned.setText("\n".join(f"•  {point.get(language)}" for point in quiz.learned))
        for widget in (self.learned_title, self.learned):
            widget.setVisible(bool(quiz.learned))
        self.help_title.setText("💬  " + tr("quiz.help"))
        self.help.setText(quiz.help.get(language) if quiz.help else "")
        for widget in (self.help_title, self.help):
            widget.setVisible(quiz.help is not None)

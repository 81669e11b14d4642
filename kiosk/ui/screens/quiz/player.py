"""The quiz activity: pick a quiz → one question per screen → feedback → … → summary.

Composes the views of ``quiz_themes``, ``quiz_question``, ``quiz_feedback`` and ``quiz_summary`` and
owns the visitor's :class:`kiosk.quiz.QuizAttempt`. Every start, answer, skip, completion and
abandon is logged: the attempt returns the events (ids, kind, right or not, time; never free text) and this
screen hands them to ``ctx.log``. Sounds and read-aloud never fail
for the visitor: without a device they are silent and the facilitator panel gets one notice.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.models import Kind
from kiosk.errors import Message
from kiosk.quiz import Answer, QuizAttempt
from kiosk.sound.cues import SoundStatus, player_from_settings
from kiosk.sound.speech import Speaker
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.home import VisitorHeader
from kiosk.ui.screens.quiz.feedback import FeedbackView
from kiosk.ui.screens.quiz.question import QuestionView
from kiosk.ui.screens.quiz.style import quiz_style
from kiosk.ui.screens.quiz.summary import SummaryView
from kiosk.ui.screens.quiz.themes import ThemePicker


class QuizScreen(QWidget):
    """The ``quiz`` activity (see :mod:`kiosk.ui.activities` for the screen protocol)."""

    def __init__(self, ctx: KioskContext, *, seed: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.seed = seed  # fixed choice order for tests and screenshots; None = random per attempt
        self.attempt: QuizAttempt | None = None
        self.sound = player_from_settings(ctx.settings)
        if self.sound.probe() is SoundStatus.NO_DEVICE:
            ctx.add_notice(Message("facilitator.sound_off"))
        self.speech = Speaker(enabled=ctx.settings.read_aloud)
        self.header = VisitorHeader(ctx)
        self.header.home_requested.connect(self.leave)
        ctx.signals.accessibility_changed.connect(lambda *_: self.restyle())
        self.themes = ThemePicker(ctx)
        self.question = QuestionView(ctx)
        self.feedback = FeedbackView(ctx)
        self.summary = SummaryView(ctx)
        self.stack = QStackedWidget()
        for view in (self.themes, self.question, self.feedback, self.summary):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.themes.chosen.connect(self.begin)
        self.question.answered.connect(self.answer)
        self.question.skipped.connect(self.skip)
        self.question.listen.connect(lambda: self._speak(self.question.read_aloud_texts()))
        self.feedback.listen.connect(lambda: self._speak(self.feedback.texts()))
        self.feedback.next_requested.connect(self.next_question)
        self.summary.another.connect(self.start)
        self.summary.home.connect(self.leave)
        self.timer_s = ctx.settings.quiz_timer_s
        self._left_s = 0
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)
        self.restyle()
        self.retranslate()

    # --- screen protocol ---------------------------------------------------------------------
    def start(self) -> None:
        """A visitor opens the quiz activity (or asks for another quiz): the quiz picker."""
        self._forget(log_abandon=True)
        self.stack.setCurrentWidget(self.themes)

    def reset(self) -> None:
        """The visitor left or the kiosk went idle: log an unfinished attempt as abandoned, forget it."""
        self._forget(log_abandon=True)
        self.stack.setCurrentWidget(self.themes)

    def retranslate(self) -> None:
        self.speech.stop()
        self.header.retranslate()
        for view in (self.themes, self.question, self.feedback, self.summary):
            view.retranslate()
        self._show_speaker()

    def leave(self) -> None:
        self._forget(log_abandon=True)
        self.stack.setCurrentWidget(self.themes)
        self.ctx.signals.go_home.emit()

    # --- the attempt -------------------------------------------------------------------------
    def begin(self, quiz_id: str) -> None:
        quiz = self.ctx.catalogue.quiz(quiz_id)
        self._forget(log_abandon=True)
        self.attempt = QuizAttempt(quiz, self.ctx.clock.monotonic, seed=self.seed)
        self.ctx.log(self.attempt.start())
        self._show_current()

    def answer(self, choice_ids: list[str]) -> None:
        if self.attempt is None or self.attempt.finished:
            return
        self.ctx.log(self.attempt.answer(choice_ids))
        self._after(self.attempt.last_answer)

    def skip(self) -> None:
        if self.attempt is None or self.attempt.finished:
            return
        self.ctx.log(self.attempt.skip())
        self._after(self.attempt.last_answer)

    def _after(self, result: Answer) -> None:
        self._tick.stop()
        self.speech.stop()
        if result.correct is not None:
            self.sound.play("correct" if result.correct else "incorrect")
        last = self.attempt.index == self.attempt.total - 1
        self.feedback.show_answer(result, last=last, can_speak=self._can_speak())
        self.stack.setCurrentWidget(self.feedback)

    def next_question(self) -> None:
        if self.attempt is None:
            return
        self.speech.stop()
        self.ctx.log(self.attempt.next())
        if self.attempt.finished:
            self.sound.play("summary")
            self.summary.show_attempt(self.attempt)
            self.stack.setCurrentWidget(self.summary)
            return
        self._show_current()

    def _show_current(self) -> None:
        attempt = self.attempt
        question = attempt.current
        self.question.show_question(
            question, attempt.choices(), attempt.index + 1, attempt.total, can_speak=self._can_speak()
        )
        attempt.show()
        self.stack.setCurrentWidget(self.question)
        self._start_timer()

    def _forget(self, *, log_abandon: bool) -> None:
        self._tick.stop()
        self.speech.stop()
        attempt, self.attempt = self.attempt, None
        if log_abandon and attempt is not None:
            self.ctx.log(attempt.abandon())

    # --- optional timer (off by default: fair) -------------------------------------------------
    def _start_timer(self) -> None:
        question = self.attempt.current if self.attempt else None
        timed = self.timer_s > 0 and question is not None and question.kind is not Kind.POLL
        self.question.timer.setVisible(timed)
        if timed:
            self._left_s = self.timer_s
            self.question.timer.setText("⏱  " + self.ctx.tr.tr("quiz.timer", seconds=self._left_s))
            self._tick.start()

    def _count_down(self) -> None:
        self._left_s -= 1
        self.question.timer.setText("⏱  " + self.ctx.tr.tr("quiz.timer", seconds=max(0, self._left_s)))
        if self._left_s <= 0:
            self.skip()

    # --- read-aloud, accessibility -----------------------------------------------------------
    def _can_speak(self) -> bool:
        return self.ctx.settings.read_aloud and self.speech.available(self.ctx.tr.language)

    def _show_speaker(self) -> None:
        can = self._can_speak()
        self.question.speaker.setVisible(can and self.question.question is not None)
        self.feedback.speaker.setVisible(can)

    def _speak(self, texts: list[str]) -> None:
        if self.speech.speaking:
            self.speech.stop()
        else:
            self.speech.say(texts, self.ctx.tr.language)

    def restyle(self) -> None:
        """The quiz's own sizes and colours for the current visitor's accessibility choice."""
        self.setStyleSheet(quiz_style(large_text=self.ctx.large_text, high_contrast=self.ctx.high_contrast))

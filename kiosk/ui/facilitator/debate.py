"""Pause-débat (facilitator): live answer charts of a quiz, and the room's before/after vote on a poll.

Two modes, both for the current café session (``ctx.flow.session_id``, kept by the panel):

* **Réponses d'un quiz** — pick a quiz, step through its questions; each chart shows how the
  session's visitors answered (:func:`kiosk.figures.debate.answer_tallies`). The right choice turns
  green only after « Révéler ». Polls show the opinion split.
* **Débat** — pick a poll of the debate file; « Lancer le vote » hands the kiosk to the room
  (:class:`~kiosk.ui.facilitator.debate_vote.VoteView`, each tap a ``poll_vote`` of round 1); the
  result stays hidden until « Révéler »; after the discussion « Revoter » runs round 2, and the chart
  shows before and after side by side. Every step is a ``debate_round`` event.

« Projection » mirrors the chart in a separate top-level window for a second screen.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.models import Kind, Question, Quiz, Theme
from kiosk.figures.debate import answer_tallies, debate_state
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.debate_projection import ProjectionWindow
from kiosk.ui.facilitator.debate_vote import VoteView
from kiosk.ui.widgets.bar_chart import BarChart, ChartData, Series
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button

REFRESH_MS = 2000


class DebateScreen(QWidget):
    leave = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.quizzes = [q for q in ctx.catalogue.quizzes if q.theme is not Theme.DEBATE]
        self.polls = [
            (quiz, question)
            for quiz in ctx.catalogue.quizzes
            if quiz.theme is Theme.DEBATE
            for question in quiz.questions
            if question.kind is Kind.POLL
        ]
        self.index = 0
        self.revealed = False
        self.projection: ProjectionWindow | None = None
        self.chart = BarChart()
        self.vote = VoteView(ctx)
        self.vote.finished.connect(self.end_vote)
        main = QWidget()
        column = QVBoxLayout(main)
        column.setContentsMargins(CORNER_MARGIN_PX, 8, 16, 8)
        column.addLayout(self._top())
        column.addLayout(self._modes())
        self.controls = QStackedWidget()
        self.controls.addWidget(self._results_controls())
        self.controls.addWidget(self._debate_controls())
        column.addWidget(self.controls)
        self.message = QLabel(objectName="hint", wordWrap=True)
        column.addWidget(self.message)
        column.addWidget(self.chart, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(self.vote)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    # --- building ----------------------------------------------------------------------------
    def _top(self) -> QHBoxLayout:
        self.title = QLabel(objectName="title")
        self.project = touch_button("", name="projection", min_height=64)
        self.project.setCheckable(True)
        self.project.toggled.connect(self.set_projection)
        self.back = touch_button("", name="primary", min_height=64)
        self.back.clicked.connect(self.close_screen)
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.project)
        row.addWidget(self.back)
        return row

    def _modes(self) -> QHBoxLayout:
        self.mode_results = touch_button("", name="mode_results", min_height=64)
        self.mode_debate = touch_button("", name="mode_debate", min_height=64)
        group = QButtonGroup(self)
        for index, button in enumerate((self.mode_results, self.mode_debate)):
            button.setCheckable(True)
            group.addButton(button, index)
        self.mode_results.setChecked(True)
        group.idClicked.connect(self.set_mode)
        row = QHBoxLayout()
        row.addWidget(self.mode_results)
        row.addWidget(self.mode_debate)
        row.addStretch()
        return row

    def _results_controls(self) -> QWidget:
        self.quiz_combo = QComboBox(objectName="debate_quiz")
        self.quiz_combo.currentIndexChanged.connect(lambda _: self.show_question(0))
        self.previous = touch_button("◀", name="previous_question", min_height=64)
        self.previous.clicked.connect(lambda: self.show_question(self.index - 1))
        self.position = QLabel()
        self.following = touch_button("▶", name="next_question", min_height=64)
        self.following.clicked.connect(lambda: self.show_question(self.index + 1))
        self.reveal_answer = touch_button("", name="reveal_answer", min_height=64)
        self.reveal_answer.setCheckable(True)
        self.reveal_answer.toggled.connect(self._set_revealed)
        return _row(self.quiz_combo, self.previous, self.position, self.following, self.reveal_answer)

    def _debate_controls(self) -> QWidget:
        self.poll_combo = QComboBox(objectName="debate_poll")
        self.poll_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.round1 = touch_button("", name="start_round1", min_height=64)
        self.round1.clicked.connect(lambda: self.start_vote(1))
        self.round2 = touch_button("", name="start_round2", min_height=64)
        self.round2.clicked.connect(lambda: self.start_vote(2))
        self.reveal_votes = touch_button("", name="reveal_votes", min_height=64)
        self.reveal_votes.clicked.connect(self.reveal_vote)
        return _row(self.poll_combo, self.round1, self.round2, self.reveal_votes)

    # --- opening and closing -----------------------------------------------------------------
    @classmethod
    def cover(cls, parent: QWidget, ctx: KioskContext) -> DebateScreen:
        """Open the screen over ``parent`` (the facilitator panel), filling it until « Retour »."""
        screen = cls(ctx)
        screen.setParent(parent)
        screen.setGeometry(parent.rect())
        screen.setAutoFillBackground(True)
        parent.installEventFilter(screen)
        screen.show()
        screen.raise_()
        return screen

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API: follow the parent's size
        if watched is self.parentWidget() and event.type() == event.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def close_screen(self) -> None:
        self.set_projection(False)
        self._timer.stop()
        self.leave.emit()
        if self.parentWidget() is not None:
            self.parentWidget().removeEventFilter(self)
            self.hide()
            self.deleteLater()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        super().hideEvent(event)

    # --- behaviour ---------------------------------------------------------------------------
    def set_mode(self, mode: int) -> None:
        self.controls.setCurrentIndex(mode)
        self.refresh()

    def show_question(self, index: int) -> None:
        quiz = self.current_quiz()
        total = len(quiz.questions) if quiz else 0
        self.index = max(0, min(index, total - 1))
        self.reveal_answer.setChecked(False)
        self.refresh()

    def _set_revealed(self, on: bool) -> None:
        self.revealed = on
        self.refresh()

    def current_quiz(self) -> Quiz | None:
        index = self.quiz_combo.currentIndex()
        return self.quizzes[index] if 0 <= index < len(self.quizzes) else None

    def current_poll(self) -> tuple[Quiz, Question] | None:
        index = self.poll_combo.currentIndex()
        return self.polls[index] if 0 <= index < len(self.polls) else None

    def _debate_event(self, round_: int, action: str) -> None:
        quiz, poll = self.current_poll()
        payload = {"quiz_id": quiz.id, "question_id": poll.id, "round": round_, "action": action}
        self.ctx.log_now(
            [self.ctx.flow.event("debate_round", payload, content_id=quiz.id, content_version=str(quiz.version))]
        )

    def start_vote(self, round_: int) -> None:
        if self.ctx.flow.session_id is None or self.current_poll() is None:
            return
        self._debate_event(round_, "start")
        quiz, poll = self.current_poll()
        self.vote.open(quiz, poll, round_)
        self.pages.setCurrentWidget(self.vote)
        self.refresh()

    def end_vote(self) -> None:
        self._debate_event(self.vote.round, "close")
        self.pages.setCurrentIndex(0)
        self.refresh()

    def reveal_vote(self) -> None:
        state = self._state()
        if state is None:
            return
        pending = [r for r in sorted(state.rounds) if r not in state.revealed]
        if pending:
            self._debate_event(pending[-1], "reveal")
        self.refresh()

    def _state(self):
        session, poll = self.ctx.flow.session_id, self.current_poll()
        if session is None or poll is None:
            return None
        return debate_state(self.ctx.reader, session, poll[0].id, poll[1].id)

    def refresh(self) -> None:
        """Re-read the log and redraw the chart (and the projection)."""
        tr = self.ctx.tr.tr
        session = self.ctx.flow.session_id
        self.message.setText(tr("debate.no_session") if session is None else "")
        self.message.setVisible(session is None)
        data = self._debate_chart() if self.controls.currentIndex() == 1 else self._results_chart()
        self.chart.show_data(data)
        if self.projection is not None:
            self.projection.show_data(data)

    def _results_chart(self) -> ChartData:
        quiz = self.current_quiz()
        tr, language = self.ctx.tr.tr, self.ctx.tr.language
        if quiz is None:
            return ChartData("", ())
        question = quiz.questions[self.index]
        self.position.setText(tr("debate.question_of", number=self.index + 1, total=len(quiz.questions)))
        self.previous.setEnabled(self.index > 0)
        self.following.setEnabled(self.index < len(quiz.questions) - 1)
        self.reveal_answer.setVisible(question.kind is not Kind.POLL)
        session = self.ctx.flow.session_id
        tally = answer_tallies(self.ctx.reader, session, quiz.id).get(question.id) if session else None
        labels = tuple(c.text.get(language) for c in question.choices)
        visitors, right = (tally.visitors, tally.right) if tally else (0, 0)
        note = tr("debate.answers", count=visitors)
        if question.kind is Kind.ORDERING:
            if self.revealed:
                note = tr("debate.right_order", right=right, count=visitors)
            return ChartData(question.prompt.get(language), labels, (), frozenset(), note)
        values = tuple(tally.count(c.id) if tally else 0 for c in question.choices)
        highlight = frozenset(i for i, c in enumerate(question.choices) if c.correct) if self.revealed else frozenset()
        return ChartData(question.prompt.get(language), labels, (Series("", values),), highlight, note)

    def _debate_chart(self) -> ChartData:
        tr, language = self.ctx.tr.tr, self.ctx.tr.language
        poll = self.current_poll()
        if poll is None:
            self.message.setText(tr("debate.no_polls"))
            self.message.setVisible(True)
            return ChartData("", ())
        quiz, question = poll
        state = self._state()
        has_session = state is not None
        self.round1.setEnabled(has_session)
        self.round2.setEnabled(has_session and 1 in state.rounds)
        self.reveal_votes.setEnabled(has_session and any(r not in state.revealed for r in state.rounds))
        labels = tuple(c.text.get(language) for c in question.choices)
        series = []
        for round_, name in ((1, tr("debate.before")), (2, tr("debate.after"))):
            if state is not None and round_ in state.revealed:
                votes = state.rounds.get(round_, {})
                series.append(Series(name, tuple(votes.get(c.id, 0) for c in question.choices)))
        hidden = [r for r in sorted(state.rounds) if r not in state.revealed] if state else []
        note = tr("debate.hidden", count=state.votes(hidden[-1])) if hidden else ""
        return ChartData(question.prompt.get(language), labels, tuple(series), frozenset(), note)

    def set_projection(self, on: bool) -> None:
        if on and self.projection is None:
            self.projection = ProjectionWindow(self.ctx.tr.tr("debate.title"))
            self.projection.closed.connect(lambda: self.project.setChecked(False))
            self.projection.open()
            self.refresh()
        elif not on and self.projection is not None:
            projection, self.projection = self.projection, None
            projection.closed.disconnect()
            projection.close()
            projection.deleteLater()
        if self.project.isChecked() != on:
            self.project.setChecked(on)

    def retranslate(self) -> None:
        tr, language = self.ctx.tr.tr, self.ctx.tr.language
        self.title.setText("💬  " + tr("debate.title"))
        self.project.setText("📽️  " + tr("debate.projection"))
        self.back.setText(tr("debate.back"))
        self.mode_results.setText("📊  " + tr("debate.mode_results"))
        self.mode_debate.setText("🗳️  " + tr("debate.mode_debate"))
        self.reveal_answer.setText("👁  " + tr("debate.reveal"))
        self.reveal_votes.setText("👁  " + tr("debate.reveal"))
        self.round1.setText("▶  " + tr("debate.start_round1"))
        self.round2.setText("↻  " + tr("debate.start_round2"))
        _refill(self.quiz_combo, [q.title.get(language) for q in self.quizzes])
        _refill(self.poll_combo, [q.prompt.get(language) for _, q in self.polls])
        self.vote.retranslate()
        self.refresh()


def _row(*widgets: QWidget) -> QWidget:
    """One line of controls; a combo box takes the room left and shrinks first (buttons never clip)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        if isinstance(widget, QComboBox):
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(12)
        row.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
    return box


def _refill(combo: QComboBox, texts: list[str]) -> None:
    index = max(0, combo.currentIndex())
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(texts)
    combo.setCurrentIndex(min(index, len(texts) - 1))
    combo.blockSignals(False)

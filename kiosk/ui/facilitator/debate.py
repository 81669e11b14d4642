"""Pause-débat (facilitator page): live answer charts of a quiz, and the room's before/after vote on a poll.

Two modes, both for the flow's open café session:

* **Réponses d'un quiz** — step to a visitor quiz, then through its questions; each chart shows how the
  session's visitors answered (:func:`kiosk.figures.debate.answer_tallies`). The right choice turns green
  only after « Révéler ». Polls show the opinion split.
* **Débat** — step through the polls of the debate files; « Lancer le vote » starts round 1 of the
  :class:`kiosk.debate.Debate` core and hands the kiosk to the room (:attr:`DebateScreen.vote_requested`:
  the window shows the vote page and locks the facilitator side — coming back needs the PIN). The result
  stays hidden until « Révéler »; after the discussion « Revoter » runs round 2 and the chart shows before
  and after side by side. Every step is an event the core returns.

« Projection » mirrors the chart in a separate top-level window for a second screen; it stays up while the
room votes and closes when the facilitator side resets.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.models import Kind, Question, Quiz
from kiosk.debate import Debate, DebateState
from kiosk.figures.debate import answer_tallies, debate_state
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.controls import FlowLayout, controls_style
from kiosk.ui.facilitator.debate_charts import answers_chart, votes_chart
from kiosk.ui.facilitator.debate_projection import ProjectionWindow
from kiosk.ui.theme import palette
from kiosk.ui.widgets.bar_chart import BarChart, ChartData
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button

REFRESH_MS = 2000
RESULTS, DEBATE = 0, 1


class DebateScreen(QWidget):
    open_page = Signal(str)  # « Retour à l'animation »: the panel
    vote_requested = Signal(object)  # a Debate with its round open: the room votes on the kiosk

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.quizzes: list[Quiz] = list(ctx.catalogue.visitor_quizzes)
        self.polls: list[tuple[Quiz, Question]] = [
            (quiz, question)
            for quiz in ctx.catalogue.debate_quizzes
            for question in quiz.questions
            if question.kind is Kind.POLL
        ]
        self.quiz_index = 0
        self.index = 0  # question of the chosen quiz
        self.poll_index = 0
        self.revealed = False
        self.debate: Debate | None = None
        self.projection: ProjectionWindow | None = None
        self.chart = BarChart()
        column = QVBoxLayout(self)
        column.setContentsMargins(CORNER_MARGIN_PX, 8, 16, 8)
        column.addLayout(self._top())
        column.addLayout(self._modes())
        self.mode = RESULTS
        self.controls = (self._results_controls(), self._debate_controls())  # one shown, by mode
        for box in self.controls:
            column.addWidget(box)
        self.controls[DEBATE].hide()
        self.message = QLabel(objectName="hint", wordWrap=True)
        column.addWidget(self.message)
        column.addWidget(self.chart, 1)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.setStyleSheet(controls_style(palette(ctx.high_contrast)))
        self.retranslate()

    # --- building ----------------------------------------------------------------------------
    def _top(self) -> QHBoxLayout:
        self.title = QLabel(objectName="title", wordWrap=True)
        self.back = touch_button("", name="primary", min_height=64)
        self.back.clicked.connect(lambda _=False: self.open_page.emit("panel"))
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        row.addWidget(self.back)
        return row

    def _modes(self) -> FlowLayout:
        self.mode_results = touch_button("", name="mode_results", min_height=64)
        self.mode_debate = touch_button("", name="mode_debate", min_height=64)
        self.modes = QButtonGroup(self)
        for index, button in enumerate((self.mode_results, self.mode_debate)):
            button.setCheckable(True)
            self.modes.addButton(button, index)
        self.mode_results.setChecked(True)
        self.modes.idClicked.connect(self.set_mode)
        self.project = touch_button("", name="projection", min_height=64)
        self.project.setCheckable(True)
        self.project.toggled.connect(self.set_projection)
        return _flow(self.mode_results, self.mode_debate, self.project)

    def _results_controls(self) -> QWidget:
        self.previous_quiz = touch_button("◀", name="previous_quiz", min_height=64)
        self.previous_quiz.clicked.connect(lambda: self.show_quiz(self.quiz_index - 1))
        self.quiz_title = QLabel(objectName="debate_quiz")
        self.next_quiz = touch_button("▶", name="next_quiz", min_height=64)
        self.next_quiz.clicked.connect(lambda: self.show_quiz(self.quiz_index + 1))
        self.previous = touch_button("◀", name="previous_question", min_height=64)
        self.previous.clicked.connect(lambda: self.show_question(self.index - 1))
        self.position = QLabel()
        self.following = touch_button("▶", name="next_question", min_height=64)
        self.following.clicked.connect(lambda: self.show_question(self.index + 1))
        self.reveal_answer = touch_button("", name="reveal_answer", min_height=64)
        self.reveal_answer.setCheckable(True)
        self.reveal_answer.toggled.connect(self._set_revealed)
        box = QWidget()
        box.setLayout(
            _flow(
                _stepper(self.previous_quiz, self.quiz_title, self.next_quiz),
                _stepper(self.previous, self.position, self.following),
                self.reveal_answer,
            )
        )
        return box

    def _debate_controls(self) -> QWidget:
        self.previous_poll = touch_button("◀", name="previous_poll", min_height=64)
        self.previous_poll.clicked.connect(lambda: self.show_poll(self.poll_index - 1))
        self.poll_position = QLabel()
        self.next_poll = touch_button("▶", name="next_poll", min_height=64)
        self.next_poll.clicked.connect(lambda: self.show_poll(self.poll_index + 1))
        self.round1 = touch_button("", name="start_round1", min_height=64)
        self.round1.clicked.connect(lambda: self.start_vote(1))
        self.round2 = touch_button("", name="start_round2", min_height=64)
        self.round2.clicked.connect(lambda: self.start_vote(2))
        self.reveal_votes = touch_button("", name="reveal_votes", min_height=64)
        self.reveal_votes.clicked.connect(self.reveal_vote)
        box = QWidget()
        box.setLayout(
            _flow(
                _stepper(self.previous_poll, self.poll_position, self.next_poll),
                self.round1,
                self.round2,
                self.reveal_votes,
            )
        )
        return box

    # --- the screen protocol -----------------------------------------------------------------
    def start(self) -> None:
        """Opened (from the panel, or back from the room's vote behind the PIN): figures re-read."""
        self.refresh()

    def reset(self) -> None:
        """The facilitator side reset: the projection closes, the first question shows hidden again."""
        self.set_projection(False)
        self.reveal_answer.setChecked(False)

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.title.setText("💬  " + tr("debate.title"))
        self.project.setText("📽️  " + tr("debate.projection"))
        self.back.setText(tr("debate.back"))
        self.mode_results.setText("📊  " + tr("debate.mode_results"))
        self.mode_debate.setText("🗳️  " + tr("debate.mode_debate"))
        self.reveal_answer.setText("👁  " + tr("debate.reveal"))
        self.reveal_votes.setText("👁  " + tr("debate.reveal"))
        self.round1.setText("▶  " + tr("debate.start_round1"))
        self.round2.setText("↻  " + tr("debate.start_round2"))
        self.refresh()

    # --- timers and visibility ---------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.projection is None:  # a projection goes on following the votes while the room votes
            self._timer.stop()
        super().hideEvent(event)

    # --- behaviour ---------------------------------------------------------------------------
    def set_mode(self, mode: int) -> None:
        """``RESULTS`` (a quiz's answers) or ``DEBATE`` (the room's vote on a poll)."""
        self.mode = mode
        for index, box in enumerate(self.controls):
            box.setVisible(index == mode)
        self.modes.button(mode).setChecked(True)
        self.refresh()

    def show_quiz(self, index: int) -> None:
        """Step to another quiz: its first question, hidden."""
        self.quiz_index = max(0, min(index, len(self.quizzes) - 1))
        self.show_question(0)

    def show_question(self, index: int) -> None:
        quiz = self.current_quiz()
        total = len(quiz.questions) if quiz else 0
        self.index = max(0, min(index, total - 1))
        self.reveal_answer.setChecked(False)
        self.refresh()

    def show_poll(self, index: int) -> None:
        self.poll_index = max(0, min(index, len(self.polls) - 1))
        self.refresh()

    def _set_revealed(self, on: bool) -> None:
        self.revealed = on
        self.refresh()

    def current_quiz(self) -> Quiz | None:
        return self.quizzes[self.quiz_index] if self.quizzes else None

    def current_poll(self) -> tuple[Quiz, Question] | None:
        return self.polls[self.poll_index] if self.polls else None

    def _debate(self) -> Debate | None:
        """The core of the poll on screen (a new one when the facilitator moved to another poll)."""
        poll = self.current_poll()
        if poll is None:
            return None
        if self.debate is None or (self.debate.quiz, self.debate.question) != poll:
            self.debate = Debate(*poll)
        return self.debate

    def start_vote(self, round_: int) -> None:
        """« Lancer le vote » / « Revoter »: the round opens and the kiosk goes to the room."""
        debate = self._debate()
        if self.ctx.flow.session_id is None or debate is None:
            return
        self.ctx.log_now(debate.start(round_))
        self.vote_requested.emit(debate)

    def reveal_vote(self) -> None:
        debate, state = self._debate(), self._state()
        if debate is not None and state is not None:
            self.ctx.log_now(debate.reveal(state))
        self.refresh()

    def _state(self) -> DebateState | None:
        session, poll = self.ctx.flow.session_id, self.current_poll()
        if session is None or poll is None:
            return None
        return debate_state(self.ctx.reader, session, poll[0].id, poll[1].id)

    def refresh(self) -> None:
        """Re-read the log and redraw the chart (and the projection)."""
        session = self.ctx.flow.session_id
        self.message.setText(self.ctx.tr.tr("debate.no_session") if session is None else "")
        self.message.setVisible(session is None)
        data = self._debate_chart() if self.mode == DEBATE else self._results_chart()
        self.chart.show_data(data)
        if self.projection is not None:
            self.projection.show_data(data)

    def _results_chart(self) -> ChartData:
        quiz = self.current_quiz()
        if quiz is None:
            return ChartData("", ())
        question = quiz.questions[self.index]
        self.quiz_title.setText(f"{quiz.title.get(self.ctx.tr.language)}  ({self.quiz_index + 1}/{len(self.quizzes)})")
        self.previous_quiz.setEnabled(self.quiz_index > 0)
        self.next_quiz.setEnabled(self.quiz_index < len(self.quizzes) - 1)
        self.position.setText(self.ctx.tr.tr("debate.question_of", number=self.index + 1, total=len(quiz.questions)))
        self.previous.setEnabled(self.index > 0)
        self.following.setEnabled(self.index < len(quiz.questions) - 1)
        self.reveal_answer.setVisible(question.kind is not Kind.POLL)
        session = self.ctx.flow.session_id
        tally = answer_tallies(self.ctx.reader, session, quiz.id).get(question.id) if session else None
        return answers_chart(question, tally, self.ctx.tr, revealed=self.revealed)

    def _debate_chart(self) -> ChartData:
        poll = self.current_poll()
        if poll is None:
            self.message.setText(self.ctx.tr.tr("debate.no_polls"))
            self.message.setVisible(True)
            return ChartData("", ())
        total = len(self.polls)
        self.poll_position.setText(self.ctx.tr.tr("debate.question_of", number=self.poll_index + 1, total=total))
        self.previous_poll.setEnabled(self.poll_index > 0)
        self.next_poll.setEnabled(self.poll_index < total - 1)
        state = self._state()
        self.round1.setEnabled(state is not None)
        self.round2.setEnabled(state is not None and 1 in state.rounds)
        self.reveal_votes.setEnabled(state is not None and bool(state.hidden))
        return votes_chart(poll[1], state, self.ctx.tr)

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
            if not self.isVisible():
                self._timer.stop()
        if self.project.isChecked() != on:
            self.project.setChecked(on)


def _flow(*widgets: QWidget) -> FlowLayout:
    """Controls on one line when the screen is wide enough, on more lines when not (nothing squeezed)."""
    flow = FlowLayout()
    for widget in widgets:
        flow.addWidget(widget)
    return flow


def _stepper(previous: QWidget, label: QLabel, following: QWidget) -> QWidget:
    """« ◀  where we are  ▶ » as one piece that the flow never splits."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in (previous, label, following):
        row.addWidget(widget)
    return box

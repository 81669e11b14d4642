"""Pause-débat with qtbot: live answer charts with reveal, the room's before/after vote, projection."""

from __future__ import annotations

import json

import pytest

from kiosk.cafe import CafeSession
from kiosk.log.events import NewEvent
from kiosk.ui.facilitator.debate import DEBATE, DebateScreen
from tests.ui.conftest import PIN, unlock

pytestmark = pytest.mark.qt


def open_session(ctx):
    session = CafeSession.new(
        venue_type="school", venue_name="École secondaire du Plateau", region="06", audience="sec3", expected_size=28
    )
    ctx.log_now(ctx.flow.open_session(session))
    return session.session_id


def answer(ctx, session, visitor, quiz, question, choice_ids):
    correct = frozenset(choice_ids) == question.correct_ids()
    ctx.log_now(
        [
            NewEvent(
                "quiz_answered",
                {
                    "quiz_id": quiz.id,
                    "quiz_version": quiz.version,
                    "question_id": question.id,
                    "kind": question.kind.value,
                    "choice_ids": choice_ids,
                    "correct": correct,
                    "time_ms": 5000,
                },
                session_id=session,
                visitor=visitor,
            )
        ]
    )


@pytest.fixture
def debate(make_ctx, qtbot):
    def factory(session=True):
        ctx = make_ctx()
        session_id = open_session(ctx) if session else None
        screen = DebateScreen(ctx)
        qtbot.addWidget(screen)
        screen.resize(1280, 800)
        screen.show()
        qtbot.waitExposed(screen)
        screen.start()
        return ctx, session_id, screen

    return factory


@pytest.fixture
def room(make_window):
    """A window on the pause-débat page, a session open, the vote page without its cool-down."""
    window = make_window()
    session_id = open_session(window.ctx)
    screen = unlock(window, "debate")
    window.vote.cooldown_ms = 0
    return window, session_id, screen


def back_behind_the_pin(window):
    window.vote.end.click()
    assert window.stack.currentWidget() is window.pinpad
    for digit in PIN:
        window.pinpad.press(digit)
    window.pinpad.submit()


def test_quiz_answers_chart_reveals_the_right_choice_only_on_demand(debate):
    ctx, session, screen = debate()
    quiz = screen.current_quiz()
    assert quiz in ctx.catalogue.visitor_quizzes
    question = quiz.questions[0]
    right = next(c.id for c in question.choices if c.correct)
    wrong = next(c.id for c in question.choices if not c.correct)
    for visitor, choice in (("v1", right), ("v2", right), ("v3", wrong)):
        answer(ctx, session, visitor, quiz, question, [choice])
    screen.refresh()
    data = screen.chart.data
    assert data.title == question.prompt.fr
    counts = dict(zip((c.id for c in question.choices), data.series[0].values))
    assert counts[right] == 2 and counts[wrong] == 1
    assert data.highlight == frozenset() and "3 réponses" in data.note
    screen.reveal_answer.click()
    right_index = [c.id for c in question.choices].index(right)
    assert screen.chart.data.highlight == {right_index}
    assert "✔" in screen.chart.legend.text()
    screen.following.click()  # the next question starts hidden again
    assert not screen.reveal_answer.isChecked() and screen.chart.data.highlight == frozenset()
    assert screen.position.text() == f"Question 2 / {len(quiz.questions)}"


def debate_events(ctx):
    rows = ctx.reader.execute("SELECT payload FROM events WHERE type = 'debate_round' ORDER BY epoch, seq")
    return [(p["round"], p["action"]) for p in map(json.loads, (r[0] for r in rows))]


def test_room_votes_before_and_after_with_hidden_results(room):
    window, session, screen = room
    ctx = window.ctx
    screen.mode_debate.click()
    assert screen.mode == DEBATE and screen.round1.isVisible() and not screen.reveal_answer.isVisible()
    quiz, poll = screen.current_poll()
    assert quiz in ctx.catalogue.debate_quizzes
    ids = [c.id for c in poll.choices]
    assert not screen.round2.isEnabled()
    screen.round1.click()
    vote = window.vote
    assert window.stack.currentWidget() is vote
    assert vote.prompt.text() == poll.prompt.fr
    for choice in (ids[0], ids[0], ids[1]):
        vote.buttons[choice].click()
    assert "Vote reçu" in vote.thanks.text() and vote.tally.text() == "3 votes"
    back_behind_the_pin(window)
    assert window.stack.currentWidget() is screen
    assert screen.chart.data.series == () and "3 votes" in screen.chart.data.note  # hidden until revealed
    screen.reveal_votes.click()
    (before,) = screen.chart.data.series
    assert before.name == "Avant la discussion" and before.values[:2] == (2, 1)
    assert screen.round2.isEnabled() and not screen.reveal_votes.isEnabled()
    screen.round2.click()
    for choice in (ids[1], ids[1], ids[1]):
        vote.buttons[choice].click()
    back_behind_the_pin(window)
    assert [s.name for s in screen.chart.data.series] == ["Avant la discussion"]
    screen.reveal_votes.click()
    before, after = screen.chart.data.series
    assert before.values[:2] == (2, 1) and after.values[:2] == (0, 3) and after.name == "Après la discussion"
    assert debate_events(ctx) == [(1, "start"), (1, "close"), (1, "reveal"), (2, "start"), (2, "close"), (2, "reveal")]
    votes = ctx.reader.execute("SELECT COUNT(*), COUNT(DISTINCT session_id) FROM events WHERE type = 'poll_vote'")
    assert votes.fetchone() == (6, 1)


def test_the_polls_are_the_debate_files_and_the_quizzes_the_visitors(debate):
    ctx, _, screen = debate()
    assert screen.quizzes == list(ctx.catalogue.visitor_quizzes)
    assert {quiz.id for quiz, _ in screen.polls} <= {quiz.id for quiz in ctx.catalogue.debate_quizzes}
    screen.next_quiz.click()
    assert screen.current_quiz() is screen.quizzes[1] and screen.index == 0
    screen.set_mode(1)
    screen.next_poll.click()
    assert screen.current_poll() == screen.polls[1]


def test_projection_window_mirrors_the_chart(debate, qtbot):
    ctx, session, screen = debate()
    screen.project.click()
    projection = screen.projection
    assert projection is not None and projection.isVisible() and projection.isWindow()
    assert projection.chart.data == screen.chart.data
    screen.following.click()
    assert projection.chart.data == screen.chart.data and projection.chart.data.title
    projection.close()
    assert screen.projection is None and not screen.project.isChecked()


def test_without_a_session_nothing_can_be_voted(debate):
    ctx, _, screen = debate(session=False)
    assert screen.message.isVisibleTo(screen) and "Aucune session" in screen.message.text()
    screen.mode_debate.click()
    assert not screen.round1.isEnabled()
    asked = []
    screen.vote_requested.connect(asked.append)
    screen.start_vote(1)
    assert asked == [] and debate_events(ctx) == []


def test_the_facilitator_panel_opens_and_closes_the_debate_screen(make_window, qtbot):
    window = make_window()
    panel = unlock(window)
    panel.page_buttons["debate"].click()
    assert window.stack.currentWidget() is window.pages["debate"]
    window.pages["debate"].back.click()
    assert window.stack.currentWidget() is panel

"""Pause-débat queries over a real event log (pure: sqlite only)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.debate import Debate
from kiosk.figures.debate import answer_tallies, count_ticks, debate_state
from kiosk.log.clock import FakeClock
from kiosk.log.events import NewEvent
from kiosk.log.logbook import Logbook, connect

S = "session-1"


@pytest.fixture
def book(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json", clock=FakeClock())
    yield book
    book.close()


def _answer(visitor, question, ids, correct, *, session=S, quiz="vie-privee", kind="single"):
    return NewEvent(
        "quiz_answered",
        {
            "quiz_id": quiz,
            "quiz_version": 1,
            "question_id": question,
            "kind": kind,
            "choice_ids": ids,
            "correct": correct,
            "time_ms": 1000,
        },
        session_id=session,
        visitor=visitor,
    )


def _round(round_, action, question="q"):
    return NewEvent(
        "debate_round",
        {"quiz_id": "pause-debat", "question_id": question, "round": round_, "action": action},
        session_id=S,
    )


def _vote(choice, round_, question="q"):
    return NewEvent(
        "poll_vote",
        {"quiz_id": "pause-debat", "quiz_version": 1, "question_id": question, "choice_id": choice, "round": round_},
        session_id=S,
    )


def test_distribution_counts_each_visitor_once_with_their_latest_answer(book, tmp_path):
    book.append(
        [
            _answer("v1", "q1", ["a"], True),
            _answer("v2", "q1", ["b"], False),
            _answer("v2", "q1", ["a"], True),  # v2 replayed the quiz: only the latest answer counts
            _answer("v3", "q1", ["c"], False),
            _answer("v1", "q2", ["a", "b"], True, kind="multiple"),
            _answer("v9", "q1", ["b"], False, session="other"),  # another café
            _answer("v9", "q1", ["b"], False, quiz="autre"),  # another quiz
        ]
    )
    conn = connect(tmp_path / "p.db", readonly=True)
    tallies = answer_tallies(conn, S, "vie-privee")
    assert tallies["q1"].choices == {"a": 2, "c": 1}
    assert (tallies["q1"].visitors, tallies["q1"].right, tallies["q1"].count("b")) == (3, 2, 0)
    assert tallies["q2"].choices == {"a": 1, "b": 1} and tallies["q2"].kind == "multiple"
    assert answer_tallies(conn, "nobody", "vie-privee") == {}


def test_debate_before_after_and_reveal(book, tmp_path):
    conn = connect(tmp_path / "p.db", readonly=True)
    book.append([_round(1, "start"), _vote("oui", 1), _vote("oui", 1), _vote("non", 1), _vote("oui", 1, "other")])
    state = debate_state(conn, S, "pause-debat", "q")
    assert state.rounds == {1: {"oui": 2, "non": 1}} and state.open_round == 1 and not state.revealed
    book.append(
        [
            _round(1, "close"),
            _round(1, "reveal"),
            _round(2, "start"),
            _vote("non", 2),
            _vote("non", 2),
            _vote("oui", 2),
            _round(2, "close"),
        ]
    )
    state = debate_state(conn, S, "pause-debat", "q")
    assert state.rounds == {1: {"oui": 2, "non": 1}, 2: {"non": 2, "oui": 1}}
    assert state.revealed == {1} and state.open_round is None and state.votes(2) == 3
    book.append([_round(2, "reveal")])
    assert debate_state(conn, S, "pause-debat", "q").revealed == {1, 2}
    # the same poll debated again later: a fresh round 1, no stale round 2
    book.append([_round(1, "start"), _vote("non", 1)])
    state = debate_state(conn, S, "pause-debat", "q")
    assert state.rounds == {1: {"non": 1}} and state.revealed == frozenset()


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, (0, 1)),
        (1, (0, 1)),  # one vote: 0 and 1, never 0.5
        (3, (0, 1, 2, 3)),
        (6, (0, 1, 2, 3, 4, 5, 6)),
        (7, (0, 2, 4, 6, 8)),
        (2.5, (0, 1, 2, 3)),
        (23, (0, 5, 10, 15, 20, 25)),
        (140, (0, 50, 100, 150)),
    ],
)
def test_count_axes_have_whole_number_ticks(top, ticks):
    assert count_ticks(top) == ticks


def _poll_quiz():
    from kiosk.content.loader import load_quizzes

    quiz = next(q for q in load_quizzes().quizzes if q.theme.value == "debate")
    return quiz, quiz.questions[0]


def test_the_debate_core_returns_each_step_as_events_the_queries_read_back(book, tmp_path):
    quiz, poll = _poll_quiz()
    first, second = (c.id for c in poll.choices[:2])
    debate = Debate(quiz, poll)
    with pytest.raises(ValueError):
        debate.vote(first)  # no round open
    stamped = lambda events: [replace(e, session_id=S) for e in events]  # noqa: E731 - what the flow does
    book.append(stamped(debate.start(1)))
    assert debate.voting and debate.round == 1
    for choice in (first, first, second):
        book.append(stamped(debate.vote(choice)))
    assert debate.votes == 3
    with pytest.raises(ValueError):
        debate.vote("no-such-choice")
    (closed,) = debate.close()
    assert closed.payload == {"quiz_id": quiz.id, "question_id": poll.id, "round": 1, "action": "close"}
    assert debate.close() == []  # once
    book.append(stamped([closed]))
    conn = connect(tmp_path / "p.db", readonly=True)
    state = debate_state(conn, S, quiz.id, poll.id)
    assert state.rounds == {1: {first: 2, second: 1}} and state.hidden == (1,) and state.open_round is None
    (reveal,) = debate.reveal(state)
    assert reveal.payload["action"] == "reveal" and reveal.payload["round"] == 1
    book.append(stamped([reveal]))
    assert debate.reveal(debate_state(conn, S, quiz.id, poll.id)) == []  # nothing hidden any more
    opened = debate.start(2)
    assert [e.payload["action"] for e in opened] == ["start"] and debate.votes == 0
    with pytest.raises(ValueError):
        debate.start(3)

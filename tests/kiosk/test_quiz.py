"""The quiz attempt: choice order, checking for every kind, fair score, time, events (pure)."""

from __future__ import annotations

import random

import pytest

from kiosk.content.loader import load_quizzes
from kiosk.content.models import Kind, Question, Quiz
from kiosk.quiz import QuizAttempt, display_order, is_correct, score_band


def _text(word):
    return {"fr": word, "en": word}


def _question(kind, choices, **extra):
    return Question.model_validate(
        {
            "id": f"q-{kind}",
            "kind": kind,
            "prompt": _text("?"),
            "explanation": _text("!"),
            "choices": [{"id": cid, "text": _text(cid), **({"correct": True} if ok else {})} for cid, ok in choices],
            **extra,
        }
    )


SINGLE = _question("single", [("a", True), ("b", False), ("c", False)])
MULTIPLE = _question("multiple", [("a", True), ("b", True), ("c", False)])
TRUEFALSE = _question("truefalse", [("false", True), ("true", False)])
ORDERING = _question("ordering", [("un", False), ("deux", False), ("trois", False)])
POLL = _question("poll", [("oui", False), ("non", False)])


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def _quiz(*questions):
    return Quiz.model_validate(
        {
            "id": "essai",
            "version": 3,
            "theme": "privacy",
            "age_band": "13-17",
            "image": "theme-privacy",
            "title": _text("Essai"),
            "intro": _text("Intro"),
            "questions": [q.model_dump() for q in questions],
        }
    )


@pytest.mark.parametrize(
    ("question", "ids", "expected"),
    [
        (SINGLE, ["a"], True),
        (SINGLE, ["b"], False),
        (SINGLE, ["a", "b"], False),
        (MULTIPLE, ["b", "a"], True),
        (MULTIPLE, ["a"], False),
        (MULTIPLE, ["a", "b", "c"], False),
        (MULTIPLE, ["a", "a", "b"], False),
        (TRUEFALSE, ["false"], True),
        (TRUEFALSE, ["true"], False),
        (ORDERING, ["un", "deux", "trois"], True),
        (ORDERING, ["deux", "un", "trois"], False),
        (POLL, ["oui"], None),
        (POLL, ["non"], None),
    ],
)
def test_every_kind_is_checked(question, ids, expected):
    assert is_correct(question, ids) is expected


def test_image_questions_of_the_shipped_quizzes_have_one_right_picture():
    catalogue = load_quizzes()
    images = [q for quiz in catalogue.quizzes for q in quiz.questions if q.kind is Kind.IMAGE]
    assert images
    for question in images:
        (right,) = question.correct_ids()
        assert is_correct(question, [right]) is True
        wrong = next(c.id for c in question.choices if c.id != right)
        assert is_correct(question, [wrong]) is False


def test_ordering_is_never_displayed_in_the_right_order():
    for seed in range(300):
        order = [c.id for c in display_order(ORDERING, random.Random(seed))]
        assert sorted(order) == sorted(["un", "deux", "trois"])
        assert order != ["un", "deux", "trois"]


def test_shuffle_follows_the_file_and_the_seed():
    many = _question("single", [(str(i), i == 0) for i in range(8)])
    fixed = _question("single", [(str(i), i == 0) for i in range(8)], shuffle=False)
    orders = {tuple(c.id for c in display_order(many, random.Random(s))) for s in range(20)}
    assert len(orders) > 1
    assert [c.id for c in display_order(fixed, random.Random(1))] == [str(i) for i in range(8)]
    for seed in range(5):  # true/false always reads « Vrai » then « Faux »
        assert [c.id for c in display_order(TRUEFALSE, random.Random(seed))] == ["true", "false"]
    attempt_a = QuizAttempt(_quiz(many), Clock(), seed=7)
    attempt_b = QuizAttempt(_quiz(many), Clock(), seed=7)
    assert attempt_a.choices() == attempt_b.choices()


def test_fair_score_time_and_events_of_a_whole_attempt():
    clock = Clock()
    attempt = QuizAttempt(_quiz(SINGLE, MULTIPLE, POLL, ORDERING), clock, seed=1)
    assert attempt.abandon() == []  # not started: nothing to abandon
    (started,) = attempt.start()
    assert (started.type, started.payload) == (
        "quiz_started",
        {"quiz_id": "essai", "quiz_version": 3, "theme": "privacy"},
    )
    assert (started.content_id, started.content_version) == ("essai", "3")
    assert attempt.start() == []  # once
    clock.t += 4.2
    assert [e.type for e in attempt.answer(["a"])] == ["quiz_answered"]
    right = attempt.last_answer
    assert right.correct is True and right.time_ms == 4200
    assert attempt.next() == []
    clock.t += 1.0
    (wrong_event,) = attempt.answer(["a"])
    assert attempt.last_answer.correct is False
    assert wrong_event.payload == {
        "quiz_id": "essai",
        "quiz_version": 3,
        "question_id": "q-multiple",
        "time_ms": 1000,
        "kind": "multiple",
        "choice_ids": ["a"],
        "correct": False,
    }
    attempt.next()
    attempt.answer(["oui"])
    assert attempt.last_answer.correct is None
    attempt.next()
    clock.t += 30  # slow is fine: no speed points
    (skipped,) = attempt.skip()
    assert (skipped.type, skipped.payload) == (
        "quiz_skipped",
        {"quiz_id": "essai", "quiz_version": 3, "question_id": "q-ordering", "time_ms": 30000},
    )
    (completed,) = attempt.next()
    assert attempt.finished and attempt.current is None
    assert (attempt.score, attempt.scored_total) == (1, 3)
    assert completed.type == "quiz_completed" and completed.payload["score"] == 1 and completed.payload["total"] == 3
    assert completed.payload["time_ms"] == 35200
    assert attempt.abandon() == []  # finished: leaving now is not abandoning


def test_leaving_mid_quiz_is_abandoned_once():
    attempt = QuizAttempt(_quiz(SINGLE, MULTIPLE), Clock())
    attempt.start()
    attempt.answer(["b"])
    (event,) = attempt.abandon()
    assert (event.type, event.payload) == ("quiz_abandoned", {"quiz_id": "essai", "quiz_version": 3, "answered": 1})
    assert event.visitor is None and event.session_id is None  # the flow stamps them when logged
    assert attempt.abandon() == [] and not attempt.in_progress


def test_answers_must_be_choices_of_the_current_question():
    attempt = QuizAttempt(_quiz(SINGLE), Clock())
    with pytest.raises(ValueError):
        attempt.answer(["zzz"])
    with pytest.raises(ValueError):
        attempt.answer([])
    attempt.answer(["b"])
    attempt.next()
    with pytest.raises(ValueError):
        attempt.skip()


def test_feedback_of_the_chosen_choices():
    question = Question.model_validate(
        {
            "id": "f",
            "kind": "single",
            "prompt": _text("?"),
            "explanation": _text("!"),
            "choices": [
                {"id": "a", "text": _text("a"), "correct": True},
                {"id": "b", "text": _text("b"), "feedback": _text("Presque !")},
            ],
        }
    )
    attempt = QuizAttempt(_quiz(question), Clock())
    attempt.answer(["b"])
    assert [c.id for c in attempt.last_answer.feedback_choices()] == ["b"]


def test_every_shipped_quiz_can_be_played_through_right():
    for quiz in load_quizzes().quizzes:
        attempt = QuizAttempt(quiz, Clock(), seed=3)
        while not attempt.finished:
            question = attempt.current
            if question.kind is Kind.ORDERING:
                ids = [c.id for c in question.choices]
            elif question.kind is Kind.POLL:
                ids = [attempt.choices()[0].id]
            else:
                ids = [c.id for c in attempt.choices() if c.correct]
            assert is_correct(question, ids) is not False
            attempt.answer(ids)
            attempt.next()
        assert attempt.score == attempt.scored_total


@pytest.mark.parametrize(
    ("score", "total", "band"), [(8, 10, "great"), (5, 10, "good"), (1, 10, "learning"), (0, 0, "great")]
)
def test_score_is_framed_kindly(score, total, band):
    assert score_band(score, total) == band

"""One visitor's attempt at a quiz: choice order, answer checking, score, time per question, events.

Pure (no Qt): the player screen drives a :class:`QuizAttempt` and hands the events each action returns to
the log (``ctx.log(attempt.answer(ids))``), then shows the attempt's state (:attr:`QuizAttempt.last_answer`,
:attr:`QuizAttempt.current`…). The events carry the quiz id and version; the flow stamps visitor, session
and station when they are logged.

Rules, the same for every quiz:

* **Order of choices.** Choices are shuffled with the attempt's seed when the question allows it
  (``shuffle = true``, the default), except ``truefalse`` which always reads « Vrai » then « Faux ».
  ``ordering`` questions are always shuffled for display and never shown already in the right order.
* **Checking.** ``single``, ``truefalse`` and ``image``: the one chosen id is the right one.
  ``multiple``: the chosen set equals the set of right choices exactly. ``ordering``: the ids in the
  order the file lists them. ``poll``: no right answer (``correct`` is ``None``, never scored).
* **Fair score.** One point per right answer; no speed points and no streaks. Polls do not count.
* **Time.** Milliseconds from showing a question to answering or skipping it, on an injected
  monotonic clock in seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.content.models import Choice, Kind, Question, Quiz
from kiosk.log.events import NewEvent


def is_correct(question: Question, choice_ids: Sequence[str]) -> bool | None:
    """Whether ``choice_ids`` (in the visitor's order) answer ``question``; ``None`` for a poll."""
    kind = question.kind
    if kind is Kind.POLL:
        return None
    if kind is Kind.ORDERING:
        return tuple(choice_ids) == tuple(choice.id for choice in question.choices)
    if kind is Kind.MULTIPLE:
        return len(set(choice_ids)) == len(choice_ids) and frozenset(choice_ids) == question.correct_ids()
    return len(choice_ids) == 1 and choice_ids[0] in question.correct_ids()


def display_order(question: Question, rng: random.Random) -> tuple[Choice, ...]:
    """The choices in the order to show them (see the module docstring for the rules)."""
    choices = list(question.choices)
    if question.kind is Kind.TRUEFALSE:
        return tuple(sorted(choices, key=lambda c: c.id != "true"))
    if question.kind is Kind.ORDERING:
        rng.shuffle(choices)
        if [c.id for c in choices] == [c.id for c in question.choices]:
            choices = choices[1:] + choices[:1]  # a rotation is never the right order (≥ 2 choices)
        return tuple(choices)
    if question.shuffle:
        rng.shuffle(choices)
    return tuple(choices)


@dataclass(frozen=True)
class Answer:
    """What the visitor did with one question. ``skipped`` answers have no choices."""

    question: Question
    choice_ids: tuple[str, ...]
    correct: bool | None
    time_ms: int
    skipped: bool = False

    def feedback_choices(self) -> tuple[Choice, ...]:
        """The chosen choices that carry their own feedback, in the visitor's order."""
        by_id = {choice.id: choice for choice in self.question.choices}
        return tuple(by_id[i] for i in self.choice_ids if i in by_id and by_id[i].feedback is not None)


@dataclass
class QuizAttempt:
    """A visitor's run through ``quiz``: :meth:`start`, one question at a time, then a summary.

    ``clock`` returns monotonic seconds; ``seed`` fixes the choice order (tests, screenshots). Every action
    returns the events it produced (``quiz_started``, ``quiz_answered``/``quiz_skipped``, ``quiz_completed``,
    ``quiz_abandoned``), never text.
    """

    quiz: Quiz
    clock: Callable[[], float]
    seed: int | None = None
    answers: list[Answer] = field(default_factory=list)
    index: int = 0

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self._orders = {q.id: display_order(q, rng) for q in self.quiz.questions}
        self._started = self.clock()
        self._shown = self._started
        self._logged_start = False
        self._abandoned = False

    # --- where we are ------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.quiz.questions)

    @property
    def finished(self) -> bool:
        return self.index >= self.total

    @property
    def current(self) -> Question | None:
        return None if self.finished else self.quiz.questions[self.index]

    @property
    def last_answer(self) -> Answer | None:
        """The latest answer or skip (what the feedback screen shows)."""
        return self.answers[-1] if self.answers else None

    @property
    def in_progress(self) -> bool:
        """Started, not finished and not abandoned: leaving now would be logged as abandoned."""
        return self._logged_start and not self.finished and not self._abandoned

    def choices(self, question: Question | None = None) -> tuple[Choice, ...]:
        """Choices of ``question`` (default: the current one) in display order."""
        question = question or self.current
        if question is None:
            return ()
        return self._orders[question.id]

    def answered(self, question_id: str) -> bool:
        return any(a.question.id == question_id for a in self.answers)

    # --- actions -----------------------------------------------------------------------------
    def start(self) -> list[NewEvent]:
        """The first question is on screen: ``quiz_started`` (once)."""
        self.show()
        if self._logged_start:
            return []
        self._logged_start = True
        self._started = self.clock()
        return [self._event("quiz_started", theme=self.quiz.theme.value)]

    def show(self) -> None:
        """The current question is now on screen: its time starts."""
        self._shown = self.clock()

    def _elapsed_ms(self, since: float) -> int:
        return max(0, round((self.clock() - since) * 1000))

    def answer(self, choice_ids: Sequence[str]) -> list[NewEvent]:
        """Record the answer to the current question (stays on it until :meth:`next`): ``quiz_answered``."""
        question = self._require_current()
        known = {c.id for c in question.choices}
        unknown = [i for i in choice_ids if i not in known]
        if not choice_ids or unknown:
            raise ValueError(f"not choices of {question.id!r}: {list(choice_ids)!r}")
        result = Answer(question, tuple(choice_ids), is_correct(question, choice_ids), self._elapsed_ms(self._shown))
        self.answers.append(result)
        return [self._answer_event(result)]

    def skip(self) -> list[NewEvent]:
        """The visitor passed the current question (or its optional timer ran out): ``quiz_skipped``."""
        question = self._require_current()
        result = Answer(question, (), None, self._elapsed_ms(self._shown), skipped=True)
        self.answers.append(result)
        return [self._answer_event(result)]

    def next(self) -> list[NewEvent]:
        """Move on to the next question; after the last one, ``quiz_completed`` (see :attr:`finished`)."""
        self._require_current()
        self.index += 1
        self.show()
        if not self.finished:
            return []
        return [
            self._event(
                "quiz_completed", score=self.score, total=self.scored_total, time_ms=self._elapsed_ms(self._started)
            )
        ]

    def abandon(self) -> list[NewEvent]:
        """The visitor left before the end: ``quiz_abandoned`` once, if the attempt was :attr:`in_progress`."""
        if not self.in_progress:
            return []
        self._abandoned = True
        return [self._event("quiz_abandoned", answered=len(self.answers))]

    def _require_current(self) -> Question:
        question = self.current
        if question is None:
            raise ValueError("the quiz is finished")
        return question

    # --- score -------------------------------------------------------------------------------
    @property
    def score(self) -> int:
        """Right answers so far."""
        return sum(1 for a in self.answers if a.correct)

    @property
    def scored_total(self) -> int:
        """Questions that can be right (polls excluded)."""
        return sum(1 for q in self.quiz.questions if q.kind is not Kind.POLL)

    # --- events ------------------------------------------------------------------------------
    def _event(self, event_type: str, /, **payload: Any) -> NewEvent:
        """An event of this attempt: the quiz id and version in the payload and as its content."""
        ids = {"quiz_id": self.quiz.id, "quiz_version": self.quiz.version}
        return NewEvent(event_type, {**ids, **payload}, content_id=self.quiz.id, content_version=str(self.quiz.version))

    def _answer_event(self, result: Answer) -> NewEvent:
        """``quiz_answered`` (or ``quiz_skipped``): ids, the kind, right or not and the time — no text."""
        base = {"question_id": result.question.id, "time_ms": result.time_ms}
        if result.skipped:
            return self._event("quiz_skipped", **base)
        return self._event(
            "quiz_answered",
            **base,
            kind=result.question.kind.value,
            choice_ids=list(result.choice_ids),
            correct=result.correct,
        )


def score_band(score: int, total: int) -> str:
    """A kind framing of the score: ``"great"`` (≥ 80 %), ``"good"`` (≥ 50 %) or ``"learning"``."""
    if total <= 0:
        return "great"
    ratio = score / total
    if ratio >= 0.8:
        return "great"
    return "good" if ratio >= 0.5 else "learning"

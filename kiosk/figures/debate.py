"""Read-side queries for the pause-débat: answer distributions and debate votes of one café session.

Pure (sqlite3 only). Conventions:

* **Quiz answers** (``quiz_answered``): each visitor counts once per question, with their *latest*
  answer (a visitor who replays a quiz does not vote twice). Every chosen id counts one, so for a
  ``multiple`` question the bars may add up to more than the number of visitors. For ``ordering``
  the per-choice counts mean nothing; :attr:`QuestionTally.right` says how many got the order right.
* **Debate votes** (``poll_vote``): every tap is a vote (the whole room votes on one kiosk). A round
  counts the votes since the last ``debate_round`` event with ``action = "start"`` for that round.
* **Chart axes** count people: :func:`count_ticks` gives whole-number ticks (never 0.5 of a vote).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from kiosk.debate import DebateState


@dataclass(frozen=True)
class QuestionTally:
    """How the session's visitors answered one question."""

    question_id: str
    kind: str = ""
    visitors: int = 0  # visitors who answered (skips excluded)
    choices: dict[str, int] = field(default_factory=dict)  # choice id -> times chosen
    right: int = 0  # visitors whose answer was right (0 for polls)

    def count(self, choice_id: str) -> int:
        return self.choices.get(choice_id, 0)


def _events(conn: sqlite3.Connection, session_id: str, types: tuple[str, ...], quiz_id: str):
    marks = ",".join("?" * len(types))
    return conn.execute(
        f"SELECT type, visitor, payload FROM events WHERE session_id = ? AND type IN ({marks})"
        " AND json_extract(payload, '$.quiz_id') = ? ORDER BY epoch, seq",
        (session_id, *types, quiz_id),
    )


def answer_tallies(conn: sqlite3.Connection, session_id: str, quiz_id: str) -> dict[str, QuestionTally]:
    """``{question id: tally}`` of ``quiz_id`` in ``session_id`` (questions nobody answered are absent)."""
    latest: dict[tuple[str | None, str], dict] = {}
    anonymous = 0
    for _, visitor, payload in _events(conn, session_id, ("quiz_answered",), quiz_id):
        data = json.loads(payload)
        if visitor is None:  # should not happen for visitor answers; count each one separately
            anonymous += 1
            visitor = f"?{anonymous}"
        latest[(visitor, data["question_id"])] = data
    counters: dict[str, Counter[str]] = {}
    kinds: dict[str, str] = {}
    visitors: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for (_, question_id), data in latest.items():
        counters.setdefault(question_id, Counter()).update(data.get("choice_ids") or [])
        kinds[question_id] = data.get("kind", "")
        visitors[question_id] += 1
        right[question_id] += 1 if data.get("correct") is True else 0
    return {q: QuestionTally(q, kinds[q], visitors[q], dict(counters[q]), right[q]) for q in counters}


def debate_state(conn: sqlite3.Connection, session_id: str, quiz_id: str, question_id: str) -> DebateState:
    """Replay the ``debate_round`` and ``poll_vote`` events of one poll in ``session_id``."""
    rounds: dict[int, Counter[str]] = {}
    revealed: set[int] = set()
    open_round: int | None = None
    for kind, _, payload in _events(conn, session_id, ("debate_round", "poll_vote"), quiz_id):
        data = json.loads(payload)
        if data.get("question_id") != question_id:
            continue
        round_ = int(data.get("round", 1))
        if kind == "poll_vote":
            rounds.setdefault(round_, Counter())[data["choice_id"]] += 1
            continue
        action = data.get("action")
        if action == "start":
            rounds[round_] = Counter()
            revealed.discard(round_)
            if round_ == 1:  # a new debate on this poll: forget an earlier second round
                rounds.pop(2, None)
                revealed.discard(2)
            open_round = round_
        elif action == "close" and open_round == round_:
            open_round = None
        elif action == "reveal":
            revealed.add(round_)
    return DebateState({r: dict(c) for r, c in rounds.items()}, frozenset(revealed), open_round)


def count_ticks(top: float, *, most: int = 6) -> tuple[int, ...]:
    """Whole-number ticks from 0 up to at least ``top`` for an axis of counts, at most ``most`` + 1 of them.

    The step is 1, 2 or 5 times a power of ten, the smallest that needs no more than ``most`` steps:
    ``count_ticks(1) == (0, 1)``, ``count_ticks(7) == (0, 2, 4, 6, 8)``, ``count_ticks(0) == (0, 1)``.
    """
    top = max(1, math.ceil(top))
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(top / step) <= most:
                return tuple(range(0, step * math.ceil(top / step) + 1, step))
        magnitude *= 10

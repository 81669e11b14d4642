"""The class hexagon: how the anonymous Holland codes of one café session spread over R I A S E C.

Pure (sqlite3 + json, no Qt). It reads only ``career_completed`` events of one session from the
participation log — each carries an aggregate code (``"IAR"``, or ``""`` when there was none) and
nothing about a person — so the figures it returns are counts of codes, never of answers.

Two views of the same codes (pinned by ``tests/kiosk/test_careers_group.py``):

* **first letter**: ``first[t]`` = number of codes that start with ``t``; each code counts once.
* **all letters, weighted**: each code counts for 1 in total, spread over its letters with the
  position weights of :data:`kiosk.careers.matching.POSITION_WEIGHTS` — ``(3, 2, 1)/6`` for three
  letters, ``(2, 1)/3`` for two, ``1`` for one — so ``sum(weighted.values()) == coded``.

``shares(view)`` divides by ``coded`` (the codes that are not empty): values in [0, 1] that sum to 1.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.careers.matching import POSITION_WEIGHTS
from kiosk.careers.models import RIASEC

VIEWS: tuple[str, ...] = ("first", "weighted")


@dataclass(frozen=True)
class GroupDistribution:
    """The spread of one session's codes; letters always in canonical RIASEC order."""

    completed: int
    """``career_completed`` events in the session (with or without a code)."""
    coded: int
    """Of those, how many have a code (the denominator of :meth:`shares`)."""
    first: Mapping[str, int]
    weighted: Mapping[str, float]

    def counts(self, view: str) -> Mapping[str, float]:
        """``first`` or ``weighted`` (ValueError for any other view)."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
        return self.first if view == "first" else self.weighted

    def shares(self, view: str = "first") -> dict[str, float]:
        """Each letter's share of the coded results, in [0, 1]; all 0 when nothing is coded."""
        counts = self.counts(view)
        return {t: (counts[t] / self.coded if self.coded else 0.0) for t in RIASEC}


def letter_weights(code: str) -> dict[str, float]:
    """How one code spreads its weight of 1 over its letters (see the module docstring)."""
    if not code:
        return {}
    if len(code) == 1:
        return {code: 1.0}
    weights = POSITION_WEIGHTS[len(code)]
    total = sum(weights)
    return {letter: w / total for letter, w in zip(code, weights, strict=True)}


def distribution(codes: Iterable[str]) -> GroupDistribution:
    """The distribution of ``codes`` (each ``""`` or 1–3 distinct RIASEC letters)."""
    first = dict.fromkeys(RIASEC, 0)
    weighted = dict.fromkeys(RIASEC, 0.0)
    completed = coded = 0
    for code in codes:
        completed += 1
        code = code.strip().upper()
        if not code or any(t not in RIASEC for t in code) or len(code) > 3:
            continue
        coded += 1
        first[code[0]] += 1
        for letter, weight in letter_weights(code).items():
            weighted[letter] += weight
    return GroupDistribution(completed, coded, MappingProxyType(first), MappingProxyType(weighted))


def session_codes(conn: sqlite3.Connection, session_id: str) -> list[str]:
    """The codes of every ``career_completed`` event of ``session_id``, in log order."""
    rows = conn.execute(
        "SELECT payload FROM events WHERE session_id = ? AND type = 'career_completed' ORDER BY epoch, seq",
        (session_id,),
    ).fetchall()
    return [str(json.loads(payload).get("code") or "") for (payload,) in rows]


def session_distribution(conn: sqlite3.Connection, session_id: str) -> GroupDistribution:
    """The class hexagon's figures for ``session_id``, read from the participation log."""
    return distribution(session_codes(conn, session_id))

"""Job matching: rank jobs by agreement between a visitor's profile and each job's RIASEC code.

Formula (a position-weighted overlap; pinned by hand-computed cases in
``tests/kiosk/test_careers_matching.py``):

    agreement(job) = Σ_k  w_k · p[job.code[k]]        with  Σ_k w_k = 1

where ``p`` is the visitor's normalised profile (:class:`~kiosk.careers.scoring.Profile`
``scores``, each in [0, 1]) and ``w`` weighs the job's letters by position, the first letter
most: ``(3, 2, 1) / 6`` for a three-letter code, ``(2, 1) / 3`` for a two-letter code. So the
agreement is in [0, 1]: 1 when the visitor loves every activity of the job's three types, 0 when
none of them. It uses the whole profile (not only the visitor's top letters), so close scores
still lead to sensible neighbours, and the weights normalise codes of different lengths.

Order: agreement descending (compared to 9 decimals, so float noise never breaks a tie), then the number of
letters shared with the visitor's code descending, then the job id (alphabetical) — deterministic for equal agreements.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.careers.models import Job

POSITION_WEIGHTS: dict[int, tuple[int, ...]] = {2: (2, 1), 3: (3, 2, 1)}
"""Un-normalised weights per code length; :func:`agreement` divides by their sum."""


@dataclass(frozen=True)
class Match:
    """One ranked job: its id, the agreement in [0, 1] and the letters shared with the visitor's code."""

    job_id: str
    agreement: float
    shared: str


def agreement(scores: Mapping[str, float], job_code: str) -> float:
    """Position-weighted mean of the visitor's scores for the job's letters (see module docstring)."""
    weights = POSITION_WEIGHTS[len(job_code)]
    total = sum(w * scores.get(letter, 0.0) for w, letter in zip(weights, job_code, strict=True))
    return total / sum(weights)


def rank_jobs(scores: Mapping[str, float], code: str, jobs: Iterable[Job]) -> tuple[Match, ...]:
    """All ``jobs`` ranked for the profile ``scores`` and the visitor's ``code`` (may be "")."""
    matches = [Match(job.id, agreement(scores, job.code), "".join(t for t in job.code if t in code)) for job in jobs]
    return tuple(sorted(matches, key=lambda m: (-round(m.agreement, 9), -len(m.shared), m.job_id)))

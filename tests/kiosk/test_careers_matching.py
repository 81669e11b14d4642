"""Job matching: the position-weighted overlap formula, checked against hand computations."""

from __future__ import annotations

import pytest

from kiosk.careers.matching import agreement, rank_jobs
from kiosk.careers.models import Job

SCORES = {"R": 1.0, "I": 0.5, "A": 0.0, "S": 0.25, "E": 0.0, "C": 0.75}


def make_job(job_id: str, code: str) -> Job:
    text = {"fr": "x", "en": "x"}
    return Job.model_validate(
        {
            "kind": "careers-job",
            "id": job_id,
            "code": code,
            "title": text,
            "mission": text,
            "tasks": [text] * 3,
            "skills": [text],
            "settings": [text],
            "myth": text,
            "reality": text,
            "next_step": text,
            "paths": [{"level": "DEC", "program": text, "years": 3}],
        }
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("RIC", (3 * 1.0 + 2 * 0.5 + 1 * 0.75) / 6),  # 4.75 / 6 ≈ 0.7917
        ("CR", (2 * 0.75 + 1 * 1.0) / 3),  # 2.5 / 3 ≈ 0.8333
        ("AS", (2 * 0.0 + 1 * 0.25) / 3),  # 0.25 / 3 ≈ 0.0833
        ("SEA", (3 * 0.25 + 0 + 0) / 6),  # 0.75 / 6 = 0.125
        ("RI", (2 * 1.0 + 1 * 0.5) / 3),  # 2.5 / 3 ≈ 0.8333
    ],
)
def test_agreement_hand_computed(code: str, expected: float) -> None:
    assert agreement(SCORES, code) == pytest.approx(expected)


def test_agreement_is_one_for_a_perfect_fit_and_zero_for_none() -> None:
    assert agreement(dict.fromkeys("RIASEC", 1.0), "ASE") == 1.0
    assert agreement(dict.fromkeys("RIASEC", 0.0), "ASE") == 0.0


def test_first_letter_weighs_most() -> None:
    assert agreement(SCORES, "RCI") > agreement(SCORES, "CRI") > agreement(SCORES, "ICR")


def test_ranking_order_and_tie_breaks() -> None:
    jobs = [
        make_job("zeta", "RI"),
        make_job("alpha", "CR"),
        make_job("ric", "RIC"),
        make_job("as", "AS"),
        make_job("beta", "RI"),
    ]
    ranked = rank_jobs(SCORES, "RCI", jobs)
    # CR, RI, RI all ≈ 0.8333: CR and RI share 2 letters with "RCI" → ids decide (alpha, beta, zeta).
    assert [m.job_id for m in ranked] == ["alpha", "beta", "zeta", "ric", "as"]
    assert ranked[0].shared == "CR"
    assert ranked[3].agreement == pytest.approx(4.75 / 6)


def test_shared_letters_break_an_agreement_tie() -> None:
    scores = {"R": 0.5, "I": 0.5, "A": 0.5, "S": 0.5, "E": 0.5, "C": 0.5}
    ranked = rank_jobs(scores, "SEC", [make_job("a-job", "RIA"), make_job("b-job", "SEC")])
    assert [m.job_id for m in ranked] == ["b-job", "a-job"]

"""The class hexagon's figures (kiosk.careers.group): hand-computed cases, and the query on a real log.

Pure: runs in the no-Qt test process.
"""

from __future__ import annotations

import pytest

from kiosk.careers import RIASEC
from kiosk.careers.group import distribution, letter_weights, session_codes, session_distribution
from kiosk.log.clock import FakeClock
from kiosk.log.events import NewEvent
from kiosk.log.logbook import Logbook, connect


def test_letter_weights_spread_one_over_the_code():
    assert letter_weights("IAR") == pytest.approx({"I": 3 / 6, "A": 2 / 6, "R": 1 / 6})
    assert letter_weights("SE") == pytest.approx({"S": 2 / 3, "E": 1 / 3})
    assert letter_weights("C") == {"C": 1.0}
    assert letter_weights("") == {}


def test_hand_computed_distribution():
    dist = distribution(["IAR", "ISE", "SE", "A", ""])
    assert (dist.completed, dist.coded) == (5, 4)
    assert dict(dist.first) == {"R": 0, "I": 2, "A": 1, "S": 1, "E": 0, "C": 0}
    assert dict(dist.weighted) == pytest.approx(
        {"R": 1 / 6, "I": 1.0, "A": 2 / 6 + 1, "S": 2 / 6 + 2 / 3, "E": 1 / 6 + 1 / 3, "C": 0.0}
    )
    assert sum(dist.weighted.values()) == pytest.approx(dist.coded)
    assert dist.shares("first") == {"R": 0.0, "I": 0.5, "A": 0.25, "S": 0.25, "E": 0.0, "C": 0.0}
    assert sum(dist.shares("weighted").values()) == pytest.approx(1.0)


def test_nothing_coded_gives_zero_shares_not_a_division_error():
    dist = distribution(["", ""])
    assert (dist.completed, dist.coded) == (2, 0)
    assert dist.shares("first") == dict.fromkeys(RIASEC, 0.0)
    assert distribution([]).shares("weighted") == dict.fromkeys(RIASEC, 0.0)


def test_malformed_codes_are_left_out_and_case_is_ignored():
    dist = distribution(["xyz", "ABCD", "ai"])
    assert (dist.completed, dist.coded) == (3, 1)
    assert dist.first["A"] == 1


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="unknown view"):
        distribution(["A"]).shares("median")


def completed(code: str, session: str | None) -> NewEvent:
    return NewEvent("career_completed", {"code": code, "answered": 30, "skipped": 0}, session_id=session, visitor="v")


def test_session_query_reads_only_that_sessions_completed_events(tmp_path):
    book = Logbook.open(tmp_path / "log.sqlite", tmp_path / "identity.json", clock=FakeClock())
    book.append(
        [
            completed("IAR", "s1"),
            completed("SEC", "s1"),
            completed("", "s1"),
            completed("RIC", "s2"),
            completed("AES", None),
            NewEvent("career_abandoned", {"answered": 3}, session_id="s1"),
            NewEvent("career_job_opened", {"job_id": "graphiste"}, session_id="s1"),
        ]
    )
    reader = connect(tmp_path / "log.sqlite", readonly=True)
    try:
        assert session_codes(reader, "s1") == ["IAR", "SEC", ""]
        dist = session_distribution(reader, "s1")
        assert (dist.completed, dist.coded) == (3, 2)
        assert dict(dist.first) == {"R": 0, "I": 1, "A": 0, "S": 1, "E": 0, "C": 0}
        assert session_distribution(reader, "nope").completed == 0
    finally:
        reader.close()
        book.close()

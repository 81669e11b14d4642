"""Dome events: show started/ended and the one-tap audience count, anonymous, per café session; the
panel's live figures count them."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.cafe import CafeSession
from kiosk.errors import EventError, SessionError
from kiosk.figures.session import session_counts
from kiosk.hq.report import Report, tables
from kiosk.log.events import NewEvent
from kiosk.log.logbook import Logbook
from kiosk.show import events


def test_events_are_anonymous_and_checked():
    assert events.show_ended("demo", 12.6, "s1", "dome").payload == {
        "media_id": "demo",
        "target": "dome",
        "seconds": 13,
    }
    assert events.audience("demo", 25, "s1", "dome").payload == {"media_id": "demo", "count": 25}
    with pytest.raises(SessionError):
        events.audience("demo", 25, None, "dome")  # no café session open
    with pytest.raises(SessionError):
        events.audience("demo", 0, "s1", "dome")
    with pytest.raises(EventError):
        NewEvent("dome_audience", {"media_id": "demo", "count": 3, "names": "Alice"})


def test_the_panel_counts_shows_and_audience(tmp_path):
    session = CafeSession.new(
        venue_type="school", venue_name="École du Dôme", region="06", audience="mixed", expected_size=60
    )
    book = Logbook.open(tmp_path / "participation.db", tmp_path / "device.json")
    sid = session.session_id
    book.append([session.started_event("Dôme")])
    book.append([events.show_started("demo-show", sid, "Dôme"), events.audience("demo-show", 25, sid, "Dôme")])
    book.append([events.show_ended("demo-show", 80, sid, "Dôme"), events.audience("demo-show", 15, sid, "Dôme")])
    book.close()
    with sqlite3.connect(tmp_path / "participation.db") as conn:
        counts = session_counts(conn, sid)
    assert counts.dome_shows == 1 and counts.dome_audience == 40


def test_hq_report_table_suppresses_small_audiences():
    report = Report(dome_audience={"demo-show": 40, "other": 3})
    header, rows = tables(report)["dome_audience"]
    assert header == ("media_id", "people") and rows == [("demo-show", 40), ("other", "<5")]

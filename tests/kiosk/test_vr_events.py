"""VR view events (kiosk.look): anonymous, paired, whole seconds; the 360° viewer logs them, not dome shows."""

from __future__ import annotations

import pytest

from kiosk.errors import EventError
from kiosk.log.clock import FakeClock
from kiosk.log.events import NewEvent
from kiosk.look import HEADSET, VIEWER, LookAround, view_ended, view_started


def test_a_view_is_a_start_and_an_end_with_seconds() -> None:
    clock = FakeClock()
    look = LookAround(clock)
    assert look.end() == []
    started = look.show("demo-360-paysage")
    assert [(e.type, e.payload) for e in started] == [
        ("vr_view_started", {"media_id": "demo-360-paysage", "target": "viewer"})
    ]
    clock.advance(41.6)
    switched = look.show("demo-360-grille")
    assert [(e.type, e.payload.get("seconds")) for e in switched] == [("vr_view_ended", 41), ("vr_view_started", None)]
    assert all(e.session_id is None and e.visitor is None for e in switched)  # the flow stamps session and visitor
    clock.advance(3)
    assert look.end()[0].payload == {"media_id": "demo-360-grille", "target": "viewer", "seconds": 3}
    assert look.end() == []


def test_only_known_targets_and_anonymous_payloads() -> None:
    assert view_ended("m", HEADSET, -2.0).payload["seconds"] == 0
    assert view_started("m", VIEWER).type == "vr_view_started"
    with pytest.raises(ValueError, match="target"):
        view_started("m", "dome")
    with pytest.raises(EventError):
        NewEvent("vr_view_ended", {"media_id": "m", "target": "viewer", "seconds": 3, "name": "Alex"})


def test_hq_report_table_suppresses_small_view_counts() -> None:
    from kiosk.hq.report import Report, tables

    report = Report(vr_views={"demo-show": (12, 640), "other": (3, 50)})
    header, rows = tables(report)["vr_views"]
    assert header == ("media_id", "views", "seconds_watched")
    assert rows == [("demo-show", 12, 640), ("other", "<5", "")]

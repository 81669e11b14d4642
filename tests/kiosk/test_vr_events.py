"""VR view events (kiosk.show.vr_events): anonymous, paired, whole seconds."""

from __future__ import annotations

import pytest

from kiosk.errors import EventError
from kiosk.log.events import NewEvent
from kiosk.show.vr_events import HEADSET, VIEWER, ViewClock, view_ended, view_started


def test_a_view_is_a_start_and_an_end_with_seconds() -> None:
    now = [100.0]
    clock = ViewClock(VIEWER, lambda: now[0])
    assert clock.stop() == []
    started = clock.start("demo-360-paysage", session_id="s1")
    assert [(e.type, e.payload) for e in started] == [
        ("vr_view_started", {"media_id": "demo-360-paysage", "target": "viewer"})
    ]
    now[0] += 41.6
    switched = clock.start("demo-360-grille", session_id="s1")
    assert [(e.type, e.payload.get("seconds")) for e in switched] == [("vr_view_ended", 42), ("vr_view_started", None)]
    assert all(e.session_id == "s1" and e.visitor is None for e in switched)  # the flow stamps the visitor
    now[0] += 3
    assert clock.stop()[0].payload == {"media_id": "demo-360-grille", "target": "viewer", "seconds": 3}
    assert clock.stop() == []


def test_only_known_targets_and_anonymous_payloads() -> None:
    assert view_ended("m", HEADSET, -2.0).payload["seconds"] == 0
    assert isinstance(view_started("m", HEADSET), NewEvent)
    with pytest.raises(ValueError, match="target"):
        view_started("m", "dome")
    with pytest.raises(EventError):
        NewEvent("vr_view_ended", {"media_id": "m", "target": "viewer", "seconds": 3, "name": "Alex"})

import pytest

from kiosk.look import HFOV_RANGE_DEG, PITCH_LIMIT_DEG, LookState


def test_drag_right_turns_view_left_by_the_field_of_view():
    state = LookState(hfov_deg=90.0).dragged(480, 0, view_width_px=960)
    assert state.yaw_deg == pytest.approx(-45.0)


def test_yaw_wraps_and_pitch_clamps():
    state = LookState(yaw_deg=170.0).dragged(-960, 0, 960)  # +90° → 260° → -100°
    assert state.yaw_deg == pytest.approx(-100.0)
    up = LookState().dragged(0, 10_000, 960)
    assert up.pitch_deg == PITCH_LIMIT_DEG
    assert LookState().dragged(0, -10_000, 960).pitch_deg == -PITCH_LIMIT_DEG


def test_zoom_stays_in_range():
    assert LookState().zoomed(0.01).hfov_deg == HFOV_RANGE_DEG[0]
    assert LookState().zoomed(100).hfov_deg == HFOV_RANGE_DEG[1]
    assert LookState().zoomed(0.8).hfov_deg == pytest.approx(72.0)


def test_each_picture_shown_is_a_started_ended_pair_with_its_seconds():
    from kiosk.log.clock import FakeClock
    from kiosk.look import LookAround

    clock = FakeClock()
    look = LookAround(clock)
    assert look.end() == []  # nothing shown yet
    (started,) = look.show("demo-sky")
    assert (started.type, started.payload) == ("dome_show_started", {"media_id": "demo-sky", "target": "vr-viewer"})
    look.drag(480, 0, 960)
    assert look.state.yaw_deg == pytest.approx(-45.0)
    clock.advance(12.7)
    ended, started = look.show("demo-grid")  # the next picture ends the previous one
    assert (ended.type, ended.payload) == (
        "dome_show_ended",
        {"media_id": "demo-sky", "target": "vr-viewer", "seconds": 12},
    )
    assert started.payload["media_id"] == "demo-grid" and look.state == LookState()  # straight ahead again
    clock.advance(3)
    (ended,) = look.end()
    assert ended.payload["seconds"] == 3 and look.media_id is None and look.end() == []

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
    assert (started.type, started.payload) == ("vr_view_started", {"media_id": "demo-sky", "target": "viewer"})
    look.drag(480, 0, 960)
    assert look.state.yaw_deg == pytest.approx(-45.0)
    clock.advance(12.7)
    ended, started = look.show("demo-grid")  # the next picture ends the previous one
    assert (ended.type, ended.payload) == (
        "vr_view_ended",
        {"media_id": "demo-sky", "target": "viewer", "seconds": 12},
    )
    assert started.payload["media_id"] == "demo-grid" and look.state == LookState()  # straight ahead again
    clock.advance(3)
    (ended,) = look.end()
    assert ended.payload["seconds"] == 3 and look.media_id is None and look.end() == []


def test_inertia_decays_exponentially_and_stops_under_the_stop_speed():
    import math

    from kiosk.look import DECAY_PER_S, STOP_DEG_S, Inertia

    state, inertia = LookState(), Inertia(yaw_deg_s=100.0)
    state, inertia = inertia.step(state, 0.25)
    assert inertia.yaw_deg_s == pytest.approx(100.0 * math.exp(-DECAY_PER_S * 0.25))
    assert state.yaw_deg == pytest.approx(100.0 * (1 - math.exp(-DECAY_PER_S * 0.25)) / DECAY_PER_S)
    # the path does not depend on the timer's rhythm: 16 steps of 1/64 s = one step of 0.25 s
    fine, fine_inertia = LookState(), Inertia(yaw_deg_s=100.0)
    for _ in range(16):
        fine, fine_inertia = fine_inertia.step(fine, 0.25 / 16)
    assert fine.yaw_deg == pytest.approx(state.yaw_deg) and fine_inertia.yaw_deg_s == pytest.approx(inertia.yaw_deg_s)
    total = 0.0
    for _ in range(200):  # 200 × 16 ms: long stopped by then
        before = state.yaw_deg
        state, inertia = inertia.step(state, 0.016)
        total += state.yaw_deg - before
    assert not inertia.moving and inertia.speed_deg_s == 0.0
    assert state.yaw_deg == pytest.approx(100.0 / DECAY_PER_S, abs=STOP_DEG_S / DECAY_PER_S + 1e-6)
    assert inertia.step(state, 1.0) == (state, inertia)  # at rest: nothing moves


def test_inertia_stops_turning_against_a_pole_but_keeps_turning_sideways():
    from kiosk.look import Inertia

    state, inertia = Inertia(yaw_deg_s=50.0, pitch_deg_s=500.0).step(LookState(pitch_deg=80.0), 0.1)
    assert state.pitch_deg == PITCH_LIMIT_DEG and inertia.pitch_deg_s == 0.0 and inertia.yaw_deg_s > 0


def test_a_flick_coasts_on_after_release_and_a_touch_stops_it():
    from kiosk.log.clock import FakeClock
    from kiosk.look import MAX_DEG_S, LookAround

    clock = FakeClock()
    look = LookAround(clock)
    look.show("demo-video", video=True)
    look.touch()
    for _ in range(5):  # 60 px every 20 ms to the left on a 960 px view: the view turns right at 281°/s
        look.drag(-60, 0, 960)
        clock.advance(0.02)
    dragged = look.state.yaw_deg
    assert look.release() and look.inertia.yaw_deg_s == pytest.approx(4 * 60 * 90 / 960 / 0.1)
    clock.advance(0.1)
    assert look.coast() and look.state.yaw_deg > dragged
    look.touch()  # a new finger: the view stops where it is
    at = look.state
    clock.advance(0.1)
    assert not look.coast() and look.state == at
    look.touch()
    look.drag(-5000, 0, 960)
    clock.advance(0.01)
    look.drag(-5000, 0, 960)
    assert look.release() and look.inertia.speed_deg_s == pytest.approx(MAX_DEG_S)  # never a wild spin
    clock.advance(5.0)
    assert not look.coast()  # stopped long ago (one step of 5 s, decayed under the stop speed)


def test_a_finger_held_still_before_lifting_leaves_no_inertia():
    from kiosk.log.clock import FakeClock
    from kiosk.look import LookAround

    clock = FakeClock()
    look = LookAround(clock)
    look.touch()
    look.drag(-60, 0, 960)
    clock.advance(0.02)
    look.drag(-60, 0, 960)
    clock.advance(0.5)  # held still
    assert not look.release() and not look.inertia.moving
    look.touch()
    look.drag(-60, 0, 960)  # one move: no span to measure a speed on
    assert not look.release()


def test_a_video_counts_the_seconds_it_played_not_the_time_on_screen():
    from kiosk.log.clock import FakeClock
    from kiosk.look import LookAround

    clock = FakeClock()
    look = LookAround(clock)
    look.show("demo-video", video=True)
    for position in (0.0, 0.5, 1.0, 1.5, 2.0):  # 2 s played
        look.played(position)
        clock.advance(0.5)
    look.played(None)  # stopped (the page hidden) for a minute
    clock.advance(60)
    for position in (2.0, 2.5, 3.0):  # resumed where it was: 1 s more
        look.played(position)
    look.played(19.9)  # a stall or a jump forward counts nothing
    for position in (0.0, 0.9):  # looped to the start: 0.9 s more
        look.played(position)
    (ended,) = look.end()
    assert ended.payload == {"media_id": "demo-video", "target": "viewer", "seconds": 3}
    assert look.video is False and look.watched_s == 0.0

import pytest

from kiosk.flow import IdlePhase, Screen, VisitorFlow
from kiosk.log.clock import FakeClock


def make_flow(**kwargs):
    tokens = iter(f"token{i}" for i in range(100))
    clock = FakeClock()
    return clock, VisitorFlow(
        clock, idle_timeout_s=60, countdown_s=15, new_token=lambda: next(tokens), station="Kiosque 1", **kwargs
    )


def test_attract_touch_starts_a_visitor():
    _, flow = make_flow()
    assert flow.screen is Screen.ATTRACT and flow.visitor is None
    events = flow.start_visit()
    assert flow.screen is Screen.HOME
    assert [e.type for e in events] == ["visitor_started"]
    assert events[0].visitor == "token0" and events[0].payload == {"language": "fr"}


def test_idle_warning_then_reset_forgets_visitor_and_language():
    clock, flow = make_flow()
    flow.start_visit()
    flow.set_language("en")
    flow.open_activity("quiz")
    clock.advance(59)
    assert flow.tick().phase is IdlePhase.ACTIVE
    clock.advance(2)
    status = flow.tick()
    assert status.phase is IdlePhase.WARNING and status.seconds_left == pytest.approx(14)
    clock.advance(14)
    assert flow.tick().phase is IdlePhase.EXPIRED
    events = flow.reset()
    assert [e.type for e in events] == ["idle_reset"] and events[0].payload == {"screen": "quiz"}
    assert flow.screen is Screen.ATTRACT and flow.visitor is None and flow.language == "fr"
    flow.start_visit()
    assert flow.visitor == "token1"


def test_touch_during_countdown_cancels_it():
    clock, flow = make_flow()
    flow.start_visit()
    clock.advance(65)
    assert flow.tick().phase is IdlePhase.WARNING
    flow.touch()
    assert flow.tick().phase is IdlePhase.ACTIVE


def test_attract_and_facilitator_never_time_out():
    clock, flow = make_flow()
    clock.advance(10_000)
    assert flow.tick().phase is IdlePhase.ACTIVE
    flow.start_visit()
    flow.open_facilitator()
    clock.advance(10_000)
    assert flow.tick().phase is IdlePhase.ACTIVE


def test_language_switch_logs_only_real_changes():
    _, flow = make_flow()
    assert flow.set_language("en") == []  # no visitor yet: nothing to log
    flow.start_visit()
    assert flow.set_language("en") == []
    assert [e.payload for e in flow.set_language("fr")] == [{"language": "fr"}]
    with pytest.raises(ValueError):
        flow.set_language("de")


def test_events_carry_session_and_station():
    _, flow = make_flow()
    flow.session_id = "s-1"
    event = flow.start_visit()[0]
    assert (event.session_id, event.station) == ("s-1", "Kiosque 1")
    assert flow.open_activity("careers")[0].payload == {"activity": "careers"}
    with pytest.raises(ValueError):
        flow.open_activity("casino")

import pytest

from kiosk.cafe import CafeSession
from kiosk.flow import IdlePhase, Screen, VisitorFlow
from kiosk.log.clock import FakeClock
from kiosk.log.events import NewEvent

SESSION = CafeSession("s-1", "school", "École Louis-Riel", "06", "sec3", 28)


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


def test_attract_and_vote_never_time_out():
    clock, flow = make_flow()
    clock.advance(10_000)
    assert flow.tick().phase is IdlePhase.ACTIVE
    flow.unlock()
    flow.open_facilitator()
    flow.open_vote()
    clock.advance(10_000)  # the room votes as long as the facilitator wants
    assert flow.tick().phase is IdlePhase.ACTIVE and flow.screen is Screen.VOTE


def test_facilitator_pages_time_out_on_their_own_delay():
    clock, flow = make_flow(facilitator_idle_s=120)
    flow.start_visit()
    flow.unlock()
    flow.open_facilitator()
    clock.advance(119)  # longer than a visitor's 60 s
    assert flow.tick().phase is IdlePhase.ACTIVE and flow.unlocked
    clock.advance(2)
    assert flow.tick().phase is IdlePhase.WARNING
    flow.touch()
    clock.advance(120 + 15)
    assert flow.tick().phase is IdlePhase.EXPIRED and not flow.unlocked  # the unlock lapses with it
    flow.touch()  # a tap after the delay does not bring it back
    assert not flow.unlocked
    flow.reset()
    assert flow.screen is Screen.ATTRACT and not flow.unlocked


def test_a_running_show_keeps_the_facilitator_unlock_alive_and_only_while_it_runs():
    clock, flow = make_flow(facilitator_idle_s=120)
    flow.unlock()
    flow.open_facilitator()
    for _ in range(10):  # a ten-minute show: the console calls this on every tick while it plays
        clock.advance(60)
        flow.keep_facilitator_awake()
        assert flow.tick().phase is IdlePhase.ACTIVE and flow.unlocked
    clock.advance(120 + 15)  # the show ended: the usual delay counts again
    assert flow.tick().phase is IdlePhase.EXPIRED and not flow.unlocked
    flow.keep_facilitator_awake()  # too late: an expired unlock does not come back
    assert not flow.unlocked
    flow.reset()
    flow.start_visit()
    flow.keep_facilitator_awake()  # not on a visitor screen
    clock.advance(61)
    assert flow.tick().phase is IdlePhase.WARNING


def test_a_pin_pad_left_open_times_out_like_a_facilitator_page():
    clock, flow = make_flow(facilitator_idle_s=120)
    flow.open_pin()
    clock.advance(120 + 15)
    assert flow.tick().phase is IdlePhase.EXPIRED
    flow.close_pin()
    assert flow.tick().phase is IdlePhase.ACTIVE  # the attract screen under it


def test_facilitator_pages_need_a_still_valid_unlock():
    clock, flow = make_flow()
    with pytest.raises(PermissionError):
        flow.open_facilitator()
    flow.unlock()
    flow.open_facilitator()
    flow.open_facilitator()  # from page to page while unlocked
    flow.open_vote()  # the kiosk goes to the room: locked
    assert not flow.unlocked
    with pytest.raises(PermissionError):
        flow.open_facilitator()  # « Terminer le vote » needs the PIN
    flow.unlock()
    flow.open_facilitator()
    flow.close_facilitator()  # « Retour au kiosque »
    assert flow.screen is Screen.ATTRACT and not flow.unlocked
    with pytest.raises(PermissionError):
        flow.open_facilitator()


def test_opening_the_facilitator_side_ends_the_visit_with_the_visitors_token():
    _, flow = make_flow()
    flow.start_visit()
    flow.set_language("en")
    flow.open_activity("quiz")
    flow.unlock()
    (reset,) = flow.open_facilitator()
    assert (reset.type, reset.visitor, reset.payload) == ("idle_reset", "token0", {"screen": "quiz"})
    assert flow.visitor is None and flow.language == "fr" and flow.screen is Screen.FACILITATOR
    assert flow.close_facilitator() == []  # nobody left to reset


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
    flow.open_session(SESSION)
    event = flow.start_visit()[0]
    assert (event.session_id, event.station) == ("s-1", "Kiosque 1")
    assert flow.open_activity("careers")[0].payload == {"activity": "careers"}
    with pytest.raises(ValueError):
        flow.open_activity("casino")


def test_the_session_is_opened_and_closed_by_the_flow():
    _, flow = make_flow()
    assert flow.session is None and flow.close_session() == []
    (started,) = flow.open_session(SESSION)
    assert (started.type, started.session_id, started.payload["station_name"]) == (
        "session_started",
        "s-1",
        "Kiosque 1",
    )
    assert flow.session_id == "s-1"
    with pytest.raises(ValueError):
        flow.open_session(SESSION)  # one at a time
    (ended,) = flow.close_session()
    assert (ended.type, ended.session_id) == ("session_ended", "s-1") and flow.session is None


def test_a_session_left_open_before_a_restart_goes_on():
    _, flow = make_flow(session=SESSION)
    assert flow.start_visit()[0].session_id == "s-1"


def test_the_flow_stamps_what_an_activity_core_leaves_empty():
    _, flow = make_flow()
    flow.open_session(SESSION)
    flow.start_visit()
    bare = NewEvent("quiz_abandoned", {"quiz_id": "q", "quiz_version": 1, "answered": 2}, content_id="q")
    (stamped,) = flow.stamp([bare])
    assert (stamped.session_id, stamped.station, stamped.visitor) == ("s-1", "Kiosque 1", "token0")
    assert stamped.content_id == "q" and stamped.payload == bare.payload
    (reset,) = flow.reset()
    (kept,) = flow.stamp([reset])  # logged after the flow forgot the visitor: keeps its own token
    assert kept.visitor == "token0"
    other = NewEvent("station_group", {"station": "Casques RV", "count": -5}, session_id="s-0", station="Casques RV")
    assert flow.stamp([other]) == [other]  # a correction of an earlier session stays in it


def test_facilitator_pages_wait_two_minutes_by_default():
    from kiosk.flow import FACILITATOR_IDLE_S
    from kiosk.settings import Settings

    assert Settings().facilitator_idle_s == FACILITATOR_IDLE_S == 120

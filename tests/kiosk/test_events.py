import pytest

from kiosk.errors import EventError
from kiosk.log.events import EVENT_TYPES, NewEvent, canonical_json


def test_unknown_type_and_unknown_keys_are_refused():
    with pytest.raises(EventError, match="unknown event type"):
        NewEvent("visitor_name_entered", {})
    with pytest.raises(EventError, match="may not carry"):
        NewEvent("visitor_started", {"language": "fr", "name": "Alex"})


@pytest.mark.parametrize("value", ["x" * 500, "line one\nline two", {"nested": 1}, b"bytes"])
def test_free_text_and_blobs_are_refused(value):
    with pytest.raises(EventError):
        NewEvent("quiz_answered", {"question_id": value})


def test_no_event_type_accepts_identifying_keys():
    identifying = {"name", "first_name", "email", "phone", "photo", "audio", "ip", "birthdate", "age", "text"}
    for event_type, keys in EVENT_TYPES.items():
        assert not keys & identifying, event_type


def test_canonical_json_is_stable_and_keeps_accents():
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("time_ms", float("nan")),
        ("time_ms", float("inf")),
        ("time_ms", -float("inf")),
        ("time_ms", 2**70),
        ("time_ms", -(2**64)),
        ("time_ms", 12.5),
        ("time_ms", True),
        ("correct", "yes"),
        ("correct", 1),
        ("choice_ids", ["a", float("nan")]),
        ("choice_ids", "a"),
        ("question_id", 7),
        ("question_id", "tab\there"),
    ],
)
def test_values_are_finite_bounded_and_of_their_keys_kind(key, value):
    """Issue 13 item 4: what the kiosk logs is what HQ will accept (finite, 64-bit, the key's kind)."""
    with pytest.raises(EventError):
        NewEvent("quiz_answered", {key: value})


def test_every_allowed_key_has_a_declared_kind():
    from kiosk.log.events import KEY_KINDS

    missing = sorted({key for keys in EVENT_TYPES.values() for key in keys} - set(KEY_KINDS))
    assert missing == [], f"add these keys to KEY_KINDS in kiosk/log/events.py: {missing}"


def test_values_the_app_logs_are_accepted():
    NewEvent("quiz_answered", {"choice_ids": ["a", "b"], "correct": None, "time_ms": 5234, "quiz_version": 3})
    NewEvent("dome_show_ended", {"media_id": "m", "target": "vr-viewer", "seconds": 12.5})
    NewEvent("career_started", {"cards_version": 1})
    NewEvent("app_started", {"kiosk_mode": True, "language": "fr"})

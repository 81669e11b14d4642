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

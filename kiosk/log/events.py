"""Participation events: what may be logged, and its canonical form.

An event is a fact, never edited (corrections are new events). It is anonymous by construction:
the payload of every event type has a fixed set of allowed keys, values are ids, numbers or short
codes — never free text, names, photos, audio or device identifiers of visitors. A visitor is only a
random ``visitor`` token that changes at every idle reset. :func:`check_payload` enforces this at the
single write entry point (:meth:`kiosk.log.logbook.Logbook.append`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import EventError

SCHEMA_VERSION = 1
MAX_TEXT_LEN = 120  # longest string value allowed in a payload (ids, codes, venue names)

# type -> allowed payload keys. Adding an event type is one line here (and a test of its payload).
EVENT_TYPES: dict[str, frozenset[str]] = {
    # café sessions and the device
    "session_started": frozenset({"venue_type", "venue_name", "region", "audience", "expected_size", "station_name"}),
    "session_ended": frozenset({"reason"}),
    "epoch_started": frozenset({"reason", "previous_epoch"}),
    "db_quarantined": frozenset({"file", "error"}),
    "app_started": frozenset({"kiosk_mode", "language"}),
    "station_group": frozenset({"station", "count"}),
    "correction": frozenset({"reason"}),
    # the visitor's path through the kiosk
    "visitor_started": frozenset({"language"}),
    "language_changed": frozenset({"language"}),
    "activity_opened": frozenset({"activity"}),
    "idle_reset": frozenset({"screen"}),
    # quizzes and polls
    "quiz_started": frozenset({"quiz_id", "quiz_version", "theme"}),
    "quiz_answered": frozenset({"quiz_id", "quiz_version", "question_id", "kind", "choice_ids", "correct", "time_ms"}),
    "quiz_skipped": frozenset({"quiz_id", "quiz_version", "question_id", "time_ms"}),
    "quiz_completed": frozenset({"quiz_id", "quiz_version", "score", "total", "time_ms"}),
    "quiz_abandoned": frozenset({"quiz_id", "quiz_version", "answered"}),
    "poll_vote": frozenset({"quiz_id", "quiz_version", "question_id", "choice_id", "round"}),
    "debate_round": frozenset({"quiz_id", "question_id", "round", "action"}),
    # careers
    "career_started": frozenset({"cards_version"}),
    "career_completed": frozenset({"code", "answered", "skipped"}),
    "career_abandoned": frozenset({"answered"}),
    "career_job_opened": frozenset({"job_id"}),
    # dome and VR
    "dome_show_started": frozenset({"media_id", "target"}),
    "dome_show_ended": frozenset({"media_id", "target", "seconds"}),
    "dome_audience": frozenset({"media_id", "count"}),
    "vr_view_started": frozenset({"media_id", "target"}),  # a 360° view begins: target "viewer" or "headset"
    "vr_view_ended": frozenset({"media_id", "target", "seconds"}),  # … and ends: whole seconds watched
}


def _check_value(key: str, value: Any) -> None:
    if value is None or isinstance(value, (bool, int, float)):
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT_LEN or "\n" in value:
            raise EventError("errors.event.free_text", key=key, length=len(value))
        return
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        for item in value:
            _check_value(key, item)
        return
    raise EventError("errors.event.bad_type", key=key, kind=type(value).__name__)


def check_payload(event_type: str, payload: dict[str, Any]) -> None:
    """Raise :class:`EventError` unless ``payload`` is allowed for ``event_type``."""
    allowed = EVENT_TYPES.get(event_type)
    if allowed is None:
        raise EventError("errors.event.unknown_type", type=event_type)
    extra = set(payload) - allowed
    if extra:
        raise EventError("errors.event.extra_keys", type=event_type, keys=", ".join(sorted(extra)))
    for key, value in payload.items():
        _check_value(key, value)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces, UTF-8 characters kept: the form that is hashed and signed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewEvent:
    """An event before it is written: the log adds ids, sequence, clocks and versions."""

    type: str
    payload: dict[str, Any] = field(default_factory=dict)
    session_id: str | None = None
    station: str | None = None
    visitor: str | None = None
    content_id: str | None = None
    content_version: str | None = None

    def __post_init__(self) -> None:
        check_payload(self.type, self.payload)

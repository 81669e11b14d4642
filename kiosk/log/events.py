"""Participation events: what may be logged, and its canonical form.

An event is a fact, never edited (corrections are new events). It is anonymous by construction:
the payload of every event type has a fixed set of allowed keys, values are ids, numbers or short
codes — never free text, names, photos, audio or device identifiers of visitors. A visitor is only a
random ``visitor`` token that changes at every idle reset. :func:`check_payload` enforces this at the
single write entry point (:meth:`kiosk.log.logbook.Logbook.append`), and HQ runs the same check on
every event it receives, so what a kiosk may log is exactly what HQ accepts.

Each payload key has a kind (:data:`KEY_KINDS`): ``text`` (a code or short name: at most
:data:`MAX_TEXT_LEN` characters, no control character), ``count`` (an integer of at most
:data:`MAX_INT` in size, exact in every JSON reader), ``number`` (a count or a finite float), ``flag``
(true/false), ``version`` (text or count) or ``ids`` (a list of at most :data:`MAX_IDS` texts or counts).
Any value may be ``null``. NaN and infinities are never numbers here.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import EventError

SCHEMA_VERSION = 1
MAX_TEXT_LEN = 120  # longest string value allowed in a payload (ids, codes, venue names)
MAX_INT = 2**53 - 1  # largest integer a JSON reader keeps exact (a double's 53-bit mantissa)
MAX_IDS = 64  # longest list in a payload (the choices of one answer)
MAX_ENVELOPE_LEN = 200  # longest session id, station, visitor token, content id or version (HQ checks it too)

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


# payload key -> its kind (module doc). A key used in EVENT_TYPES needs a line here (a test checks);
# until it has one, its values get the loosest check (any of the kinds below).
KEY_KINDS: dict[str, str] = {
    "action": "text",
    "activity": "text",
    "answered": "count",
    "audience": "text",
    "cards_version": "version",
    "choice_id": "text",
    "choice_ids": "ids",
    "code": "text",
    "correct": "flag",
    "count": "count",
    "error": "text",
    "expected_size": "count",
    "file": "text",
    "job_id": "text",
    "kind": "text",
    "kiosk_mode": "flag",
    "language": "text",
    "media_id": "text",
    "previous_epoch": "count",
    "question_id": "text",
    "quiz_id": "text",
    "quiz_version": "version",
    "reason": "text",
    "region": "text",
    "round": "count",
    "score": "count",
    "screen": "text",
    "seconds": "number",
    "skipped": "count",
    "station": "text",
    "station_name": "text",
    "target": "text",
    "theme": "text",
    "time_ms": "count",
    "total": "count",
    "venue_name": "text",
    "venue_type": "text",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(key: str, value: Any) -> None:
    if type(value) is not str:
        raise EventError("errors.event.bad_type", key=key, kind=type(value).__name__)
    if len(value) > MAX_TEXT_LEN or (not value.isprintable() and _CONTROL.search(value)):
        raise EventError("errors.event.free_text", key=key, length=len(value))


def _count(key: str, value: Any) -> None:
    if type(value) is not int:
        raise EventError("errors.event.bad_type", key=key, kind=type(value).__name__)
    if not -MAX_INT <= value <= MAX_INT:
        raise EventError("errors.event.out_of_range", key=key)


def _number(key: str, value: Any) -> None:
    if type(value) is float:
        if not math.isfinite(value):
            raise EventError("errors.event.not_finite", key=key)
        return
    _count(key, value)


def _flag(key: str, value: Any) -> None:
    if type(value) is not bool:
        raise EventError("errors.event.bad_type", key=key, kind=type(value).__name__)


def _version(key: str, value: Any) -> None:
    (_count if type(value) is int else _text)(key, value)


def _ids(key: str, value: Any) -> None:
    if type(value) is not list or len(value) > MAX_IDS:
        raise EventError("errors.event.bad_type", key=key, kind=type(value).__name__)
    for item in value:
        _version(key, item)


def _loose(key: str, value: Any) -> None:
    """Any of the kinds: for a key that has no line in :data:`KEY_KINDS` yet."""
    kind = type(value)
    if kind is bool:
        return
    if kind is list:
        _ids(key, value)
    elif kind is str:
        _text(key, value)
    else:
        _number(key, value)


_CHECKS: dict[str, Callable[[str, Any], None]] = {
    "text": _text,
    "count": _count,
    "number": _number,
    "flag": _flag,
    "version": _version,
    "ids": _ids,
}
_CHECK_OF_KEY: dict[str, Callable[[str, Any], None]] = {key: _CHECKS[kind] for key, kind in KEY_KINDS.items()}
_PLAIN_TYPE: dict[str, type] = {
    key: {"text": str, "count": int}[kind] for key, kind in KEY_KINDS.items() if kind in ("text", "count")
}


def check_payload(event_type: str, payload: dict[str, Any]) -> None:
    """Raise :class:`EventError` unless ``payload`` is allowed for ``event_type`` (keys and their kinds)."""
    allowed = EVENT_TYPES.get(event_type)
    if allowed is None:
        raise EventError("errors.event.unknown_type", type=event_type)
    if not payload.keys() <= allowed:
        extra = set(payload) - allowed
        raise EventError("errors.event.extra_keys", type=event_type, keys=", ".join(sorted(extra)))
    for key, value in payload.items():
        kind = type(value)
        if kind is _PLAIN_TYPE.get(key) and (  # the common case inline: a short printable text, a small count
            (kind is str and len(value) <= MAX_TEXT_LEN and value.isprintable())
            or (kind is int and -MAX_INT <= value <= MAX_INT)
        ):
            continue
        if value is not None:
            _CHECK_OF_KEY.get(key, _loose)(key, value)


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} has no JSON form")


# The C encoder behind JSONEncoder, made once rather than at every call (HQ encodes every payload it
# ingests): same output, a third faster. markers=None: no cycle check (events and documents are trees).
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_C_CANONICAL = (
    _c_make_encoder(None, _no_default, json.encoder.encode_basestring, None, ":", ",", True, False, False)
    if _c_make_encoder is not None
    else None
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces, UTF-8 characters kept: the form that is hashed and signed.

    NaN and infinities have no JSON form: they raise :class:`ValueError` instead of writing ``NaN``.
    """
    if _C_CANONICAL is None:
        return _CANONICAL.encode(value)
    return "".join(_C_CANONICAL(value, 0))


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
        for name in ("session_id", "station", "visitor", "content_id", "content_version"):
            value = getattr(self, name)
            if value is not None and (type(value) is not str or len(value) > MAX_ENVELOPE_LEN):
                raise EventError("errors.event.free_text", key=name, length=len(str(value)))

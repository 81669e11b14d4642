"""The events of a bundle, checked line by line and turned into rows of the events table.

This is the hot path of HQ ingest (every event of every bundle goes through it), so it is written for
speed — one JSON parse and one canonical encoding of the payload per event, type checks with ``type()``
— without giving up a single check. For each line of ``events.ndjson``:

* it is a JSON object with exactly the columns of :data:`kiosk.log.migrations.EVENT_COLUMNS`;
* ``device_id``, ``epoch`` and ``seq`` are the manifest's device and epoch and the next seq, in order;
* ``event_id`` (and ``supersedes_event_id`` when set) is a canonical UUID, and no id appears twice;
* text columns are strings of at most :data:`kiosk.log.events.MAX_ENVELOPE_LEN` characters (some may be
  null), integer columns are integers that fit in 64 bits (never booleans or floats);
* the payload is an object allowed for its type, key by key (:func:`kiosk.log.events.check_payload`:
  finite numbers, bounded integers, the key's kind), and its canonical text hashes to ``payload_sha256``.

Any failure raises :class:`kiosk.errors.SyncError` ``bad_event`` naming the seq (or line) and the column.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from kiosk.errors import EventError, SyncError
from kiosk.log.events import MAX_ENVELOPE_LEN, canonical_json, check_payload
from kiosk.log.identity import is_canonical_uuid
from kiosk.log.migrations import EVENT_COLUMNS

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
PAYLOAD_INDEX = EVENT_COLUMNS.index("payload")

_COLUMNS = frozenset(EVENT_COLUMNS)
_TEXT = ("type", "app_version", "occurred_at_utc", "boot_id", "payload_sha256")
_NULLABLE_TEXT = ("session_id", "station", "visitor", "content_id", "content_version")
_INTS = ("schema_version", "tz_offset_min", "mono_ns", "clock_suspect")
_row = itemgetter(*EVENT_COLUMNS)
_typed = itemgetter(*_TEXT, *_NULLABLE_TEXT, *_INTS)
_TEXTS = len(_TEXT) + len(_NULLABLE_TEXT)
# Every allowed combination of the typed columns' types: text, text or null, integer (never bool or float).
_TYPE_SIGNATURES = frozenset(
    (str,) * len(_TEXT) + nullable + (int,) * len(_INTS)
    for nullable in itertools.product((str, type(None)), repeat=len(_NULLABLE_TEXT))
)
# The C scanner behind json.loads, called without its per-call wrapping: (value, end) for a value at 0.
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _bad_column(seq: int, column: str) -> SyncError:
    return SyncError("errors.sync.event_column", code="bad_event", seq=seq, column=column)


def _check_columns(record: dict[str, Any], seq: int) -> None:
    """Types and bounds of every column but the envelope and the payload (see module doc).

    The common case is one lookup of the columns' types in :data:`_TYPE_SIGNATURES` and a few C-level
    ``max``/``min``; only a failing record is walked column by column, to name the culprit.
    """
    values = _typed(record)
    ints = values[_TEXTS:]
    if (
        tuple(map(type, values)) not in _TYPE_SIGNATURES
        or max(map(len, filter(None, values[:_TEXTS]))) > MAX_ENVELOPE_LEN
        or min(ints) < INT64_MIN
        or max(ints) > INT64_MAX
    ):
        raise _bad_column(seq, _culprit(record))
    if not is_canonical_uuid(record["event_id"]):
        raise _bad_column(seq, "event_id")
    supersedes = record["supersedes_event_id"]
    if supersedes is not None and not is_canonical_uuid(supersedes):
        raise _bad_column(seq, "supersedes_event_id")


def _culprit(record: dict[str, Any]) -> str:
    """The first column of ``record`` that fails its type or bounds (slow path, for the message)."""
    for name in _TEXT + _NULLABLE_TEXT:
        value = record[name]
        if not (value is None and name in _NULLABLE_TEXT) and (type(value) is not str or len(value) > MAX_ENVELOPE_LEN):
            return name
    return next(n for n in _INTS if type(record[n]) is not int or not INT64_MIN <= record[n] <= INT64_MAX)


def _payload_text(record: dict[str, Any], seq: int) -> str:
    """The payload's canonical text, once it is checked against its type and its hash."""
    payload = record["payload"]
    if type(payload) is not dict:
        raise _bad_column(seq, "payload")
    try:
        check_payload(record["type"], payload)
    except EventError as exc:
        raise SyncError("errors.sync.event_payload", code="bad_event", seq=seq, cause=exc) from exc
    text = canonical_json(payload)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != record["payload_sha256"]:
        raise SyncError("errors.sync.event_payload_hash", code="bad_event", seq=seq)
    return text


def _lines(raw: bytes, count: int) -> list[str]:
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise SyncError("errors.sync.events_not_utf8", code="bad_event") from exc
    if lines[-1] != "" or len(lines) - 1 != count:
        raise SyncError("errors.sync.events_line_count", code="bad_event", lines=len(lines) - 1, count=count)
    return lines


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector: parsing allocates thousands of dicts that can form no cycle, and
    collections triggered by their count (with every row kept so far to traverse) cost a third of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def event_rows(raw: bytes, manifest: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The events of ``events.ndjson`` (``raw``) as rows in ``EVENT_COLUMNS`` order, payload as canonical text.

    ``manifest`` is already checked (device id, epoch, seq range and count). Raises ``bad_event``.
    """
    with _no_cycle_collector():
        return _event_rows(_lines(raw, manifest["count"]), manifest)


def _event_rows(lines: list[str], manifest: dict[str, Any]) -> list[tuple[Any, ...]]:
    device_id, epoch, first = manifest["device_id"], manifest["epoch"], manifest["from_seq"]
    rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for offset, line in enumerate(lines[:-1]):
        seq = first + offset
        try:
            record, end = _scan(line, 0)
        except (ValueError, RecursionError, StopIteration) as exc:
            raise SyncError("errors.sync.event_not_json", code="bad_event", line=offset + 1) from exc
        if end != len(line):
            raise SyncError("errors.sync.event_not_json", code="bad_event", line=offset + 1)
        if type(record) is not dict or record.keys() != _COLUMNS:
            raise SyncError("errors.sync.event_columns", code="bad_event", line=offset + 1)
        got_epoch, got_seq = record["epoch"], record["seq"]
        if (
            record["device_id"] != device_id
            or type(got_epoch) is not int
            or got_epoch != epoch
            or type(got_seq) is not int
            or got_seq != seq
        ):
            raise SyncError("errors.sync.event_envelope", code="bad_event", line=offset + 1, seq=seq)
        _check_columns(record, seq)
        record["payload"] = _payload_text(record, seq)
        event_id = record["event_id"]
        if event_id in seen:
            raise SyncError("errors.sync.event_duplicate_id", code="bad_event", seq=seq, event_id=event_id)
        seen.add(event_id)
        rows.append(_row(record))
    return rows

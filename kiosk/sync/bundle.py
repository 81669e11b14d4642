"""The bundle format (research/sync-reliability.md §3.3), shared by the kiosk and HQ.

A bundle is a zip (stored, not compressed, fixed timestamps, so the same events give the same bytes)
named ``<device_id>_<epoch>_<from_seq>-<to_seq>.cnb`` holding exactly three members:

* ``events.ndjson`` — one canonical JSON event per line (sorted keys, no spaces, UTF-8), in seq
  order, every seq from ``from_seq`` to ``to_seq`` present once; ``payload`` is a JSON object whose
  canonical form hashes to ``payload_sha256``.
* ``manifest.json`` — canonical JSON: ``format_version``, ``bundle_id`` (SHA-256 hex of
  ``events.ndjson``), ``device_id``, ``epoch``, ``from_seq``, ``to_seq``, ``count``,
  ``prev_bundle_sha256`` (the previous bundle of the same device *and epoch*, ``null`` for the
  first), ``created_at``, ``app_version``, ``sqlite_version``, ``schema_versions`` and
  ``integrity_check`` (``{"result", "at"}`` of the last full check before the export).
* ``manifest.sig`` — base64 Ed25519 signature of the exact bytes of ``manifest.json``.

:func:`read_bundle` checks everything that needs no key (zip, manifest, hash, every event against
:data:`kiosk.log.events.EVENT_TYPES`); :func:`verify_manifest` checks the signature with the device key.
Failures raise :class:`kiosk.errors.SyncError` whose ``code`` is one of :data:`REJECTION_CODES`.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import EventError, SyncError
from kiosk.log.events import canonical_json, check_payload, sha256_hex
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.signing import sign, verify

FORMAT_VERSION = 1
SUPPORTED_FORMATS = frozenset({1})
MAX_EVENTS = 5000
MAX_BUNDLE_BYTES = 8 * 1024 * 1024  # a bundle is cut before 5 MB of events; the zip adds a little
MAX_EVENTS_BYTES = 5 * 1024 * 1024
MEMBERS = ("manifest.json", "manifest.sig", "events.ndjson")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# code -> what it means; HQ maps each to an HTTP status (kiosk.hq.errors).
REJECTION_CODES: dict[str, str] = {
    "bad_zip": "not a readable bundle zip, or unexpected members or sizes",
    "bad_manifest": "manifest.json is not the expected canonical JSON",
    "unsupported_format": "format_version this HQ does not know",
    "hash_mismatch": "events.ndjson does not hash to the manifest's bundle_id",
    "bad_signature": "the manifest signature does not verify with the device key",
    "bad_event": "an event does not match the event schema or the manifest",
    "device_mismatch": "the bundle names another device than the sender",
    "conflict": "a known event id arrives with a different content (409)",
    "seq_conflict": "a known (device, epoch, seq) arrives with another event id (409)",
}

_INT_COLUMNS = frozenset({"epoch", "seq", "schema_version", "tz_offset_min", "mono_ns", "clock_suspect"})
_NULLABLE = frozenset({"session_id", "station", "visitor", "content_id", "content_version", "supersedes_event_id"})
_MANIFEST_FIELDS: dict[str, type | tuple[type, ...]] = {
    "format_version": int,
    "bundle_id": str,
    "device_id": str,
    "epoch": int,
    "from_seq": int,
    "to_seq": int,
    "count": int,
    "prev_bundle_sha256": (str, type(None)),
    "created_at": str,
    "app_version": str,
    "sqlite_version": str,
    "schema_versions": list,
    "integrity_check": dict,
}


def bundle_name(device_id: str, epoch: int, from_seq: int, to_seq: int) -> str:
    return f"{device_id}_{epoch}_{from_seq}-{to_seq}.cnb"


def event_line(row: dict[str, Any]) -> bytes:
    """One event (a row of the events table, payload as stored text) as its canonical NDJSON line."""
    record = {column: row[column] for column in EVENT_COLUMNS}
    record["payload"] = json.loads(row["payload"])
    return (canonical_json(record) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Bundle:
    """A bundle read back: its manifest, the manifest's bytes and signature, and the event rows."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: str
    events: list[dict[str, Any]]  # rows as the events table stores them (payload as canonical text)
    data: bytes  # the whole .cnb file

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])

    @property
    def device_id(self) -> str:
        return str(self.manifest["device_id"])

    @property
    def epoch(self) -> int:
        return int(self.manifest["epoch"])

    @property
    def name(self) -> str:
        m = self.manifest
        return bundle_name(m["device_id"], m["epoch"], m["from_seq"], m["to_seq"])


def build_bundle(lines: Sequence[bytes], manifest_fields: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The bytes of a bundle: ``lines`` from :func:`event_line`, the manifest completed and signed.

    ``manifest_fields`` gives device_id, epoch, from_seq, to_seq, prev_bundle_sha256, created_at,
    app_version, sqlite_version, schema_versions and integrity_check; count and bundle_id are computed.
    """
    events = b"".join(lines)
    manifest = dict(
        manifest_fields, format_version=FORMAT_VERSION, count=len(lines), bundle_id=hashlib.sha256(events).hexdigest()
    )
    manifest_bytes = canonical_json(manifest).encode("utf-8")
    members = {
        "manifest.json": manifest_bytes,
        "manifest.sig": sign(key, manifest_bytes).encode("ascii"),
        "events.ndjson": events,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_BUNDLE_BYTES:
        raise SyncError(f"bundle of {len(data)} bytes is larger than {MAX_BUNDLE_BYTES}", code="bad_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sorted(i.filename for i in infos) != sorted(MEMBERS):
                raise SyncError(
                    f"bundle members are {[i.filename for i in infos]}, expected {list(MEMBERS)}", code="bad_zip"
                )
            if sum(i.file_size for i in infos) > MAX_BUNDLE_BYTES:
                raise SyncError("bundle members are too large once unpacked", code="bad_zip")
            return {i.filename: archive.read(i) for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise SyncError(f"not a readable bundle zip: {exc}", code="bad_zip") from exc


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SyncError(f"manifest.json is not JSON: {exc}", code="bad_manifest") from exc
    if not isinstance(manifest, dict):
        raise SyncError("manifest.json is not an object", code="bad_manifest")
    if manifest.get("format_version") not in SUPPORTED_FORMATS:
        raise SyncError(
            f"format_version {manifest.get('format_version')!r} is not supported", code="unsupported_format"
        )
    for name, kind in _MANIFEST_FIELDS.items():
        value = manifest.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SyncError(f"manifest field {name!r} is missing or of the wrong type", code="bad_manifest")
    if canonical_json(manifest).encode("utf-8") != raw:
        raise SyncError("manifest.json is not in canonical form", code="bad_manifest")
    try:
        uuid.UUID(manifest["device_id"])
    except ValueError as exc:
        raise SyncError("manifest device_id is not a UUID", code="bad_manifest") from exc
    m = manifest
    if not (
        1 <= m["from_seq"] <= m["to_seq"]
        and m["count"] == m["to_seq"] - m["from_seq"] + 1
        and m["count"] <= MAX_EVENTS
        and m["epoch"] >= 1
    ):
        raise SyncError("manifest seq range, count or epoch is impossible", code="bad_manifest")
    return manifest


def _check_event(record: Any, manifest: dict[str, Any], expected_seq: int) -> dict[str, Any]:
    """The events-table row of one parsed NDJSON record, or :class:`SyncError` ``bad_event``."""
    if not isinstance(record, dict) or set(record) != set(EVENT_COLUMNS):
        raise SyncError(f"event at seq {expected_seq} does not have the event columns", code="bad_event")
    for column in EVENT_COLUMNS:
        value = record[column]
        if column == "payload":
            continue
        if value is None and column in _NULLABLE:
            continue
        kind = int if column in _INT_COLUMNS else str
        if not isinstance(value, kind) or isinstance(value, bool) or (isinstance(value, str) and len(value) > 200):
            raise SyncError(f"event seq {expected_seq}: column {column} has a wrong value", code="bad_event")
    if (record["device_id"], record["epoch"], record["seq"]) != (
        manifest["device_id"],
        manifest["epoch"],
        expected_seq,
    ):
        raise SyncError(
            f"event seq {record['seq']}: device, epoch or seq differs from the manifest (expected seq {expected_seq})",
            code="bad_event",
        )
    payload = record["payload"]
    if not isinstance(payload, dict):
        raise SyncError(f"event seq {expected_seq}: payload is not an object", code="bad_event")
    try:
        uuid.UUID(record["event_id"])
        check_payload(record["type"], payload)
    except (ValueError, EventError) as exc:
        raise SyncError(f"event seq {expected_seq}: {exc}", code="bad_event") from exc
    text = canonical_json(payload)
    if sha256_hex(text) != record["payload_sha256"]:
        raise SyncError(f"event seq {expected_seq}: payload does not match payload_sha256", code="bad_event")
    return dict(record, payload=text)


def read_bundle(data: bytes, *, events: bool = True) -> Bundle:
    """Parse and check a bundle without its key (see module doc); raise :class:`SyncError` on any flaw.

    With ``events=False`` only the zip, the manifest and the events' hash are checked and
    :attr:`Bundle.events` is empty: enough to recognise a bundle id HQ has already validated.
    """
    members = _members(data)
    manifest = _manifest(members["manifest.json"])
    events_raw = members["events.ndjson"]
    if hashlib.sha256(events_raw).hexdigest() != manifest["bundle_id"]:
        raise SyncError("events.ndjson does not hash to bundle_id", code="hash_mismatch")
    lines = events_raw.split(b"\n") if events else [b""] * (manifest["count"] + 1)
    if lines[-1] != b"" or len(lines) - 1 != manifest["count"]:
        raise SyncError(
            f"events.ndjson has {len(lines) - 1} lines, manifest says {manifest['count']}", code="bad_event"
        )
    rows = []
    seen: set[str] = set()
    for offset, line in enumerate(lines[:-1] if events else []):
        seq = manifest["from_seq"] + offset
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise SyncError(f"event line {offset + 1} is not JSON", code="bad_event") from exc
        row = _check_event(record, manifest, seq)
        if row["event_id"] in seen:
            raise SyncError(f"event id {row['event_id']} appears twice", code="bad_event")
        seen.add(row["event_id"])
        rows.append(row)
    try:
        signature = members["manifest.sig"].decode("ascii").strip()
    except UnicodeDecodeError as exc:
        raise SyncError("manifest.sig is not text", code="bad_signature") from exc
    return Bundle(manifest, members["manifest.json"], signature, rows, data)


def verify_manifest(bundle: Bundle, public_key: Ed25519PublicKey | str) -> None:
    """Raise :class:`SyncError` ``bad_signature`` unless the device key signed this manifest."""
    verify(public_key, bundle.manifest_bytes, bundle.signature, code="bad_signature")

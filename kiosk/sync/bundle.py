"""The bundle format (research/sync-reliability.md §3.3), shared by the kiosk and HQ.

A bundle is a zip (stored, not compressed, fixed timestamps, so the same events give the same bytes)
named ``<device_id>_<epoch>_<from_seq>-<to_seq>.cnb`` holding exactly three members:

* ``events.ndjson`` — one canonical JSON event per line (sorted keys, no spaces, UTF-8), in seq
  order, every seq from ``from_seq`` to ``to_seq`` present once; ``payload`` is a JSON object whose
  canonical form hashes to ``payload_sha256``.
* ``manifest.json`` — canonical JSON with exactly these fields: ``format_version``, ``bundle_id``
  (SHA-256 hex of ``events.ndjson``), ``device_id``, ``epoch``, ``from_seq``, ``to_seq``, ``count``,
  ``prev_bundle_sha256`` (the previous bundle of the same device *and epoch*, ``null`` for the first),
  ``created_at``, ``app_version``, ``sqlite_version``, ``schema_versions`` and ``integrity_check``
  (``{"result", "at"}`` of the last full check before the export).
* ``manifest.sig`` — base64 Ed25519 signature of the exact bytes of ``manifest.json``.

:func:`read_bundle` checks everything that needs no key (zip, manifest, hash, and every event with
:func:`kiosk.sync.rows.event_rows`); :func:`verify_manifest` checks the signature with the device key.
Everything is bounded before it is parsed: sizes, nesting, integers (64-bit), ids (canonical UUIDs).
Failures raise :class:`kiosk.errors.SyncError` whose ``code`` is one of :data:`REJECTION_CODES`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import SyncError
from kiosk.log.events import canonical_json
from kiosk.log.identity import is_canonical_uuid
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.rows import INT64_MAX, INT64_MIN, event_rows
from kiosk.sync.signing import sign, verify

FORMAT_VERSION = 1
SUPPORTED_FORMATS = frozenset({1})
MAX_EVENTS = 5000
MAX_BUNDLE_BYTES = 8 * 1024 * 1024  # a bundle is cut before 5 MB of events; the zip adds a little
MAX_EVENTS_BYTES = 5 * 1024 * 1024
MAX_MANIFEST_BYTES = 16 * 1024  # a real manifest is under 1 kB
MAX_SIGNATURE_BYTES = 256  # base64 of 64 bytes is 88 characters
MEMBERS = ("manifest.json", "manifest.sig", "events.ndjson")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

# code -> what it means; HQ maps each to an HTTP status (kiosk.hq.ingest.HTTP_STATUS).
REJECTION_CODES: dict[str, str] = {
    "bad_zip": "not a readable bundle zip (encrypted, compressed, too large, unexpected members)",
    "bad_manifest": "manifest.json is not the expected canonical JSON, or holds impossible values",
    "unsupported_format": "format_version this HQ does not know",
    "hash_mismatch": "events.ndjson does not hash to the manifest's bundle_id",
    "bad_signature": "the manifest signature does not verify with the device key",
    "bad_event": "an event does not match the event schema or the manifest",
    "device_mismatch": "the bundle names another device than the sender",
    "conflict": "a known event id of this device arrives with a different content (409)",
    "seq_conflict": "a known (device, epoch, seq) arrives with another event id (409)",
}

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
    rows: list[tuple[Any, ...]]  # events-table rows in EVENT_COLUMNS order, payload as canonical text
    data: bytes  # the whole .cnb file
    events_raw: bytes = field(default=b"", repr=False)  # events.ndjson, its hash checked: parse_events reads it

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

    @property
    def events(self) -> list[dict[str, Any]]:
        """The rows as dictionaries (column name → value); for tests and tools, not the ingest path."""
        return [dict(zip(EVENT_COLUMNS, row)) for row in self.rows]


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


def _check_infos(infos: list[zipfile.ZipInfo]) -> None:
    names = sorted(i.filename for i in infos)
    if names != sorted(MEMBERS):
        raise SyncError("errors.sync.bundle_members", code="bad_zip", found=", ".join(names)[:200])
    if any(i.flag_bits & 0x1 for i in infos):
        raise SyncError("errors.sync.bundle_encrypted", code="bad_zip")
    if any(i.compress_type != zipfile.ZIP_STORED for i in infos):
        raise SyncError("errors.sync.bundle_compressed", code="bad_zip")
    if sum(i.file_size for i in infos) > MAX_BUNDLE_BYTES:
        raise SyncError("errors.sync.bundle_unpacked_too_large", code="bad_zip", limit=MAX_BUNDLE_BYTES)


def _members(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_BUNDLE_BYTES:
        raise SyncError("errors.sync.bundle_too_large", code="bad_zip", size=len(data), limit=MAX_BUNDLE_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_infos(infos)
            return {i.filename: archive.read(i) for i in infos}
    except SyncError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError, zlib.error) as exc:
        # RuntimeError: zipfile's "encrypted, password required"; ValueError: impossible sizes or offsets
        raise SyncError("errors.sync.bundle_unreadable", code="bad_zip", reason=str(exc)[:200]) from exc


def _int64(value: Any) -> bool:
    return type(value) is int and INT64_MIN <= value <= INT64_MAX


def _check_manifest_values(m: dict[str, Any]) -> None:
    """Every field of its type and within bounds (the manifest is signed, yet signed by a device)."""
    if set(m) != set(_MANIFEST_FIELDS):
        raise SyncError("errors.sync.manifest_fields", code="bad_manifest", fields=", ".join(sorted(m))[:300])
    for name, kind in _MANIFEST_FIELDS.items():
        value = m[name]
        if not isinstance(value, kind) or (kind is int and not _int64(value)):
            raise SyncError("errors.sync.manifest_field", code="bad_manifest", field=name)
        if isinstance(value, str) and len(value) > 200:
            raise SyncError("errors.sync.manifest_field", code="bad_manifest", field=name)
    versions, check = m["schema_versions"], m["integrity_check"]
    if len(versions) > 16 or not all(_int64(v) for v in versions):
        raise SyncError("errors.sync.manifest_field", code="bad_manifest", field="schema_versions")
    if set(check) != {"result", "at"} or not all(isinstance(v, str) and len(v) <= 200 for v in check.values()):
        raise SyncError("errors.sync.manifest_field", code="bad_manifest", field="integrity_check")
    if not is_canonical_uuid(m["device_id"]):
        raise SyncError("errors.sync.manifest_device_id", code="bad_manifest", value=m["device_id"][:60])
    prev = m["prev_bundle_sha256"]
    if not _SHA256_HEX.fullmatch(m["bundle_id"]) or (prev is not None and not _SHA256_HEX.fullmatch(prev)):
        raise SyncError("errors.sync.manifest_field", code="bad_manifest", field="bundle_id")
    if not (
        1 <= m["from_seq"] <= m["to_seq"]
        and m["count"] == m["to_seq"] - m["from_seq"] + 1
        and m["count"] <= MAX_EVENTS
        and m["epoch"] >= 1
    ):
        raise SyncError("errors.sync.manifest_range", code="bad_manifest")


def _manifest(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_MANIFEST_BYTES:
        raise SyncError("errors.sync.manifest_too_large", code="bad_manifest", limit=MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SyncError("errors.sync.manifest_not_json", code="bad_manifest", reason=str(exc)[:200]) from exc
    if not isinstance(manifest, dict):
        raise SyncError("errors.sync.manifest_not_object", code="bad_manifest")
    if manifest.get("format_version") not in SUPPORTED_FORMATS or type(manifest.get("format_version")) is not int:
        raise SyncError(
            "errors.sync.unsupported_format", code="unsupported_format", version=str(manifest.get("format_version"))
        )
    _check_manifest_values(manifest)
    if canonical_json(manifest).encode("utf-8") != raw:
        raise SyncError("errors.sync.manifest_not_canonical", code="bad_manifest")
    return manifest


def read_bundle(data: bytes, *, events: bool = True) -> Bundle:
    """Parse and check a bundle without its key (see module doc); raise :class:`SyncError` on any flaw.

    With ``events=False`` only the zip, the manifest and the events' hash are checked and
    :attr:`Bundle.rows` is empty: enough to recognise a bundle id HQ has already validated, or to check
    that a file on disk is still the bundle it was.
    """
    members = _members(data)
    manifest = _manifest(members["manifest.json"])
    events_raw = members["events.ndjson"]
    if hashlib.sha256(events_raw).hexdigest() != manifest["bundle_id"]:
        raise SyncError("errors.sync.events_hash", code="hash_mismatch")
    rows = event_rows(events_raw, manifest) if events else []
    raw_signature = members["manifest.sig"]
    if len(raw_signature) > MAX_SIGNATURE_BYTES or not raw_signature.isascii():
        raise SyncError("errors.sync.signature_not_text", code="bad_signature")
    signature = raw_signature.decode("ascii").strip()
    return Bundle(manifest, members["manifest.json"], signature, rows, data, events_raw)


def parse_events(bundle: Bundle) -> Bundle:
    """``bundle`` (read with ``events=False``) with its events checked and parsed into :attr:`Bundle.rows`."""
    return replace(bundle, rows=event_rows(bundle.events_raw, bundle.manifest))


def verify_manifest(bundle: Bundle, public_key: Ed25519PublicKey | str) -> None:
    """Raise :class:`SyncError` ``bad_signature`` unless the device key signed this manifest."""
    verify(public_key, bundle.manifest_bytes, bundle.signature, code="bad_signature")

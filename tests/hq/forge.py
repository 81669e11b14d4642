"""Bundles changed on purpose, for the tamper and hardening tests.

``resign`` plays a compromised (or buggy) kiosk: it changes the events or the manifest and signs again
with the kiosk's own key, so only HQ's validation stands between the change and the database.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from kiosk.log.events import canonical_json, sha256_hex
from kiosk.sync.bundle import MEMBERS, read_bundle
from kiosk.sync.enrolment import device_key_path
from kiosk.sync.signing import load_private_key, sign


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in MEMBERS}


def zip_members(parts: dict[str, bytes], *, encrypted: bool = False) -> bytes:
    """A zip of ``parts``; ``encrypted`` sets the "encrypted" flag bit without encrypting anything."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    raw = bytearray(out.getvalue())
    if encrypted:  # zipfile clears the flag when writing: set bit 0 in every local and central header
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = raw.find(signature)
            while start != -1:
                raw[start + offset] |= 0x1
                start = raw.find(signature, start + 4)
    return bytes(raw)


def records(data: bytes) -> list[dict[str, Any]]:
    """The event records of a bundle, as parsed JSON (payload as an object)."""
    return [json.loads(line) for line in members(data)["events.ndjson"].split(b"\n")[:-1]]


def line(record: dict[str, Any]) -> bytes:
    """A record as an NDJSON line (``json.dumps`` writes NaN / Infinity as a careless encoder would)."""
    return (json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def with_payload(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``record`` with payload keys changed and ``payload_sha256`` recomputed to match."""
    payload = dict(record["payload"], **changes)
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return dict(record, payload=payload, payload_sha256=sha256_hex(text))


def resign(
    kiosk: Any,
    data: bytes,
    change_records: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] = lambda r: r,
    change_manifest: Callable[[dict[str, Any]], dict[str, Any]] = lambda m: m,
) -> bytes:
    """``data`` with its records and manifest changed, re-hashed and signed with ``kiosk``'s own key."""
    key = load_private_key(device_key_path(kiosk.paths))
    events = b"".join(line(r) for r in change_records(records(data)))
    manifest = dict(read_bundle(data, events=False).manifest)
    manifest.update(bundle_id=hashlib.sha256(events).hexdigest())
    manifest = change_manifest(manifest)
    manifest_bytes = json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return zip_members(
        {"manifest.json": manifest_bytes, "manifest.sig": sign(key, manifest_bytes).encode(), "events.ndjson": events}
    )


def canonical_manifest(manifest: dict[str, Any]) -> bytes:
    return canonical_json(manifest).encode("utf-8")

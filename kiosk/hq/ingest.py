"""Ingest one bundle at HQ: check, archive, insert in one transaction, answer with a signed receipt.

Order (research/sync-reliability.md §3.4 step 4): parse the zip and manifest without a key → the device
is registered and active → it is the sender → the manifest signature verifies → a bundle id already
ingested answers its stored receipt (200, a *replay*) → every event is validated
(:func:`kiosk.sync.rows.event_rows`: types, bounds, finite numbers, canonical ids, payload keys and
kinds) → the raw bytes go to the write-once archive → one transaction inserts the events with
``ON CONFLICT DO NOTHING`` and compares every skipped event with the stored one of the same device (a
different content is a 409 and rolls everything back) → the bundle row and its signed receipt are
inserted in the same transaction → commit → answer. A crash anywhere before the commit leaves neither
the bundle row nor any of its events.

Every rejection is recorded in ``rejections`` (at most :data:`MAX_REJECTIONS` rows, the oldest go
first) and its bytes kept, once per content, in the archive's ``quarantine/``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.hq.archive import Archive
from kiosk.hq.registry import active_device, find_device
from kiosk.hq.store import Store, Tx
from kiosk.log.events import canonical_json
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.bundle import Bundle, parse_events, read_bundle, verify_manifest
from kiosk.sync.signing import sign

MAX_REJECTIONS = 10_000
ParsedEvents = tuple[bytes, list[tuple[Any, ...]]]  # (manifest bytes, event rows) of one bundle file

# code -> HTTP status (kiosk never retries these; see kiosk.sync.upload)
HTTP_STATUS: dict[str, int] = {
    "bad_request": 400,
    "incomplete_upload": 400,
    "bad_zip": 400,
    "bad_manifest": 400,
    "unsupported_format": 400,
    "hash_mismatch": 400,
    "bad_signature": 400,
    "device_mismatch": 400,
    "bundle_id_mismatch": 400,
    "bad_event": 422,
    "conflict": 409,
    "seq_conflict": 409,
    "unknown_device": 401,
    "nonce_invalid": 401,
    "bad_request_signature": 401,
    "revoked_device": 403,
    "too_large": 413,
}


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class Outcome:
    status: int  # 201 new events, 200 nothing new
    receipt: dict[str, Any]
    signature: str
    replay: bool = False  # True when the bundle id was already held: the stored receipt, byte for byte

    def body(self) -> dict[str, Any]:
        return {"receipt": self.receipt, "signature": self.signature}


def contiguous_seq(tx: Tx, device_id: str, epoch: int) -> int:
    """Highest seq s such that HQ holds every seq 1..s of (device, epoch), from bundle ranges."""
    high = 0
    for low, top in tx.execute(
        "SELECT from_seq, to_seq FROM bundles WHERE device_id = ? AND epoch = ? ORDER BY from_seq", (device_id, epoch)
    ).fetchall():
        if low > high + 1:
            break
        high = max(high, top)
    return high


MAX_HELD_RANGES = 256  # per epoch in the signed state; beyond that the kiosk simply sends again


def holdings(tx: Tx, device_id: str) -> tuple[dict[str, int], dict[str, list[list[int]]]]:
    """What HQ holds of ``device_id``, per epoch (as text): the contiguous seq, and the merged seq ranges.

    The kiosk trusts this signed answer over its own acknowledgements (issue 13 item 1): an HQ restored
    from an older backup says here what it no longer holds.
    """
    held: dict[str, list[list[int]]] = {}
    for epoch, low, top in tx.execute(
        "SELECT epoch, from_seq, to_seq FROM bundles WHERE device_id = ? ORDER BY epoch, from_seq", (device_id,)
    ).fetchall():
        ranges = held.setdefault(str(epoch), [])
        if ranges and low <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], int(top))
        else:
            ranges.append([int(low), int(top)])
    contiguous = {epoch: ranges[0][1] if ranges[0][0] == 1 else 0 for epoch, ranges in held.items()}
    return contiguous, {epoch: ranges[:MAX_HELD_RANGES] for epoch, ranges in held.items()}


class Ingestor:
    """Ingests bundles into ``store`` and ``archive``; receipts are signed with ``key`` (HQ's)."""

    def __init__(
        self, store: Store, archive: Archive, key: Ed25519PrivateKey, *, stamp: Callable[[], str] = utc_stamp
    ) -> None:
        self.store = store
        self.archive = archive
        self.key = key
        self.stamp = stamp

    def ingest(
        self,
        data: bytes,
        *,
        via: str,
        sender: str | None = None,
        url_bundle_id: str | None = None,
        allow_revoked: bool = False,
        parsed: ParsedEvents | None = None,
    ) -> Outcome:
        """Ingest ``data`` (a .cnb file's bytes); raise :class:`SyncError` (recorded, quarantined) if rejected.

        ``parsed``: the events of these very bytes, already checked by :func:`parsed_events` in another
        process (bulk ingest); used only when its manifest is byte for byte this bundle's.
        """
        bundle: Bundle | None = None
        try:
            bundle = read_bundle(data, events=False)  # a replay of a validated bundle stops early
            if url_bundle_id is not None and url_bundle_id != bundle.bundle_id:
                raise SyncError("errors.hq.bundle_id_mismatch", code="bundle_id_mismatch")
            if sender is not None and sender != bundle.device_id:
                raise SyncError("errors.hq.device_mismatch", code="device_mismatch", device=bundle.device_id)
            device = find_device(self.store, bundle.device_id) if allow_revoked else None
            device = device or active_device(self.store, bundle.device_id)
            verify_manifest(bundle, device.public_key)
            known = self.stored_receipt(bundle.bundle_id)
            if known is not None:
                return known
            if parsed is not None and parsed[0] == bundle.manifest_bytes:
                bundle = replace(bundle, rows=parsed[1])
            else:
                bundle = parse_events(bundle)
            archived = self.archive.store_bundle(bundle.device_id, bundle.epoch, bundle.bundle_id, data)
            return self._insert(bundle, via, str(archived.relative_to(self.archive.root)))
        except SyncError as exc:
            self.reject(
                exc, data, bundle.device_id if bundle else sender, bundle.bundle_id if bundle else url_bundle_id
            )
            raise

    def reject(self, exc: SyncError, data: bytes | None, device_id: str | None, bundle_id: str | None) -> None:
        """Record a rejection of an authenticated sender or a USB file (and quarantine ``data`` if given)."""
        stamp = self.stamp()
        path = self.archive.quarantine(data) if data is not None else None
        with self.store.transaction() as tx:
            tx.execute(
                "INSERT INTO rejections (rejection_id, at, device_id, bundle_id, code, reason, status,"
                " quarantine_file) VALUES (?,?,?,?,?,?,?,?)",
                (
                    str(uuid.uuid4()),
                    stamp,
                    (device_id or "")[:36] or None,
                    (bundle_id or "")[:64] or None,
                    exc.code,
                    exc.text("en")[:500],
                    HTTP_STATUS.get(exc.code, 400),
                    str(path.relative_to(self.archive.root)) if path else None,
                ),
            )
            oldest_kept = tx.execute(
                "SELECT at FROM rejections ORDER BY at DESC LIMIT 1 OFFSET ?", (MAX_REJECTIONS - 1,)
            ).fetchone()
            if oldest_kept is not None:
                tx.execute("DELETE FROM rejections WHERE at < ?", (oldest_kept[0],))

    def stored_receipt(self, bundle_id: str) -> Outcome | None:
        """The receipt of a bundle id HQ already holds (a replay), or ``None``."""
        rows = self.store.query("SELECT receipt, receipt_sig FROM bundles WHERE bundle_id = ?", (bundle_id,))
        return Outcome(200, json.loads(rows[0][0]), rows[0][1], replay=True) if rows else None

    def _insert(self, bundle: Bundle, via: str, archive_file: str) -> Outcome:
        received = self.stamp()
        tail = (bundle.bundle_id, received)
        rows = [row + tail for row in bundle.rows]
        m = bundle.manifest
        with self.store.transaction() as tx:
            inserted = self.store.insert_events(tx, rows)
            if inserted < len(rows):
                _compare_existing(tx, bundle)
            receipt = {
                "bundle_id": bundle.bundle_id,
                "device_id": bundle.device_id,
                "epoch": bundle.epoch,
                "from_seq": m["from_seq"],
                "to_seq": m["to_seq"],
                "count": m["count"],
                "accepted": inserted,
                "duplicates": len(rows) - inserted,
                "received_at": received,
            }
            tx.execute(
                "INSERT INTO bundles (bundle_id, device_id, epoch, from_seq, to_seq, count,"
                " prev_bundle_sha256, manifest, received_at, via, accepted, duplicates, receipt,"
                " receipt_sig, archive_file) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'','',?)"
                " ON CONFLICT DO NOTHING",
                (
                    bundle.bundle_id,
                    bundle.device_id,
                    bundle.epoch,
                    m["from_seq"],
                    m["to_seq"],
                    m["count"],
                    m["prev_bundle_sha256"],
                    bundle.manifest_bytes.decode("utf-8"),
                    received,
                    via,
                    inserted,
                    len(rows) - inserted,
                    archive_file,
                ),
            )
            if tx.rowcount != 1:  # a concurrent upload of the same bundle committed first
                raise _RacedError()
            receipt["hq_contiguous_seq"] = contiguous_seq(tx, bundle.device_id, bundle.epoch)
            signature = sign(self.key, canonical_json(receipt).encode("utf-8"))
            tx.execute(
                "UPDATE bundles SET receipt = ?, receipt_sig = ? WHERE bundle_id = ?",
                (canonical_json(receipt), signature, bundle.bundle_id),
            )
        return Outcome(201 if inserted else 200, receipt, signature)


def _compare_existing(tx: Tx, bundle: Bundle) -> None:
    """Every event of ``bundle`` that was skipped must equal this device's stored one (else 409, rolled back).

    Only the sending device's events are compared: another device holding the same event id is no
    conflict for this one (the key is (device_id, event_id)).
    """
    incoming = {row[0]: row for row in bundle.rows}
    ids = list(incoming)
    stored: dict[str, tuple[Any, ...]] = {}
    columns = ", ".join(EVENT_COLUMNS)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for row in tx.execute(
            f"SELECT {columns} FROM events WHERE device_id = ? AND event_id IN ({','.join('?' * len(part))})",
            [bundle.device_id, *part],
        ).fetchall():
            stored[row[0]] = row
    for event_id, row in incoming.items():
        held = stored.get(event_id)
        if held is None:
            raise SyncError("errors.hq.seq_conflict", code="seq_conflict", seq=row[3], epoch=row[2])
        if held != row:
            raise SyncError("errors.hq.conflict", code="conflict", event_id=event_id)


class _RacedError(Exception):
    """Internal: the bundle row appeared under our feet; the caller re-reads the stored receipt."""


def parsed_events(path: Path) -> ParsedEvents | None:
    """The checked events of the bundle file at ``path`` (run in a worker process by bulk ingest), or
    ``None`` when the file does not read or check: the ingest itself then finds and records why."""
    try:
        bundle = read_bundle(path.read_bytes())
    except (OSError, SyncError):
        return None
    return bundle.manifest_bytes, bundle.rows


def ingest_bundle(ingestor: Ingestor, data: bytes, **kwargs: Any) -> Outcome:
    """:meth:`Ingestor.ingest`, answering the stored receipt when a concurrent twin won the race."""
    try:
        return ingestor.ingest(data, **kwargs)
    except _RacedError:
        outcome = ingestor.stored_receipt(read_bundle(data, events=False).bundle_id)
        assert outcome is not None
        return outcome


__all__ = ["HTTP_STATUS", "Ingestor", "Outcome", "ingest_bundle"]

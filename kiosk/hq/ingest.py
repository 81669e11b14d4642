"""Ingest one bundle at HQ: check, archive, insert in one transaction, answer with a signed receipt.

Order (research/sync-reliability.md §3.4 step 4): parse and validate without a key → the device is
registered and active → it is the sender → the manifest signature verifies → a bundle id already
ingested answers its stored receipt (200) → the raw bytes go to the write-once archive → one
transaction inserts the events with ``ON CONFLICT DO NOTHING`` and compares every skipped event with
the stored one (a different content is a 409 and rolls everything back) → the bundle row and its
signed receipt are inserted in the same transaction → commit → answer. A crash anywhere before the
commit leaves neither the bundle row nor any of its events.

Every rejection is recorded in ``rejections`` and its bytes kept in the archive's ``quarantine/``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.hq.archive import Archive
from kiosk.hq.registry import active_device, find_device
from kiosk.hq.store import HQ_EVENT_COLUMNS, Store, Tx
from kiosk.log.events import canonical_json
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.bundle import Bundle, read_bundle, verify_manifest
from kiosk.sync.signing import sign

# code -> HTTP status (kiosk never retries these; see kiosk.sync.upload)
HTTP_STATUS: dict[str, int] = {
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
    status: int  # 201 new events, 200 nothing new (a replay)
    receipt: dict[str, Any]
    signature: str

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
    ) -> Outcome:
        """Ingest ``data`` (a .cnb file's bytes); raise :class:`SyncError` (recorded, quarantined) if rejected."""
        bundle: Bundle | None = None
        try:
            bundle = read_bundle(data, events=False)  # a replay of a validated bundle stops early
            if url_bundle_id is not None and url_bundle_id != bundle.bundle_id:
                raise SyncError("the URL names another bundle id than the manifest", code="bundle_id_mismatch")
            if sender is not None and sender != bundle.device_id:
                raise SyncError(f"bundle of device {bundle.device_id} sent by {sender}", code="device_mismatch")
            device = find_device(self.store, bundle.device_id) if allow_revoked else None
            device = device or active_device(self.store, bundle.device_id)
            verify_manifest(bundle, device.public_key)
            known = self._stored_receipt(bundle.bundle_id)
            if known is not None:
                return known
            bundle = read_bundle(data)
            archived = self.archive.store_bundle(bundle.device_id, bundle.epoch, bundle.bundle_id, data)
            return self._insert(bundle, via, str(archived.relative_to(self.archive.root)))
        except SyncError as exc:
            self.reject(
                exc, data, bundle.device_id if bundle else sender, bundle.bundle_id if bundle else url_bundle_id
            )
            raise

    def reject(self, exc: SyncError, data: bytes | None, device_id: str | None, bundle_id: str | None) -> None:
        """Record a rejection (and quarantine ``data`` if given)."""
        stamp = self.stamp()
        path = self.archive.quarantine(data, exc.code, stamp) if data is not None else None
        with self.store.transaction() as tx:
            tx.execute(
                "INSERT INTO rejections (rejection_id, at, device_id, bundle_id, code, reason, status,"
                " quarantine_file) VALUES (?,?,?,?,?,?,?,?)",
                (
                    str(uuid.uuid4()),
                    stamp,
                    device_id,
                    bundle_id,
                    exc.code,
                    str(exc)[:500],
                    HTTP_STATUS.get(exc.code, 400),
                    str(path.relative_to(self.archive.root)) if path else None,
                ),
            )

    def _stored_receipt(self, bundle_id: str) -> Outcome | None:
        rows = self.store.query("SELECT receipt, receipt_sig FROM bundles WHERE bundle_id = ?", (bundle_id,))
        return Outcome(200, json.loads(rows[0][0]), rows[0][1]) if rows else None

    def _insert(self, bundle: Bundle, via: str, archive_file: str) -> Outcome:
        received = self.stamp()
        rows = [tuple(event[c] for c in EVENT_COLUMNS) + (bundle.bundle_id, received) for event in bundle.events]
        m = bundle.manifest
        with self.store.transaction() as tx:
            inserted = self.store.insert_events(tx, rows)
            if inserted < len(rows):
                self._compare_existing(tx, bundle)
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

    def _compare_existing(self, tx: Tx, bundle: Bundle) -> None:
        """Every event of ``bundle`` that was skipped must equal the stored one (else 409, rolled back)."""
        incoming = {e["event_id"]: e for e in bundle.events}
        ids = list(incoming)
        stored: dict[str, tuple[Any, ...]] = {}
        columns = ", ".join(EVENT_COLUMNS)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for row in tx.execute(
                f"SELECT {columns} FROM events WHERE event_id IN ({','.join('?' * len(part))})", part
            ).fetchall():
                stored[row[0]] = row
        for event_id, event in incoming.items():
            held = stored.get(event_id)
            if held is None:
                raise SyncError(
                    f"seq {event['seq']} of epoch {event['epoch']} is already held by another event id",
                    code="seq_conflict",
                )
            if held != tuple(event[c] for c in EVENT_COLUMNS):
                raise SyncError(f"event {event_id} is already at HQ with a different content", code="conflict")


class _RacedError(Exception):
    """Internal: the bundle row appeared under our feet; the caller re-reads the stored receipt."""


def ingest_bundle(ingestor: Ingestor, data: bytes, **kwargs: Any) -> Outcome:
    """:meth:`Ingestor.ingest`, answering the stored receipt when a concurrent twin won the race."""
    try:
        return ingestor.ingest(data, **kwargs)
    except _RacedError:
        outcome = ingestor._stored_receipt(read_bundle(data, events=False).bundle_id)
        assert outcome is not None
        return outcome


__all__ = ["HQ_EVENT_COLUMNS", "HTTP_STATUS", "Ingestor", "Outcome", "ingest_bundle"]

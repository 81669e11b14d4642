"""Registered devices and one-time nonces (research/sync-reliability.md §3.4 steps 1–2).

A device is registered from its signed enrolment (``kiosk hq device add``) and can be revoked; what it
uploaded before revocation stays. Nonces are random, single-use, expire after
:data:`NONCE_TTL_S` seconds, and are stored in the database so several server workers share them.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from kiosk.errors import SyncError
from kiosk.hq.store import Store
from kiosk.log.events import canonical_json
from kiosk.sync.enrolment import Enrolment

NONCE_TTL_S = 600


@dataclass(frozen=True)
class Device:
    device_id: str
    public_key: str
    label: str
    status: str  # 'active' or 'revoked'


def add_device(store: Store, enrolment: Enrolment, stamp: str) -> None:
    """Register (or re-register the same key of) a device; a different key for a known id is refused."""
    known = find_device(store, enrolment.device_id)
    if known is not None and known.public_key != enrolment.public_key:
        raise SyncError(
            f"device {enrolment.device_id} is already registered with another key; revoke it and enrol the kiosk again",
            code="key_mismatch",
        )
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO devices (device_id, public_key, label, status, registered_at, enrolment)"
            " VALUES (?,?,?,'active',?,?) ON CONFLICT DO NOTHING",
            (enrolment.device_id, enrolment.public_key, enrolment.label, stamp, canonical_json(enrolment.document)),
        )


def revoke_device(store: Store, device_id: str, stamp: str) -> None:
    with store.transaction() as tx:
        if (
            tx.execute(
                "UPDATE devices SET status = 'revoked', revoked_at = ? WHERE device_id = ?", (stamp, device_id)
            ).rowcount
            != 1
        ):
            raise SyncError(f"unknown device {device_id}", code="unknown_device")


def find_device(store: Store, device_id: str) -> Device | None:
    rows = store.query("SELECT device_id, public_key, label, status FROM devices WHERE device_id = ?", (device_id,))
    return Device(*rows[0]) if rows else None


def active_device(store: Store, device_id: str) -> Device:
    """The device, or :class:`SyncError` ``unknown_device`` / ``revoked_device``."""
    device = find_device(store, device_id)
    if device is None:
        raise SyncError(f"device {device_id} is not registered at HQ", code="unknown_device")
    if device.status != "active":
        raise SyncError(f"device {device_id} has been revoked", code="revoked_device")
    return device


def issue_nonce(store: Store, device_id: str, now: float | None = None) -> str:
    nonce = secrets.token_urlsafe(24)
    moment = time.time() if now is None else now
    with store.transaction() as tx:
        tx.execute("DELETE FROM nonces WHERE expires_at < ?", (int(moment * 1000),))
        tx.execute(
            "INSERT INTO nonces (nonce, device_id, expires_at) VALUES (?,?,?)",
            (nonce, device_id, int((moment + NONCE_TTL_S) * 1000)),
        )
    return nonce


def consume_nonce(store: Store, device_id: str, nonce: str, now: float | None = None) -> None:
    """Mark ``nonce`` used; :class:`SyncError` ``nonce_invalid`` if unknown, expired, used or not this device's."""
    moment = int((time.time() if now is None else now) * 1000)
    with store.transaction() as tx:
        updated = tx.execute(
            "UPDATE nonces SET used = 1 WHERE nonce = ? AND device_id = ? AND used = 0 AND expires_at >= ?",
            (nonce, device_id, moment),
        ).rowcount
    if updated != 1:
        raise SyncError("the nonce is unknown, expired or already used", code="nonce_invalid")

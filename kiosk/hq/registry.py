"""Registered devices and one-time nonces (research/sync-reliability.md §3.4 steps 1–2).

A device is registered from its signed enrolment (``kiosk hq device add``) and can be revoked; what it
uploaded before revocation stays. Device ids are accepted only in their canonical spelling.

Nonces cost HQ nothing until they are used (issue 13 item 7): a nonce is ``<expiry ms>.<random>.<mac>``,
the MAC an HMAC-SHA256 (key derived from HQ's signing key, so every server worker shares it) over the
device id, the expiry and the random part. Handing one out stores nothing; an *authenticated* request
that uses one records it in ``used_nonces`` until it expires (then it is purged), which is what makes it
single-use. A stranger asking for nonces, or sending made-up ones, leaves no row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.hq.store import Store
from kiosk.log.events import canonical_json
from kiosk.log.identity import is_canonical_uuid
from kiosk.sync.enrolment import Enrolment

NONCE_TTL_S = 600
MAX_NONCE_LEN = 96
_NONCE = re.compile(r"(\d{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})")


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
        raise SyncError("errors.hq.key_mismatch", code="key_mismatch", device=enrolment.device_id)
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO devices (device_id, public_key, label, status, registered_at, enrolment)"
            " VALUES (?,?,?,'active',?,?) ON CONFLICT DO NOTHING",
            (enrolment.device_id, enrolment.public_key, enrolment.label, stamp, canonical_json(enrolment.document)),
        )


def revoke_device(store: Store, device_id: str, stamp: str) -> None:
    with store.transaction() as tx:
        changed = tx.execute(
            "UPDATE devices SET status = 'revoked', revoked_at = ? WHERE device_id = ?", (stamp, device_id)
        ).rowcount
    if changed != 1:
        raise SyncError("errors.hq.unknown_device", code="unknown_device", device=device_id[:60])


def find_device(store: Store, device_id: str) -> Device | None:
    if not is_canonical_uuid(device_id):
        return None
    rows = store.query("SELECT device_id, public_key, label, status FROM devices WHERE device_id = ?", (device_id,))
    return Device(*rows[0]) if rows else None


def active_device(store: Store, device_id: str) -> Device:
    """The device, or :class:`SyncError` ``unknown_device`` / ``revoked_device``."""
    device = find_device(store, device_id)
    if device is None:
        raise SyncError("errors.hq.unknown_device", code="unknown_device", device=device_id[:60])
    if device.status != "active":
        raise SyncError("errors.hq.revoked_device", code="revoked_device", device=device_id)
    return device


def nonce_secret(hq_key: Ed25519PrivateKey) -> bytes:
    """The HMAC key of nonces, derived from HQ's signing key (the same in every server process)."""
    return hashlib.sha256(b"cafe-numerique hq nonce v1\0" + hq_key.private_bytes_raw()).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class Nonces:
    """Issues and consumes nonces (module doc); ``clock`` gives Unix seconds (injected for tests)."""

    def __init__(self, store: Store, secret: bytes, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.secret = secret
        self.clock = clock

    def _mac(self, device_id: str, expires_ms: str, random_part: str) -> str:
        message = f"{device_id}.{expires_ms}.{random_part}".encode("ascii")
        return _b64(hmac.new(self.secret, message, hashlib.sha256).digest()[:16])

    def issue(self, device_id: str) -> str:
        """A fresh nonce for ``device_id``, valid :data:`NONCE_TTL_S` seconds; stores nothing."""
        expires_ms = str(int((self.clock() + NONCE_TTL_S) * 1000))
        random_part = _b64(secrets.token_bytes(12))
        return f"{expires_ms}.{random_part}.{self._mac(device_id, expires_ms, random_part)}"

    def consume(self, device_id: str, nonce: str) -> None:
        """Mark ``nonce`` used; :class:`SyncError` ``nonce_invalid`` if forged, expired, used or another device's.

        Call it only once the request's signature has verified: only then is a row written.
        """
        now_ms = int(self.clock() * 1000)
        match = _NONCE.fullmatch(nonce) if len(nonce) <= MAX_NONCE_LEN else None
        if match is None or int(match[1]) < now_ms:
            raise SyncError("errors.hq.nonce_invalid", code="nonce_invalid")
        if not hmac.compare_digest(match[3], self._mac(device_id, match[1], match[2])):
            raise SyncError("errors.hq.nonce_invalid", code="nonce_invalid")
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM used_nonces WHERE expires_at < ?", (now_ms,))
            fresh = tx.execute(
                "INSERT INTO used_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (nonce, int(match[1])),
            ).rowcount
        if fresh != 1:
            raise SyncError("errors.hq.nonce_invalid", code="nonce_invalid")

"""The facilitator PIN: stored as a salted scrypt hash, guarded by a lock-out after wrong tries.

The PIN itself is never stored. ``pin.json`` holds the scrypt parameters, a random 16-byte salt and
the 32-byte derived key (base64). :class:`PinGate` counts wrong tries: after ``max_tries`` in a row
the pad is locked for ``lock_s`` seconds (monotonic clock, injected for tests).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.errors import PinError
from kiosk.log.clock import Clock
from kiosk.log.identity import atomic_write

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~16 MiB, ~50 ms per check on a small laptop
PIN_MIN, PIN_MAX = 4, 8


def validate_pin(pin: str) -> str:
    """Return ``pin`` if it is 4 to 8 digits, else raise :class:`PinError`."""
    if not (pin.isdigit() and pin.isascii() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise PinError("errors.pin.length", low=PIN_MIN, high=PIN_MAX)
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=32)


class PinStore:
    """The hashed PIN in ``pin.json``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def is_set(self) -> bool:
        return self.path.exists()

    def set(self, pin: str) -> None:
        salt = os.urandom(16)
        key = _derive(validate_pin(pin), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        record = {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode(),
            "key": base64.b64encode(key).decode(),
        }
        atomic_write(self.path, (json.dumps(record, indent=2) + "\n").encode())
        os.chmod(self.path, 0o600)

    def matches(self, pin: str) -> bool:
        """True if ``pin`` is the stored PIN (constant-time comparison)."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            salt = base64.b64decode(record["salt"])
            expected = base64.b64decode(record["key"])
            n, r, p = int(record["n"]), int(record["r"]), int(record["p"])
        except FileNotFoundError as exc:
            raise PinError("errors.pin.not_set") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise PinError("errors.pin.damaged", file=str(self.path)) from exc
        if not (pin.isdigit() and pin.isascii() and PIN_MIN <= len(pin) <= PIN_MAX):
            return False
        return hmac.compare_digest(_derive(pin, salt, n, r, p), expected)


class Verdict(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class Attempt:
    verdict: Verdict
    tries_left: int
    locked_for_s: float = 0.0


class PinGate:
    """Checks PIN attempts and locks the pad after ``max_tries`` wrong ones in a row."""

    def __init__(self, store: PinStore, clock: Clock, *, max_tries: int = 5, lock_s: float = 60.0) -> None:
        self.store = store
        self.clock = clock
        self.max_tries = max_tries
        self.lock_s = lock_s
        self._wrong = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        """Seconds left before the pad unlocks (0 when open)."""
        return max(0.0, self._locked_until - self.clock.monotonic())

    def attempt(self, pin: str) -> Attempt:
        left = self.locked_for()
        if left > 0:
            return Attempt(Verdict.LOCKED, 0, left)
        if self.store.matches(pin):
            self._wrong = 0
            return Attempt(Verdict.OK, self.max_tries)
        self._wrong += 1
        if self._wrong >= self.max_tries:
            self._wrong = 0
            self._locked_until = self.clock.monotonic() + self.lock_s
            return Attempt(Verdict.LOCKED, 0, self.lock_s)
        return Attempt(Verdict.WRONG, self.max_tries - self._wrong)

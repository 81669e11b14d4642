"""The facilitator PIN: stored as a salted scrypt hash, guarded by a lock-out after wrong tries.

The PIN itself is never stored. ``pin.json`` holds the scrypt parameters, a random 16-byte salt and
the 32-byte derived key (base64); it is created readable by its owner only (0600).

:class:`PinGate` counts wrong tries: after ``max_tries`` in a row the pad locks, for ``lock_s``
seconds the first time, then 5 × and 15 × as long (60 s, 5 min, 15 min with the defaults) until the
right PIN is entered. The count and the lock are kept in ``pin-lockout.json`` beside ``pin.json``, so
restarting the app (or pulling the plug) neither resets the tries nor lifts a lock: a 4-digit PIN cannot
be walked through by restarting. Within a run the lock follows the monotonic clock; across a restart it
is carried by the wall clock and never lasts longer than its step (a clock set back cannot stretch it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.errors import PinError
from kiosk.log.clock import Clock
from kiosk.log.identity import atomic_write

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~16 MiB, ~50 ms per check on a small laptop
PIN_MIN, PIN_MAX = 4, 8
LOCK_GROWTH = (1, 5, 15)  # the n-th lock lasts lock_s × LOCK_GROWTH[n] (the last step repeats)
LOCKOUT_FILE = "pin-lockout.json"

log = logging.getLogger("kiosk")


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
        atomic_write(self.path, (json.dumps(record, indent=2) + "\n").encode(), mode=0o600)

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


@dataclass(frozen=True)
class _Lockout:
    """What survives a restart: wrong tries in a row, locks since the last right PIN, end of the lock."""

    wrong: int = 0
    locks: int = 0
    until_utc_s: float = 0.0  # wall clock (Unix seconds) at which the current lock ends; 0 when none


class PinGate:
    """Checks PIN attempts; locks the pad after ``max_tries`` wrong ones in a row, longer each time.

    The state is kept in ``state_path`` (default: ``pin-lockout.json`` beside the PIN file).
    """

    def __init__(
        self,
        store: PinStore,
        clock: Clock,
        *,
        max_tries: int = 5,
        lock_s: float = 60.0,
        state_path: Path | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.max_tries = max_tries
        self.lock_s = lock_s
        self.state_path = state_path or store.path.with_name(LOCKOUT_FILE)
        self._state = self._load()
        remaining = min(max(0.0, self._state.until_utc_s - clock.now().timestamp()), self._step_s(self._state.locks))
        self._locked_until = clock.monotonic() + remaining if remaining > 0 else 0.0

    def _step_s(self, locks: int) -> float:
        """How long the ``locks``-th lock lasts (0 for none)."""
        if locks <= 0:
            return 0.0
        return self.lock_s * LOCK_GROWTH[min(locks, len(LOCK_GROWTH)) - 1]

    def _load(self) -> _Lockout:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            return _Lockout(int(data["wrong"]), int(data["locks"]), float(data["until_utc_s"]))
        except FileNotFoundError:
            return _Lockout()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Unreadable: lock for one step rather than open the pad wide (never silently reset it).
            log.warning("%s: unreadable PIN lock-out state (%s); locking the pad once", self.state_path, exc)
            return _Lockout(0, 1, self.clock.now().timestamp() + self._step_s(1))

    def _save(self, state: _Lockout) -> None:
        self._state = state
        if state == _Lockout():
            self.state_path.unlink(missing_ok=True)
            return
        record = {"wrong": state.wrong, "locks": state.locks, "until_utc_s": state.until_utc_s}
        atomic_write(self.state_path, (json.dumps(record) + "\n").encode(), mode=0o600)

    def locked_for(self) -> float:
        """Seconds left before the pad unlocks (0 when open)."""
        return max(0.0, self._locked_until - self.clock.monotonic())

    def attempt(self, pin: str) -> Attempt:
        left = self.locked_for()
        if left > 0:
            return Attempt(Verdict.LOCKED, 0, left)
        if self.store.matches(pin):
            self._save(_Lockout())
            return Attempt(Verdict.OK, self.max_tries)
        wrong = self._state.wrong + 1
        if wrong < self.max_tries:
            self._save(_Lockout(wrong, self._state.locks, 0.0))
            return Attempt(Verdict.WRONG, self.max_tries - wrong)
        locks = self._state.locks + 1
        duration = self._step_s(locks)
        self._locked_until = self.clock.monotonic() + duration
        self._save(_Lockout(0, locks, self.clock.now().timestamp() + duration))
        return Attempt(Verdict.LOCKED, 0, duration)

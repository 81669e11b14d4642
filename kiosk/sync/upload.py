"""The upload protocol, kiosk side (research/sync-reliability.md §3.4).

For each pending bundle, oldest first: get a nonce (``GET …/state``, or the ``next_nonce`` of the last
answer), ``PUT`` the bundle signed over method, path, nonce and body hash, and advance the checkpoint
only on HQ's signed receipt. Network errors, 5xx, 408 and 429 are retried with exponential backoff
(with jitter); other 4xx are not retried: 401/403 stop the run (device unknown or revoked), any other
4xx marks that bundle rejected with HQ's code and reason and goes on with the next. A run cut at any
point resumes where it stopped: whatever HQ committed answers 200 with the same receipt.

Every answer is checked for its shape before anything is believed: a captive portal, a web page or an
empty ``{}`` is :data:`NOT_HQ` ("this server is not a Café numérique HQ") and nothing is pinned or
marked. HQ's state must verify with the pinned key (:mod:`kiosk.sync.trust`); with no key pinned yet,
it must at least verify with the key it announces, which the caller then pins.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.log.events import canonical_json
from kiosk.sync.signing import key_fingerprint, request_message, sign, verify

RETRYABLE = frozenset({408, 429})
NOT_HQ = "not_hq"
_CODE = re.compile(r"[a-z_]{1,40}")
_RECEIPT_INTS = ("epoch", "from_seq", "to_seq", "count", "accepted", "duplicates", "hq_contiguous_seq")
Ranges = dict[int, list[tuple[int, int]]]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 8  # per request, the first included
    base_s: float = 0.5
    cap_s: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return min(self.cap_s, self.base_s * 2**attempt) * rng.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    is_json: bool = True

    def hq_error(self) -> tuple[str, str] | None:
        """(code, reason) when the body is one of HQ's error answers, else ``None``."""
        code, reason = self.body.get("code"), self.body.get("reason")
        if isinstance(code, str) and _CODE.fullmatch(code) and isinstance(reason, str):
            return code, reason[:300]
        return None


@dataclass(frozen=True)
class HQState:
    """HQ's signed state for this device: a nonce and, per epoch, the seq ranges HQ holds."""

    nonce: str
    contiguous: dict[int, int]
    held: Ranges = field(default_factory=dict)


def _int_map(value: Any) -> dict[int, int] | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and k.isdigit() for k in value):
        return None
    if not all(type(v) is int and v >= 0 for v in value.values()):
        return None
    return {int(k): v for k, v in value.items()}


def _ranges(value: Any) -> Ranges | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and k.isdigit() for k in value):
        return None
    held: Ranges = {}
    for epoch, ranges in value.items():
        if not isinstance(ranges, list) or not all(
            isinstance(r, list) and len(r) == 2 and all(type(x) is int for x in r) for r in ranges
        ):
            return None
        held[int(epoch)] = [(int(r[0]), int(r[1])) for r in ranges]
    return held


class HQClient:
    """Talks to one HQ as one device. ``transport`` lets tests route through a proxy or an ASGI app."""

    def __init__(
        self,
        base_url: str,
        device_id: str,
        key: Ed25519PrivateKey,
        *,
        hq_key: str | None,
        retry: RetryPolicy = RetryPolicy(),
        timeout_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        seed: int | None = None,
    ) -> None:
        self.url = base_url.rstrip("/")
        self.device_id = device_id
        self.key = key
        self.hq_key = hq_key
        self.retry = retry
        self.sleep = sleep
        self.rng = random.Random(seed)
        self.http = httpx.Client(base_url=self.url, timeout=timeout_s, transport=transport)
        self.nonce: str | None = None

    def close(self) -> None:
        self.http.close()

    def not_hq(self, detail: str) -> SyncError:
        return SyncError("errors.sync.not_hq", code=NOT_HQ, url=self.url, detail=detail)

    def _answer(self, response: httpx.Response) -> Answer:
        try:
            body = response.json()
        except (ValueError, RecursionError, UnicodeDecodeError):
            return Answer(response.status_code, {}, is_json=False)
        return Answer(response.status_code, body if isinstance(body, dict) else {})

    def _with_retries(self, call: Callable[[], httpx.Response]) -> Answer:
        last = "no attempt"
        for attempt in range(self.retry.attempts):
            try:
                answer = self._answer(call())
            except httpx.TransportError as exc:
                self.nonce, last = None, exc.__class__.__name__
            else:
                if answer.status < 500 and answer.status not in RETRYABLE:
                    return answer
                next_nonce = answer.body.get("next_nonce")
                self.nonce, last = (next_nonce if isinstance(next_nonce, str) else None), f"HTTP {answer.status}"
            if attempt + 1 < self.retry.attempts:
                self.sleep(self.retry.delay(attempt, self.rng))
        raise SyncError(
            "errors.sync.unreachable", code="unreachable", url=self.url, attempts=self.retry.attempts, last=last
        )

    def state(self) -> HQState:
        """Handshake: a nonce and what HQ holds, signature checked (module doc). Sets :attr:`hq_key`."""
        answer = self._with_retries(lambda: self.http.get(f"/v1/devices/{self.device_id}/state"))
        if answer.status != 200:
            error = answer.hq_error()
            if error is None:
                raise self.not_hq(f"HTTP {answer.status}")
            raise SyncError("errors.sync.refused_by_hq", code=error[0], hq_code=error[0], reason=error[1])
        document, signature, announced = (answer.body.get(k) for k in ("state", "signature", "hq_public_key"))
        if not answer.is_json or not isinstance(document, dict) or not isinstance(signature, str):
            raise self.not_hq("no signed state" if answer.is_json else "not JSON")
        contiguous, held = _int_map(document.get("contiguous", {})), _ranges(document.get("held", {}))
        nonce = document.get("nonce")
        if document.get("device_id") != self.device_id or not isinstance(nonce, str) or contiguous is None:
            raise self.not_hq("unexpected state")
        if held is None or len(nonce) > 128:
            raise self.not_hq("unexpected state")
        key = self.hq_key or announced
        if not isinstance(key, str):
            raise self.not_hq("no key")
        self._verify_hq(canonical_json(document).encode("utf-8"), signature, key)
        self.hq_key, self.nonce = key, nonce
        return HQState(nonce, contiguous, held)

    def _verify_hq(self, message: bytes, signature: str, key: str) -> None:
        try:
            verify(key, message, signature, code="bad_receipt")
        except SyncError as exc:
            if self.hq_key is None:  # nothing pinned: a server whose own key does not verify is no HQ
                raise self.not_hq("bad signature") from exc
            raise SyncError(
                "errors.sync.bad_receipt", code="bad_receipt", url=self.url, fingerprint=key_fingerprint(key)
            ) from exc

    def put_bundle(self, bundle_id: str, data: bytes) -> Answer:
        """One signed PUT (handshake first when no nonce is in hand), retried as the module says.

        A nonce HQ no longer knows (expired while a long upload ran) gets one fresh handshake and retry.
        """
        answer = self._put_once(bundle_id, data)
        if answer.status == 401 and (answer.hq_error() or ("", ""))[0] == "nonce_invalid":
            self.nonce = None
            answer = self._put_once(bundle_id, data)
        if answer.status in (200, 201):
            self.check_receipt(bundle_id, answer.body)
        return answer

    def _put_once(self, bundle_id: str, data: bytes) -> Answer:
        path = f"/v1/bundles/{bundle_id}"

        def call() -> httpx.Response:
            if self.nonce is None:
                self.state()
            nonce, self.nonce = self.nonce or "", None
            headers = {
                "X-Device": self.device_id,
                "X-Nonce": nonce,
                "X-Sig": sign(self.key, request_message("PUT", path, nonce, data)),
                "Content-Type": "application/octet-stream",
            }
            return self.http.put(path, content=data, headers=headers)

        answer = self._with_retries(call)
        next_nonce = answer.body.get("next_nonce")
        self.nonce = next_nonce if isinstance(next_nonce, str) and len(next_nonce) <= 128 else None
        return answer

    def check_receipt(self, bundle_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """HQ's signed receipt for ``bundle_id``, checked (signature with HQ's key, fields, ids)."""
        receipt, signature = body.get("receipt"), body.get("signature")
        if not isinstance(receipt, dict) or not isinstance(signature, str) or self.hq_key is None:
            raise self.not_hq("no receipt")
        self._verify_hq(canonical_json(receipt).encode("utf-8"), signature, self.hq_key)
        if (
            receipt.get("bundle_id") != bundle_id
            or receipt.get("device_id") != self.device_id
            or not all(type(receipt.get(name)) is int for name in _RECEIPT_INTS)
        ):
            raise SyncError("errors.sync.receipt_shape", code="bad_receipt", bundle=bundle_id[:16])
        return receipt

"""The upload protocol, kiosk side (research/sync-reliability.md §3.4).

For each pending bundle, oldest first: get a nonce (``GET …/state``, or the ``next_nonce`` of the last
answer), ``PUT`` the bundle signed over method, path, nonce and body hash, and advance the checkpoint
only on HQ's signed receipt. Network errors, 5xx, 408 and 429 are retried with exponential backoff
(with jitter); other 4xx are not retried: 401/403 stop the run (device unknown or revoked), any other
4xx marks that bundle rejected with HQ's code and reason and goes on with the next. A run cut at any
point resumes where it stopped: whatever HQ committed answers 200 with the same receipt.

HQ's receipt key is pinned at the first successful handshake (``keys/hq_ed25519.pub``) unless
``kiosk enrol --hq-key`` pinned it before.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.log.events import canonical_json
from kiosk.sync.signing import request_message, sign, verify

RETRYABLE = frozenset({408, 429})


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
        self.device_id = device_id
        self.key = key
        self.hq_key = hq_key
        self.retry = retry
        self.sleep = sleep
        self.rng = random.Random(seed)
        self.http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout_s, transport=transport)
        self.nonce: str | None = None

    def close(self) -> None:
        self.http.close()

    def _with_retries(self, call: Callable[[], httpx.Response]) -> Answer:
        last = "no attempt"
        for attempt in range(self.retry.attempts):
            try:
                response = call()
            except httpx.TransportError as exc:
                self.nonce, last = None, f"network: {exc.__class__.__name__}"
            else:
                try:
                    body = response.json()
                except ValueError:
                    body = {}
                if response.status_code < 500 and response.status_code not in RETRYABLE:
                    return Answer(response.status_code, body if isinstance(body, dict) else {})
                self.nonce, last = (
                    body.get("next_nonce") if isinstance(body, dict) else None,
                    f"HQ answered {response.status_code}",
                )
            if attempt + 1 < self.retry.attempts:
                self.sleep(self.retry.delay(attempt, self.rng))
        raise SyncError(f"HQ unreachable after {self.retry.attempts} attempts ({last})", code="unreachable")

    def state(self) -> dict[str, Any]:
        """Handshake: a nonce and HQ's contiguous seq per epoch (signature checked, HQ key pinned)."""
        answer = self._with_retries(lambda: self.http.get(f"/v1/devices/{self.device_id}/state"))
        if answer.status != 200:
            raise SyncError(
                str(answer.body.get("reason", f"HQ answered {answer.status}")),
                code=str(answer.body.get("code", f"http_{answer.status}")),
            )
        if self.hq_key is None:
            self.hq_key = str(answer.body["hq_public_key"])
        document = answer.body.get("state", {})
        verify(
            self.hq_key,
            canonical_json(document).encode("utf-8"),
            str(answer.body.get("signature", "")),
            code="bad_receipt",
        )
        self.nonce = str(document["nonce"])
        return document

    def put_bundle(self, bundle_id: str, data: bytes) -> Answer:
        """One signed PUT (handshake first when no nonce is in hand), retried as the module says."""
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
        self.nonce = answer.body.get("next_nonce") or None
        if answer.status in (200, 201):
            self.check_receipt(bundle_id, answer.body)
        return answer

    def check_receipt(self, bundle_id: str, body: dict[str, Any]) -> dict[str, Any]:
        receipt = body.get("receipt")
        if not isinstance(receipt, dict) or self.hq_key is None:
            raise SyncError("HQ's answer has no receipt", code="bad_receipt")
        verify(self.hq_key, canonical_json(receipt).encode("utf-8"), str(body.get("signature", "")), code="bad_receipt")
        if receipt.get("bundle_id") != bundle_id or receipt.get("device_id") != self.device_id:
            raise SyncError("HQ's receipt is for another bundle", code="bad_receipt")
        return receipt

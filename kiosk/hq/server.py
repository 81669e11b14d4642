"""``kiosk hq serve``: the HTTP side of HQ (Starlette app, served by uvicorn).

Routes (research/sync-reliability.md §3.4, docs/sync.md):

* ``GET /v1/health`` — ``{"ok": true}``.
* ``GET /v1/devices/{device_id}/state`` — for an active device: a fresh one-time nonce (10 min), HQ's
  highest contiguous seq per epoch, HQ's public key; the state is signed by HQ.
* ``PUT /v1/bundles/{bundle_id}`` — headers ``X-Device``, ``X-Nonce``, ``X-Sig`` (Ed25519 by the device
  over ``PUT\\n<path>\\n<nonce>\\n<sha256 hex of body>``); body: the .cnb bytes. Answers 201 (new
  events) or 200 (nothing new, same receipt as the first time) with ``{"receipt", "signature",
  "next_nonce"}``; errors answer ``{"code", "reason"}`` with the status of
  :data:`kiosk.hq.ingest.HTTP_STATUS` (plus ``next_nonce`` when the sender was authenticated).
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kiosk.errors import SyncError
from kiosk.hq.ingest import HTTP_STATUS, Ingestor, contiguous_seq, ingest_bundle
from kiosk.hq.registry import NONCE_TTL_S, active_device, consume_nonce, issue_nonce
from kiosk.log.events import canonical_json
from kiosk.sync.bundle import MAX_BUNDLE_BYTES
from kiosk.sync.signing import public_key_text, request_message, sign, verify


def _error(exc: SyncError, **extra: Any) -> JSONResponse:
    return JSONResponse({"code": exc.code, "reason": str(exc), **extra}, status_code=HTTP_STATUS.get(exc.code, 400))


def create_app(ingestor: Ingestor) -> Starlette:
    """The ASGI app over an :class:`Ingestor` (its store, archive and key)."""
    store = ingestor.store
    hq_public = public_key_text(ingestor.key)

    def state(device_id: str) -> dict[str, Any]:
        active_device(store, device_id)
        nonce = issue_nonce(store, device_id)
        with store.transaction() as tx:
            epochs = [
                e
                for (e,) in tx.execute(
                    "SELECT DISTINCT epoch FROM bundles WHERE device_id = ?", (device_id,)
                ).fetchall()
            ]
            contiguous = {str(e): contiguous_seq(tx, device_id, int(e)) for e in epochs}
        document = {"device_id": device_id, "nonce": nonce, "expires_in_s": NONCE_TTL_S, "contiguous": contiguous}
        return {
            "state": document,
            "signature": sign(ingestor.key, canonical_json(document).encode("utf-8")),
            "hq_public_key": hq_public,
        }

    async def get_state(request: Request) -> JSONResponse:
        try:
            return JSONResponse(await run_in_threadpool(state, request.path_params["device_id"]))
        except SyncError as exc:
            return _error(exc)

    def put(path: str, bundle_id: str, headers: dict[str, str], body: bytes) -> JSONResponse:
        device_id = headers.get("x-device", "")
        try:
            device = active_device(store, device_id)
            nonce = headers.get("x-nonce", "")
            verify(
                device.public_key,
                request_message("PUT", path, nonce, body),
                headers.get("x-sig", ""),
                code="bad_request_signature",
            )
            consume_nonce(store, device_id, nonce)
        except SyncError as exc:  # not authenticated: logged, bytes not kept (a stranger could fill the disk)
            ingestor.reject(exc, None, device_id or None, bundle_id)
            return _error(exc)
        try:
            outcome = ingest_bundle(ingestor, body, via="http", sender=device_id, url_bundle_id=bundle_id)
        except SyncError as exc:
            return _error(exc, next_nonce=issue_nonce(store, device_id))
        return JSONResponse(dict(outcome.body(), next_nonce=issue_nonce(store, device_id)), status_code=outcome.status)

    async def put_bundle(request: Request) -> JSONResponse:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BUNDLE_BYTES:
            return _error(SyncError("bundle too large", code="too_large"))
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BUNDLE_BYTES:
                return _error(SyncError("bundle too large", code="too_large"))
        return await run_in_threadpool(
            put, request.url.path, request.path_params["bundle_id"], dict(request.headers), body
        )

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[
            Route("/v1/health", health),
            Route("/v1/devices/{device_id}/state", get_state),
            Route("/v1/bundles/{bundle_id}", put_bundle, methods=["PUT"]),
        ]
    )

"""``kiosk hq serve``: the HTTP side of HQ (Starlette app, served by uvicorn).

Routes (research/sync-reliability.md §3.4, docs/sync.md):

* ``GET /v1/health`` — ``{"ok": true}``.
* ``GET /v1/devices/{device_id}/state`` — for an active device: a fresh one-time nonce (10 min), and per
  epoch HQ's highest contiguous seq and the seq ranges it holds, HQ's public key; the state is signed.
* ``PUT /v1/bundles/{bundle_id}`` — headers ``X-Device``, ``X-Nonce``, ``X-Sig`` (Ed25519 by the device
  over ``PUT\\n<path>\\n<nonce>\\n<sha256 hex of body>``); body: the .cnb bytes. Answers 201 (new
  events) or 200 (nothing new, same receipt as the first time) with ``{"receipt", "signature",
  "next_nonce"}``; errors answer ``{"code", "reason"}`` with the status of
  :data:`kiosk.hq.ingest.HTTP_STATUS` (plus ``next_nonce`` when the sender was authenticated).

Strangers cannot fill the disk (issue 13 item 7): every header and path id is checked for form and
length before anything else happens; a request refused before authentication only adds to a counter
(:class:`~kiosk.hq.refusals.RefusalCounter`); nonces are stateless until used. A client that drops
the connection mid-upload is an INFO line, never an ERROR with a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kiosk.errors import SyncError
from kiosk.hq.ingest import HTTP_STATUS, Ingestor, holdings, ingest_bundle
from kiosk.hq.refusals import RefusalCounter
from kiosk.hq.registry import NONCE_TTL_S, Nonces, active_device, nonce_secret
from kiosk.log.events import canonical_json
from kiosk.log.identity import is_canonical_uuid
from kiosk.sync.bundle import MAX_BUNDLE_BYTES
from kiosk.sync.signing import public_key_text, request_message, sign, verify

log = logging.getLogger("kiosk.hq")
_BUNDLE_ID = re.compile(r"[0-9a-f]{64}")
_NONCE_CHARS = re.compile(r"[A-Za-z0-9_.-]{1,96}")
_SIGNATURE_CHARS = re.compile(r"[A-Za-z0-9+/=]{1,128}")
# Refused before authentication, yet about a device HQ knows: the count keeps the device id.
_KNOWN_DEVICE_CODES = frozenset({"revoked_device", "bad_request_signature", "nonce_invalid"})


def _error(exc: SyncError, **extra: Any) -> JSONResponse:
    body = {"code": exc.code, "reason": exc.text("en"), **extra}
    return JSONResponse(body, status_code=HTTP_STATUS.get(exc.code, 400))


def _bad_request(what: str) -> SyncError:
    return SyncError("errors.hq.bad_request", code="bad_request", what=what)


def _header_problem(request: Request) -> SyncError | None:
    """Why the PUT's path or headers are malformed (checked before anything is read or stored), or ``None``."""
    headers = request.headers
    if not _BUNDLE_ID.fullmatch(request.path_params["bundle_id"]):
        return _bad_request("bundle id")
    if not is_canonical_uuid(headers.get("x-device", "")):
        return _bad_request("X-Device")
    if not _NONCE_CHARS.fullmatch(headers.get("x-nonce", "")):
        return SyncError("errors.hq.nonce_invalid", code="nonce_invalid")
    if not _SIGNATURE_CHARS.fullmatch(headers.get("x-sig", "")):
        return SyncError("errors.sync.signature", code="bad_request_signature")
    declared = headers.get("content-length", "")
    if declared and not (declared.isdigit() and len(declared) <= 12):
        return _bad_request("Content-Length")
    if declared and int(declared) > MAX_BUNDLE_BYTES:
        return SyncError("errors.hq.too_large", code="too_large", limit=MAX_BUNDLE_BYTES)
    return None


def create_app(
    ingestor: Ingestor, *, refusals: RefusalCounter | None = None, nonces: Nonces | None = None
) -> Starlette:
    """The ASGI app over an :class:`Ingestor` (its store, archive and key)."""
    store = ingestor.store
    hq_public = public_key_text(ingestor.key)
    nonces = nonces or Nonces(store, nonce_secret(ingestor.key))
    counter = refusals or RefusalCounter(store)

    def refuse(exc: SyncError, device_id: str | None = None) -> JSONResponse:
        """Answer a request refused before authentication: a count, nothing stored about it (worker thread)."""
        if counter.count(exc.code, device_id if exc.code in _KNOWN_DEVICE_CODES else None):
            counter.flush()
        return _error(exc)

    async def refuse_now(exc: SyncError, device_id: str | None = None) -> JSONResponse:
        """:func:`refuse` from the event loop: the count is in memory, only a due flush goes to a thread."""
        if counter.count(exc.code, device_id if exc.code in _KNOWN_DEVICE_CODES else None):
            await run_in_threadpool(counter.flush)
        return _error(exc)

    def state(device_id: str) -> dict[str, Any]:
        active_device(store, device_id)
        with store.transaction() as tx:
            contiguous, held = holdings(tx, device_id)
        document = {
            "device_id": device_id,
            "nonce": nonces.issue(device_id),
            "expires_in_s": NONCE_TTL_S,
            "contiguous": contiguous,
            "held": held,
        }
        return {
            "state": document,
            "signature": sign(ingestor.key, canonical_json(document).encode("utf-8")),
            "hq_public_key": hq_public,
        }

    async def get_state(request: Request) -> JSONResponse:
        device_id = request.path_params["device_id"]
        if not is_canonical_uuid(device_id):
            return await refuse_now(_bad_request("device id"))
        try:
            return JSONResponse(await run_in_threadpool(state, device_id))
        except SyncError as exc:
            return await run_in_threadpool(refuse, exc, device_id)

    def put(path: str, bundle_id: str, headers: dict[str, str], body: bytes) -> JSONResponse:
        device_id = headers["x-device"]
        try:
            device = active_device(store, device_id)
            nonce = headers["x-nonce"]
            message = request_message("PUT", path, nonce, body)
            verify(device.public_key, message, headers["x-sig"], code="bad_request_signature")
            nonces.consume(device_id, nonce)
        except SyncError as exc:  # not authenticated: counted, bytes not kept (a stranger could fill the disk)
            return refuse(exc, device_id)
        try:
            outcome = ingest_bundle(ingestor, body, via="http", sender=device_id, url_bundle_id=bundle_id)
        except SyncError as exc:
            return _error(exc, next_nonce=nonces.issue(device_id))
        return JSONResponse(dict(outcome.body(), next_nonce=nonces.issue(device_id)), status_code=outcome.status)

    async def put_bundle(request: Request) -> JSONResponse:
        problem = _header_problem(request)
        if problem is not None:
            return await refuse_now(problem)
        body = bytearray()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BUNDLE_BYTES:
                    return await refuse_now(SyncError("errors.hq.too_large", code="too_large", limit=MAX_BUNDLE_BYTES))
        except ClientDisconnect:
            log.info("client disconnected during the upload of %s after %d bytes", request.url.path, len(body))
            return await refuse_now(SyncError("errors.hq.incomplete_upload", code="incomplete_upload"))
        headers = {name: request.headers[name] for name in ("x-device", "x-nonce", "x-sig")}
        return await run_in_threadpool(put, request.url.path, request.path_params["bundle_id"], headers, bytes(body))

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"ok": True})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(counter.flush)

    app = Starlette(
        routes=[
            Route("/v1/health", health),
            Route("/v1/devices/{device_id}/state", get_state),
            Route("/v1/bundles/{bundle_id}", put_bundle, methods=["PUT"]),
        ],
        lifespan=lifespan,
    )
    app.state.refusals = counter
    return app

"""Calling an ASGI app in-process, without a socket or a test client's thread hop per request.

Headers reach the app exactly as given (a 60 kB header included: no HTTP parser stands in between),
which is what the tests of HQ's own header checks need.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any

Request = tuple[str, str, Sequence[tuple[str, str]], bytes]  # method, path, headers, body


async def call(app: Any, method: str, path: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b"") -> int:
    """One request through ``app``; returns the response status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers]
        + [(b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    pending = [{"type": "http.request", "body": body, "more_body": False}]
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


def run_all(app: Any, requests: Sequence[Request], *, at_once: int = 16) -> list[int]:
    """Send ``requests`` through ``app``, ``at_once`` at a time, in one event loop; return the statuses."""

    async def main() -> list[int]:
        statuses: list[int] = []
        for start in range(0, len(requests), at_once):
            batch: list[Awaitable[int]] = [call(app, *r) for r in requests[start : start + at_once]]
            statuses += await asyncio.gather(*batch)
        return statuses

    return asyncio.run(main())

"""Ingest many bundle files in a row — a USB stick, or the whole archive at a rebuild.

Each file is ingested exactly as on its own (:func:`kiosk.hq.ingest.ingest_bundle`: every check, its own
transaction, in the order given), while worker processes read and check the events of the files ahead
(:func:`kiosk.hq.ingest.parsed_events`). Parsing and checking every event is most of the Python work of an
ingest; done ahead in another process, it overlaps the inserts, and on a machine with a core to spare the
inserting process runs at the database's own pace. A worker's result is used only for the very bytes it
read (the manifest, which names the events' hash, must match byte for byte); anything else — an
unreadable or refused file, a worker that failed — is checked again in the inserting process, which
records the exact reason. A worker whose parent is gone (killed mid-ingest) exits within
:data:`PARENT_WATCH_S` seconds: nothing is left running.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kiosk.errors import SyncError
from kiosk.hq import ingest as ingest_module
from kiosk.hq.ingest import Ingestor, Outcome, ParsedEvents, parsed_events

log = logging.getLogger("kiosk.hq")
MIN_FILES_FOR_WORKERS = 3
PARENT_WATCH_S = 0.5


def _exit_with_parent(parent_pid: int) -> None:
    """Worker initializer: a daemon thread ends this process once its parent has died (it is re-parented)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_WATCH_S)
        os._exit(0)

    threading.Thread(
        target=watch, name="parent-watch", daemon=True
    ).start()  # starting a worker costs about half a second: not worth it for one or two files


def default_workers() -> int:
    """One worker per spare core (the inserting process keeps one), at most 4."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def _parsed(future: Future[ParsedEvents | None] | None) -> ParsedEvents | None:
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - a broken worker only loses the head start: the ingest checks again
        return None


def ingest_files(
    ingestor: Ingestor, paths: list[Path], *, via: str, workers: int | None = None, **options: Any
) -> Iterator[tuple[Path, Outcome | SyncError | OSError]]:
    """Ingest ``paths`` in order; yield each path with its outcome, or the error that refused it.

    ``workers`` processes check files ahead (default :func:`default_workers`; 0: none). ``options`` go to
    :func:`~kiosk.hq.ingest.ingest_bundle` (e.g. ``allow_revoked=True`` at a rebuild).
    """
    count = default_workers() if workers is None else workers
    pool = (
        ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )
        if count > 0 and len(paths) >= MIN_FILES_FOR_WORKERS
        else None
    )
    ahead: deque[Future[ParsedEvents | None]] = deque()
    submitted = 0
    try:
        for index, path in enumerate(paths):
            while pool is not None and submitted < len(paths) and submitted - index < 2 * count:
                try:
                    ahead.append(pool.submit(parsed_events, paths[submitted]))
                except Exception as exc:  # noqa: BLE001 - no worker (a broken pool): go on without one
                    log.warning("bulk ingest goes on without worker processes: %s", exc)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool, ahead = None, deque()
                    break
                submitted += 1
            parsed = _parsed(ahead.popleft() if ahead and submitted > index else None)
            try:
                data = path.read_bytes()
            except OSError as exc:
                yield path, exc
                continue
            try:
                outcome = ingest_module.ingest_bundle(ingestor, data, via=via, parsed=parsed, **options)
            except SyncError as exc:
                yield path, exc
                continue
            yield path, outcome
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

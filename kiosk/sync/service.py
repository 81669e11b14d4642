"""What the facilitator panel (and ``kiosk sync`` / ``kiosk export``) calls: status, sync, USB export.

* :func:`sync_status` → :class:`SyncStatus`: pending events and bundles, last successful sync, last
  rejection, the pinned HQ key's fingerprint. Cheap and read-only (it never migrates the database), so
  the panel may call it on the GUI thread; the app's log has migrated the database at start.
* :func:`sync_all` (blocking — run it off the GUI thread) builds pending bundles, checks HQ's signed
  state, re-opens what HQ no longer holds, repairs damaged bundle files from the log and uploads,
  reporting :class:`SyncProgress` to ``progress_callback`` (called on the calling thread).
* :func:`export_to` does the same for a USB stick: builds, repairs and copies every bundle the pinned
  HQ key has not acknowledged, verified by re-reading.
* :func:`prepare_log` migrates the database (the command line calls it before a status).

They open their own connection to the participation database: the log's single writer keeps writing
events meanwhile (WAL); sync only writes its own tables ``bundles`` and ``sync_state``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlite_utils import Database

from kiosk import __version__
from kiosk.errors import Message, SyncError
from kiosk.log.identity import load_identity
from kiosk.log.logbook import connect
from kiosk.log.migrations import migrations
from kiosk.paths import Paths
from kiosk.sync import ledger
from kiosk.sync.bundle import MAX_EVENTS
from kiosk.sync.enrolment import device_key_path
from kiosk.sync.export import BundleWriter, copy_verified, export_pending, iso, repair_bundles
from kiosk.sync.ledger import Rejection, SyncStatus
from kiosk.sync.signing import key_fingerprint, load_private_key
from kiosk.sync.trust import pin_hq_key, pinned_hq_key
from kiosk.sync.upload import HQClient, HQState, RetryPolicy


@dataclass(frozen=True)
class SyncProgress:
    stage: str  # 'export', 'upload' or 'done'
    done: int  # bundles handled so far in this stage
    total: int  # bundles in this stage
    message: Message  # one line for the facilitator, in the panel's language


@dataclass
class SyncResult:
    exported: int = 0
    acked: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    repaired: int = 0  # bundle files rebuilt from the log (damaged, missing, or refused for their file)
    status: SyncStatus | None = None


ProgressCallback = Callable[[SyncProgress], None]


def prepare_log(paths: Paths) -> None:
    """Bring the participation database's schema up to date (never on the GUI thread)."""
    conn = _open(paths)
    conn.close()


def _open(paths: Paths) -> sqlite3.Connection:
    if not paths.db_file.exists():
        raise SyncError("errors.sync.no_database", code="no_database", file=str(paths.db_file))
    conn = connect(paths.db_file)
    migrations.apply(Database(conn))
    return conn


def _device_id(paths: Paths) -> str:
    if not paths.identity_file.exists():
        raise SyncError("errors.sync.no_identity", code="not_enrolled", file=str(paths.identity_file))
    return load_identity(paths.identity_file).device_id


def sync_status(paths: Paths) -> SyncStatus:
    """The panel's summary (see :class:`SyncStatus`); read-only, no migration."""
    enrolled = device_key_path(paths).exists()
    hq_key = pinned_hq_key(paths)
    fingerprint = key_fingerprint(hq_key) if hq_key else None
    if not paths.db_file.exists() or not paths.identity_file.exists():
        return SyncStatus(enrolled, 0, 0, None, None, fingerprint)
    conn = connect(paths.db_file, readonly=True)
    try:
        return ledger.read_status(conn, _device_id(paths), enrolled=enrolled, hq_key=hq_key, fingerprint=fingerprint)
    finally:
        conn.close()


def _writer(conn: sqlite3.Connection, paths: Paths, now: datetime) -> BundleWriter:
    key = load_private_key(device_key_path(paths))
    return BundleWriter(conn, key, paths.exports_dir / "bundles", now, __version__)


def _export(writer: BundleWriter, device_id: str, progress: ProgressCallback, max_events: int) -> int:
    progress(SyncProgress("export", 0, 1, Message("sync.progress.preparing")))
    built = export_pending(
        writer.conn,
        writer.key,
        device_id,
        writer.out_dir,
        now=writer.now,
        app_version=__version__,
        max_events=max_events,
    )
    progress(SyncProgress("export", 1, 1, Message("sync.progress.prepared", {"count": len(built)})))
    return len(built)


def _handshake(client: HQClient, paths: Paths) -> tuple[HQState, str]:
    """HQ's signed state, and the key it verified with (pinned now if nothing was pinned: trust on first use)."""
    state = client.state()
    assert client.hq_key is not None  # state() verified with it
    if pinned_hq_key(paths) is None:
        pin_hq_key(paths, client.hq_key)
    return state, client.hq_key


def sync_all(
    paths: Paths,
    hq_url: str,
    progress_callback: ProgressCallback | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy = RetryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] | None = None,
    max_events: int = MAX_EVENTS,
) -> SyncResult:
    """Build and upload everything HQ does not hold; return what happened.

    Raises :class:`SyncError` (``unreachable``, ``not_hq``, ``unknown_device``, ``revoked_device``,
    ``not_enrolled``, ``bad_receipt``…) when the run cannot go on; what was acknowledged before stays
    acknowledged, and the next run resumes from there. Bundles HQ refuses are listed in the result.
    """
    progress = progress_callback or (lambda _p: None)
    clock = now or (lambda: datetime.now(UTC))
    conn = _open(paths)
    result = SyncResult()
    try:
        device_id = _device_id(paths)
        writer = _writer(conn, paths, clock())
        result.exported = _export(writer, device_id, progress, max_events)
        client = HQClient(
            hq_url, device_id, writer.key, hq_key=pinned_hq_key(paths), retry=retry, transport=transport, sleep=sleep
        )
        try:
            state, hq_key = _handshake(client, paths)
            ledger.reconcile(conn, device_id, hq_key, state)
            repair = repair_bundles(writer, device_id, ledger.to_send(conn, device_id, hq_key))
            result.repaired = repair.rebuilt
            _upload(conn, client, paths, device_id, (state, hq_key), clock, progress, result, set(repair.failed))
        finally:
            client.close()
        error = repair.error()
        if error is not None:  # the others went; these files could not be rebuilt: say which
            raise error
        ledger.mark_finished(conn, device_id, iso(clock()))
        result.status = ledger.read_status(
            conn, device_id, enrolled=True, hq_key=hq_key, fingerprint=key_fingerprint(hq_key)
        )
        progress(SyncProgress("done", result.acked, result.acked, Message("sync.progress.done")))
        return result
    finally:
        conn.close()


def _upload(
    conn: sqlite3.Connection,
    client: HQClient,
    paths: Paths,
    device_id: str,
    handshake: tuple[HQState, str],
    clock: Callable[[], datetime],
    progress: ProgressCallback,
    result: SyncResult,
    skip: set[str],
) -> None:
    state, hq_key = handshake
    rows = [
        (r.bundle_id, r.epoch, r.from_seq, r.to_seq, r.file)
        for r in ledger.to_send(conn, device_id, hq_key)
        if r.bundle_id not in skip
    ]
    for index, (bundle_id, epoch, from_seq, to_seq, name) in enumerate(rows):
        message = Message("sync.progress.sending", {"index": index + 1, "total": len(rows)})
        progress(SyncProgress("upload", index, len(rows), message))
        if ledger.held_by_hq(state, epoch, from_seq, to_seq):  # HQ's signed state says it has this range
            ledger.mark_acked(conn, bundle_id, device_id, epoch, {"hq_contiguous_seq": 0}, hq_key, iso(clock()))
            result.acked += 1
            continue
        answer = client.put_bundle(bundle_id, (paths.exports_dir / "bundles" / name).read_bytes())
        if answer.status in (200, 201):
            ledger.mark_acked(conn, bundle_id, device_id, epoch, answer.body["receipt"], hq_key, iso(clock()))
            result.acked += 1
            continue
        code, reason = answer.hq_error() or (f"http_{answer.status}", "")
        if answer.status in (401, 403):
            raise SyncError("errors.sync.refused_by_hq", code=code, hq_code=code, reason=reason)
        rejection = Rejection(name, code, reason, iso(clock()))
        ledger.mark_rejected(conn, bundle_id, rejection)
        result.rejected.append(rejection)
    progress(SyncProgress("upload", len(rows), len(rows), Message("sync.progress.sent")))


def export_to(
    paths: Paths,
    target: Path,
    progress_callback: ProgressCallback | None = None,
    *,
    now: datetime | None = None,
    max_events: int = MAX_EVENTS,
    everything: bool = False,
) -> list[Path]:
    """Build pending bundles and copy each one the pinned HQ key has not acknowledged to ``target``, verified.

    ``everything`` copies acknowledged bundles too (HQ dedups): for an HQ known to have lost data while
    this kiosk cannot reach it. Returns the copies.
    """
    progress = progress_callback or (lambda _p: None)
    conn = _open(paths)
    try:
        device_id = _device_id(paths)
        writer = _writer(conn, paths, now or datetime.now(UTC))
        _export(writer, device_id, progress, max_events)
        hq_key = pinned_hq_key(paths)
        repair = repair_bundles(writer, device_id, ledger.to_send(conn, device_id, hq_key, everything=everything))
        names = [
            row.file
            for row in ledger.to_send(conn, device_id, hq_key, everything=everything)
            if row.bundle_id not in repair.failed
        ]
    finally:
        conn.close()
    progress(SyncProgress("upload", 0, len(names), Message("sync.progress.copying")))
    copies = copy_verified([paths.exports_dir / "bundles" / n for n in names], target)
    error = repair.error()
    if error is not None:  # the others are copied and verified; these files could not be rebuilt
        raise error
    progress(SyncProgress("done", len(copies), len(copies), Message("sync.progress.copied")))
    return copies


__all__ = [
    "Rejection",
    "SyncProgress",
    "SyncResult",
    "SyncStatus",
    "export_to",
    "prepare_log",
    "sync_all",
    "sync_status",
]

"""What the facilitator panel (and ``kiosk sync`` / ``kiosk export``) calls: status, sync, USB export.

* :func:`sync_status` → :class:`SyncStatus`: pending events and bundles, last successful sync, last
  rejection with HQ's reason. Cheap; call it when the panel opens and after a sync.
* :func:`sync_all` (blocking — run it off the GUI thread) builds pending bundles and uploads them,
  reporting :class:`SyncProgress` to ``progress_callback`` (called on the calling thread).
* :func:`export_to` builds pending bundles and copies every bundle HQ has not acknowledged to a folder
  (a USB stick), verified by re-reading.

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
from kiosk.errors import SyncError
from kiosk.log.events import canonical_json
from kiosk.log.identity import atomic_write, load_identity
from kiosk.log.logbook import connect
from kiosk.log.migrations import migrations
from kiosk.paths import Paths
from kiosk.sync.bundle import MAX_EVENTS
from kiosk.sync.enrolment import device_key_path, hq_key_path
from kiosk.sync.export import copy_verified, export_pending, iso
from kiosk.sync.signing import load_private_key
from kiosk.sync.upload import HQClient, RetryPolicy


@dataclass(frozen=True)
class Rejection:
    bundle: str  # file name of the bundle
    code: str  # HQ's code (docs/sync.md lists them)
    reason: str  # HQ's explanation, for the facilitator to pass on
    at: str  # UTC ISO time


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    pending_events: int  # events HQ has not acknowledged
    pending_bundles: int  # bundles built and not yet acknowledged (rejected ones excluded)
    last_success_at: str | None  # UTC ISO time of the last sync that ended with nothing left to send
    last_rejection: Rejection | None


@dataclass(frozen=True)
class SyncProgress:
    stage: str  # 'export', 'upload' or 'done'
    done: int  # bundles handled so far in this stage
    total: int  # bundles in this stage
    message: str  # one line for the facilitator (French)


@dataclass
class SyncResult:
    exported: int = 0
    acked: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    status: SyncStatus | None = None


ProgressCallback = Callable[[SyncProgress], None]


def _open(paths: Paths) -> sqlite3.Connection:
    if not paths.db_file.exists():
        raise SyncError(f"{paths.db_file}: no participation database yet", code="no_database")
    conn = connect(paths.db_file)
    migrations.apply(Database(conn))
    return conn


def _device_id(paths: Paths) -> str:
    if not paths.identity_file.exists():
        raise SyncError(f"{paths.identity_file}: no device identity yet", code="not_enrolled")
    return load_identity(paths.identity_file).device_id


def _status(conn: sqlite3.Connection, device_id: str, enrolled: bool) -> SyncStatus:
    (total,) = conn.execute("SELECT COUNT(*) FROM events WHERE device_id = ?", (device_id,)).fetchone()
    (acked,) = conn.execute(
        "SELECT COALESCE(SUM(count), 0) FROM bundles WHERE device_id = ? AND state = 'acked'", (device_id,)
    ).fetchone()
    (pending_bundles,) = conn.execute(
        "SELECT COUNT(*) FROM bundles WHERE device_id = ? AND state = 'built'", (device_id,)
    ).fetchone()
    (last,) = conn.execute("SELECT MAX(updated_at) FROM sync_state WHERE device_id = ?", (device_id,)).fetchone()
    row = conn.execute(
        "SELECT file, reject_code, reject_reason, rejected_at FROM bundles WHERE device_id = ?"
        " AND state = 'rejected' ORDER BY rejected_at DESC LIMIT 1",
        (device_id,),
    ).fetchone()
    return SyncStatus(
        enrolled, max(0, int(total) - int(acked)), int(pending_bundles), last, Rejection(*row) if row else None
    )


def sync_status(paths: Paths) -> SyncStatus:
    """The panel's summary (see :class:`SyncStatus`)."""
    enrolled = device_key_path(paths).exists()
    if not paths.db_file.exists() or not paths.identity_file.exists():
        return SyncStatus(enrolled, 0, 0, None, None)
    conn = _open(paths)
    try:
        return _status(conn, _device_id(paths), enrolled)
    finally:
        conn.close()


def _export(
    conn: sqlite3.Connection,
    paths: Paths,
    device_id: str,
    now: datetime,
    progress: ProgressCallback,
    max_events: int = MAX_EVENTS,
) -> int:
    progress(SyncProgress("export", 0, 1, "Préparation des paquets…"))
    built = export_pending(
        conn,
        load_private_key(device_key_path(paths)),
        device_id,
        paths.exports_dir / "bundles",
        now=now,
        app_version=__version__,
        max_events=max_events,
    )
    progress(SyncProgress("export", 1, 1, f"{len(built)} nouveau(x) paquet(s)"))
    return len(built)


def _mark_acked(
    conn: sqlite3.Connection, bundle_id: str, device_id: str, epoch: int, receipt: dict, stamp: str
) -> None:
    contiguous = int(receipt.get("hq_contiguous_seq", receipt.get("contiguous", {}).get(str(epoch), 0)))
    with conn:
        conn.execute(
            "UPDATE bundles SET state = 'acked', receipt = ?, acked_at = ? WHERE bundle_id = ?",
            (canonical_json(receipt), stamp, bundle_id),
        )
        conn.execute(
            "INSERT INTO sync_state (device_id, epoch, acked_seq, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT (device_id, epoch) DO UPDATE SET acked_seq = MAX(acked_seq, excluded.acked_seq)",
            (device_id, epoch, contiguous, stamp),
        )


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
    """Build and upload everything HQ has not acknowledged; return what happened.

    Raises :class:`SyncError` (``unreachable``, ``unknown_device``, ``revoked_device``, ``not_enrolled``…)
    when the run cannot go on; what was acknowledged before stays acknowledged, and the next run
    resumes from there. Bundles HQ rejects are listed in the result and in :func:`sync_status`.
    """
    progress = progress_callback or (lambda _p: None)
    clock = now or (lambda: datetime.now(UTC))
    conn = _open(paths)
    result = SyncResult()
    try:
        device_id = _device_id(paths)
        result.exported = _export(conn, paths, device_id, clock(), progress, max_events)
        pinned = hq_key_path(paths).read_text(encoding="ascii").strip() if hq_key_path(paths).exists() else None
        client = HQClient(
            hq_url,
            device_id,
            load_private_key(device_key_path(paths)),
            hq_key=pinned,
            retry=retry,
            transport=transport,
            sleep=sleep,
        )
        try:
            state = client.state()
            if pinned is None and client.hq_key:
                atomic_write(hq_key_path(paths), client.hq_key.encode("ascii"))
            _upload(conn, client, paths, device_id, state, clock, progress, result)
        finally:
            client.close()
        stamp = iso(clock())
        with conn:
            conn.execute(
                "INSERT INTO sync_state (device_id, epoch, acked_seq, updated_at)"
                " SELECT ?, MAX(epoch), 0, ? FROM events WHERE device_id = ? HAVING MAX(epoch) IS NOT NULL"
                " ON CONFLICT (device_id, epoch) DO UPDATE SET updated_at = excluded.updated_at",
                (device_id, stamp, device_id),
            )
        result.status = _status(conn, device_id, True)
        progress(SyncProgress("done", result.acked, result.acked, "Synchronisation terminée"))
        return result
    finally:
        conn.close()


def _upload(
    conn: sqlite3.Connection,
    client: HQClient,
    paths: Paths,
    device_id: str,
    state: dict,
    clock: Callable[[], datetime],
    progress: ProgressCallback,
    result: SyncResult,
) -> None:
    rows = conn.execute(
        "SELECT bundle_id, epoch, to_seq, file FROM bundles WHERE device_id = ? AND state = 'built'"
        " ORDER BY epoch, from_seq",
        (device_id,),
    ).fetchall()
    contiguous = {int(k): int(v) for k, v in state.get("contiguous", {}).items()}
    for index, (bundle_id, epoch, to_seq, name) in enumerate(rows):
        progress(SyncProgress("upload", index, len(rows), f"Envoi du paquet {index + 1} sur {len(rows)}"))
        if to_seq <= contiguous.get(epoch, 0):  # HQ already holds this range (signed state)
            _mark_acked(conn, bundle_id, device_id, epoch, state, iso(clock()))
            result.acked += 1
            continue
        data = (paths.exports_dir / "bundles" / name).read_bytes()
        answer = client.put_bundle(bundle_id, data)
        if answer.status in (200, 201):
            _mark_acked(conn, bundle_id, device_id, epoch, answer.body["receipt"], iso(clock()))
            result.acked += 1
        elif answer.status in (401, 403):
            raise SyncError(
                str(answer.body.get("reason", "refused by HQ")),
                code=str(answer.body.get("code", f"http_{answer.status}")),
            )
        else:
            rejection = Rejection(
                name,
                str(answer.body.get("code", f"http_{answer.status}")),
                str(answer.body.get("reason", "")),
                iso(clock()),
            )
            with conn:
                conn.execute(
                    "UPDATE bundles SET state = 'rejected', reject_code = ?, reject_reason = ?,"
                    " rejected_at = ? WHERE bundle_id = ?",
                    (rejection.code, rejection.reason, rejection.at, bundle_id),
                )
            result.rejected.append(rejection)
    progress(SyncProgress("upload", len(rows), len(rows), "Envoi terminé"))


def export_to(
    paths: Paths,
    target: Path,
    progress_callback: ProgressCallback | None = None,
    *,
    now: datetime | None = None,
    max_events: int = MAX_EVENTS,
) -> list[Path]:
    """Build pending bundles and copy every unacknowledged one to ``target``, verified; return the copies."""
    progress = progress_callback or (lambda _p: None)
    conn = _open(paths)
    try:
        device_id = _device_id(paths)
        _export(conn, paths, device_id, now or datetime.now(UTC), progress, max_events)
        names = [
            n
            for (n,) in conn.execute(
                "SELECT file FROM bundles WHERE device_id = ? AND state != 'acked' ORDER BY epoch, from_seq",
                (device_id,),
            )
        ]
    finally:
        conn.close()
    progress(SyncProgress("upload", 0, len(names), "Copie et vérification sur la clé…"))
    copies = copy_verified([paths.exports_dir / "bundles" / n for n in names], target)
    progress(SyncProgress("done", len(copies), len(copies), "Copie vérifiée : la clé peut être retirée"))
    return copies


__all__ = ["Rejection", "SyncProgress", "SyncResult", "SyncStatus", "export_to", "sync_all", "sync_status"]

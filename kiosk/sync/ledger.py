"""The kiosk's ledger of bundles (``bundles`` and ``sync_state`` tables): built, acknowledged, refused.

An acknowledgement is believed only while two things hold (issue 13 items 1 and 2):

* it was signed by the HQ key pinned **now** (``bundles.acked_by``); another key's, or one recorded
  before keys were recorded (``NULL``), does not count;
* HQ's latest signed state still says it holds that bundle's seq range (an HQ restored from an older
  backup holds less than it once acknowledged).

:func:`reconcile` applies both after each handshake and puts every other bundle back to ``built``, to be
sent again from the intact log; :func:`read_status` counts only what the pinned key acknowledged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from kiosk.errors import SyncError
from kiosk.log.events import canonical_json
from kiosk.sync.export import FILE_CODES, BundleRow
from kiosk.sync.upload import HQState


@dataclass(frozen=True)
class Rejection:
    bundle: str  # file name of the bundle
    code: str  # HQ's code (docs/sync.md lists them)
    reason: str  # HQ's explanation (English, for support); the panel explains the code in its language
    at: str  # UTC ISO time


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    pending_events: int  # events not acknowledged by the pinned HQ key
    pending_bundles: int  # bundles to send (built, acknowledged under another key, refused for their file)
    last_success_at: str | None  # UTC ISO time of the last sync that ended normally
    last_rejection: Rejection | None
    hq_key_fingerprint: str | None = None  # the pinned HQ key, for people to compare; None before the first sync


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def held_by_hq(state: HQState, epoch: int, from_seq: int, to_seq: int) -> bool:
    """Whether HQ's signed state says it holds every seq from ``from_seq`` to ``to_seq`` of ``epoch``."""
    if to_seq <= state.contiguous.get(epoch, 0):
        return True
    return any(low <= from_seq and to_seq <= high for low, high in _merged(state.held.get(epoch, [])))


def reconcile(conn: sqlite3.Connection, device_id: str, hq_key: str, state: HQState) -> int:
    """Put back to 'built' every acknowledgement not by ``hq_key`` or not held by HQ any more; return how many."""
    rows = conn.execute(
        "SELECT bundle_id, epoch, from_seq, to_seq, acked_by FROM bundles WHERE device_id = ? AND state = 'acked'",
        (device_id,),
    ).fetchall()
    stale = [
        (bundle_id,)
        for bundle_id, epoch, low, high, acked_by in rows
        if acked_by != hq_key or not held_by_hq(state, int(epoch), int(low), int(high))
    ]
    with conn:
        conn.executemany(
            "UPDATE bundles SET state = 'built', acked_by = NULL, receipt = NULL, acked_at = NULL WHERE bundle_id = ?",
            stale,
        )
        for epoch, seq in state.contiguous.items():  # the checkpoint follows HQ, down as well as up
            conn.execute(
                "UPDATE sync_state SET acked_seq = ? WHERE device_id = ? AND epoch = ?", (seq, device_id, epoch)
            )
    return len(stale)


def mark_acked(
    conn: sqlite3.Connection,
    bundle_id: str,
    device_id: str,
    epoch: int,
    receipt: dict[str, Any],
    hq_key: str,
    stamp: str,
) -> None:
    """Record HQ's (already verified) receipt, signed by ``hq_key``, and advance the checkpoint."""
    contiguous = int(receipt.get("hq_contiguous_seq", 0))
    with conn:
        conn.execute(
            "UPDATE bundles SET state = 'acked', receipt = ?, acked_at = ?, acked_by = ?,"
            " reject_code = NULL, reject_reason = NULL, rejected_at = NULL WHERE bundle_id = ?",
            (canonical_json(receipt), stamp, hq_key, bundle_id),
        )
        conn.execute(
            "INSERT INTO sync_state (device_id, epoch, acked_seq, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT (device_id, epoch) DO UPDATE SET acked_seq = MAX(acked_seq, excluded.acked_seq)",
            (device_id, epoch, contiguous, stamp),
        )


def mark_rejected(conn: sqlite3.Connection, bundle_id: str, rejection: Rejection) -> None:
    with conn:
        conn.execute(
            "UPDATE bundles SET state = 'rejected', reject_code = ?, reject_reason = ?, rejected_at = ?"
            " WHERE bundle_id = ?",
            (rejection.code, rejection.reason, rejection.at, bundle_id),
        )


def mark_finished(conn: sqlite3.Connection, device_id: str, stamp: str) -> None:
    """A sync run ended normally: remember when (the panel's « dernière synchronisation réussie »)."""
    with conn:
        conn.execute(
            "INSERT INTO sync_state (device_id, epoch, acked_seq, updated_at)"
            " SELECT ?, MAX(epoch), 0, ? FROM events WHERE device_id = ? HAVING MAX(epoch) IS NOT NULL"
            " ON CONFLICT (device_id, epoch) DO UPDATE SET updated_at = excluded.updated_at",
            (device_id, stamp, device_id),
        )


def to_send(
    conn: sqlite3.Connection, device_id: str, hq_key: str | None, *, everything: bool = False
) -> list[BundleRow]:
    """Every bundle ``hq_key`` has not acknowledged (with ``everything``, acknowledged ones too), in order.

    Bundles HQ refused for their events are left out (they wait for HQ's staff); those refused for
    their file are in (the file is rebuilt from the log first).
    """
    codes = tuple(sorted(FILE_CODES))
    rows = conn.execute(
        "SELECT bundle_id, epoch, from_seq, to_seq, prev_bundle_sha256, file, state, reject_code FROM bundles"
        " WHERE device_id = ? AND (? OR NOT (state = 'acked' AND acked_by IS NOT NULL AND acked_by = ?))"
        f" AND NOT (state = 'rejected' AND reject_code NOT IN ({','.join('?' * len(codes))}))"
        " ORDER BY epoch, from_seq",
        (device_id, everything, hq_key or "", *codes),
    ).fetchall()
    return [BundleRow(*row) for row in rows]


def read_status(
    conn: sqlite3.Connection, device_id: str, *, enrolled: bool, hq_key: str | None, fingerprint: str | None
) -> SyncStatus:
    """The panel's summary; only acknowledgements by ``hq_key`` count (none when no key is pinned)."""
    try:
        (total,) = conn.execute("SELECT COUNT(*) FROM events WHERE device_id = ?", (device_id,)).fetchone()
        (acked,) = conn.execute(
            "SELECT COALESCE(SUM(count), 0) FROM bundles WHERE device_id = ? AND state = 'acked' AND acked_by = ?",
            (device_id, hq_key or ""),
        ).fetchone()
        (last,) = conn.execute("SELECT MAX(updated_at) FROM sync_state WHERE device_id = ?", (device_id,)).fetchone()
        row = conn.execute(
            "SELECT file, reject_code, reject_reason, rejected_at FROM bundles WHERE device_id = ?"
            " AND state = 'rejected' ORDER BY rejected_at DESC LIMIT 1",
            (device_id,),
        ).fetchone()
    except sqlite3.OperationalError as exc:  # a log the app has not opened (and so not migrated) since an update
        raise SyncError("errors.sync.log_not_upgraded", code="no_database", reason=str(exc)) from exc
    pending_bundles = len(to_send(conn, device_id, hq_key))
    return SyncStatus(
        enrolled,
        max(0, int(total) - int(acked)),
        pending_bundles,
        last,
        Rejection(*row) if row else None,
        fingerprint,
    )

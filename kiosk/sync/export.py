"""Cut the events HQ does not have yet into signed bundle files, and copy them to a USB stick.

Bundles are cut per (device, epoch) after the last bundle already built, at most
:data:`~kiosk.sync.bundle.MAX_EVENTS` events or 5 MB each, and chained by ``prev_bundle_sha256``
within the epoch. Each file is written atomically (tmp, fsync, rename, fsync dir) *before* its row in
``bundles`` is committed: a crash in between leaves a file that the next export rewrites under the
same name with the same ``bundle_id`` (the events' NDJSON is deterministic).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.log.identity import atomic_write
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.bundle import MAX_EVENTS, MAX_EVENTS_BYTES, build_bundle, bundle_name, event_line, read_bundle

_SELECT = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"


@dataclass(frozen=True)
class BuiltBundle:
    bundle_id: str
    file: Path
    device_id: str
    epoch: int
    from_seq: int
    to_seq: int
    count: int


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _epochs(conn: sqlite3.Connection, device_id: str) -> list[tuple[int, int]]:
    return conn.execute(
        "SELECT epoch, MAX(seq) FROM events WHERE device_id = ? GROUP BY epoch ORDER BY epoch", (device_id,)
    ).fetchall()


def _last_bundle(conn: sqlite3.Connection, device_id: str, epoch: int) -> tuple[int, str | None]:
    row = conn.execute(
        "SELECT to_seq, bundle_id FROM bundles WHERE device_id = ? AND epoch = ? ORDER BY to_seq DESC LIMIT 1",
        (device_id, epoch),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, None)


def _chunks(
    conn: sqlite3.Connection, device_id: str, epoch: int, after: int, max_events: int
) -> Iterator[list[tuple[int, bytes]]]:
    """Lists of (seq, line) after seq ``after``, each within the event-count and byte limits."""
    chunk: list[tuple[int, bytes]] = []
    size = 0
    cursor = conn.execute(
        _SELECT + " WHERE device_id = ? AND epoch = ? AND seq > ? ORDER BY seq", (device_id, epoch, after)
    )
    for values in cursor:
        row = dict(zip(EVENT_COLUMNS, values))
        line = event_line(row)
        if chunk and (len(chunk) >= max_events or size + len(line) > MAX_EVENTS_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append((row["seq"], line))
        size += len(line)
    if chunk:
        yield chunk


def export_pending(
    conn: sqlite3.Connection,
    key: Ed25519PrivateKey,
    device_id: str,
    out_dir: Path,
    *,
    now: datetime,
    app_version: str,
    max_events: int = MAX_EVENTS,
) -> list[BuiltBundle]:
    """Build every bundle not built yet for ``device_id``; return them in (epoch, seq) order.

    Runs ``PRAGMA integrity_check`` first and records its result in each manifest (HQ sees a kiosk
    whose database is failing). ``conn`` is a read-write connection to the participation database.
    """
    check = conn.execute("PRAGMA integrity_check").fetchone()
    integrity = {
        "result": "ok" if check and check[0] == "ok" else str(check[0] if check else "no answer"),
        "at": iso(now),
    }
    (sqlite_version,) = conn.execute("SELECT sqlite_version()").fetchone()
    built: list[BuiltBundle] = []
    for epoch, _high in _epochs(conn, device_id):
        after, prev = _last_bundle(conn, device_id, epoch)
        for chunk in _chunks(conn, device_id, epoch, after, max_events):
            from_seq, to_seq = chunk[0][0], chunk[-1][0]
            if to_seq - from_seq + 1 != len(chunk) or from_seq != after + 1:
                raise SyncError(
                    f"seq gap in epoch {epoch} between {after} and {to_seq}: the database is "
                    "damaged; run `kiosk db check`",
                    code="seq_gap",
                )
            versions = sorted(
                {
                    int(v)
                    for (v,) in conn.execute(
                        "SELECT DISTINCT schema_version FROM events"
                        " WHERE device_id = ? AND epoch = ? AND seq BETWEEN ? AND ?",
                        (device_id, epoch, from_seq, to_seq),
                    )
                }
            )
            data = build_bundle(
                [line for _, line in chunk],
                {
                    "device_id": device_id,
                    "epoch": epoch,
                    "from_seq": from_seq,
                    "to_seq": to_seq,
                    "prev_bundle_sha256": prev,
                    "created_at": iso(now),
                    "app_version": app_version,
                    "sqlite_version": sqlite_version,
                    "schema_versions": versions,
                    "integrity_check": integrity,
                },
                key,
            )
            bundle_id = hashlib.sha256(b"".join(line for _, line in chunk)).hexdigest()
            path = out_dir / bundle_name(device_id, epoch, from_seq, to_seq)
            atomic_write(path, data)
            with conn:
                conn.execute(
                    "INSERT OR REPLACE INTO bundles (bundle_id, device_id, epoch, from_seq, to_seq, count,"
                    " prev_bundle_sha256, file, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (bundle_id, device_id, epoch, from_seq, to_seq, len(chunk), prev, path.name, iso(now)),
                )
            built.append(BuiltBundle(bundle_id, path, device_id, epoch, from_seq, to_seq, len(chunk)))
            after, prev = to_seq, bundle_id
    return built


def _drop_cache(path: Path) -> None:
    """Ask the OS to forget cached pages of ``path`` so the next read comes from the device."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def copy_verified(files: list[Path], target: Path) -> list[Path]:
    """Copy bundle ``files`` into ``target`` (a USB stick), each atomically, then re-read and re-hash
    every copy (cache dropped first where the OS allows) and parse it as a bundle.

    Returns the copies; raises :class:`SyncError` ``copy_mismatch`` if any copy differs — only then
    is it *not* safe to remove the stick.
    """
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for source in files:
        data = source.read_bytes()
        dest = target / source.name
        atomic_write(dest, data)
        copies.append((dest, hashlib.sha256(data).hexdigest()))
    for dest, digest in copies:
        _drop_cache(dest)
        again = dest.read_bytes()
        if hashlib.sha256(again).hexdigest() != digest:
            raise SyncError(
                f"{dest}: the copy on the stick differs from the original; do not remove the stick, try another one",
                code="copy_mismatch",
            )
        read_bundle(again)
    return [dest for dest, _ in copies]

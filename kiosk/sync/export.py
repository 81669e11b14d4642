"""Bundle files: cut the events HQ does not have yet into signed files, keep them whole, copy them to a stick.

Bundles are cut per (device, epoch) after the last bundle already built, at most
:data:`~kiosk.sync.bundle.MAX_EVENTS` events or 5 MB each, and chained by ``prev_bundle_sha256``
within the epoch. Each file is written atomically (tmp, fsync, rename, fsync dir) *before* its row in
``bundles`` is committed: a crash in between leaves a file that the next export rewrites under the
same name with the same ``bundle_id`` (the events' NDJSON is deterministic).

The files are a **cache of the log**: :func:`repair_bundles` checks each file that is still to be sent
(it exists, its zip and manifest read back, its events hash to its bundle id, the kiosk's own key
signed it) and rebuilds a damaged or missing one from the database — the same events, so the same
bundle id (the id is the hash of the events), in a new file. A bundle HQ refused because its *file* was
bad is rebuilt and sent again the same way. Every error names the file.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.log.identity import atomic_write
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.bundle import (
    MAX_EVENTS,
    MAX_EVENTS_BYTES,
    build_bundle,
    bundle_name,
    event_line,
    read_bundle,
    verify_manifest,
)

_SELECT = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
# HQ's codes for a bundle whose file was bad (not its events): rebuilding the file from the log fixes them.
FILE_CODES = frozenset({"bad_zip", "bad_manifest", "hash_mismatch", "bad_signature", "bundle_id_mismatch"})


@dataclass(frozen=True)
class BuiltBundle:
    bundle_id: str
    file: Path
    device_id: str
    epoch: int
    from_seq: int
    to_seq: int
    count: int


@dataclass(frozen=True)
class BundleWriter:
    """What every bundle file needs besides its events: the key, the folder, the time and the versions."""

    conn: sqlite3.Connection
    key: Ed25519PrivateKey
    out_dir: Path
    now: datetime
    app_version: str

    def integrity(self) -> dict[str, str]:
        check = self.conn.execute("PRAGMA integrity_check").fetchone()
        return {
            "result": "ok" if check and check[0] == "ok" else str(check[0] if check else "no answer"),
            "at": iso(self.now),
        }

    def write(
        self, device_id: str, epoch: int, chunk: list[tuple[int, bytes]], prev: str | None, integrity: dict[str, str]
    ) -> BuiltBundle:
        """Write one bundle file of ``chunk`` ((seq, line) pairs) and (re)place its row as 'built'."""
        from_seq, to_seq = chunk[0][0], chunk[-1][0]
        (sqlite_version,) = self.conn.execute("SELECT sqlite_version()").fetchone()
        versions = sorted(
            {
                int(v)
                for (v,) in self.conn.execute(
                    "SELECT DISTINCT schema_version FROM events"
                    " WHERE device_id = ? AND epoch = ? AND seq BETWEEN ? AND ?",
                    (device_id, epoch, from_seq, to_seq),
                )
            }
        )
        fields = {
            "device_id": device_id,
            "epoch": epoch,
            "from_seq": from_seq,
            "to_seq": to_seq,
            "prev_bundle_sha256": prev,
            "created_at": iso(self.now),
            "app_version": self.app_version,
            "sqlite_version": sqlite_version,
            "schema_versions": versions,
            "integrity_check": integrity,
        }
        data = build_bundle([line for _, line in chunk], fields, self.key)
        bundle_id = hashlib.sha256(b"".join(line for _, line in chunk)).hexdigest()
        path = self.out_dir / bundle_name(device_id, epoch, from_seq, to_seq)
        atomic_write(path, data)
        with self.conn:
            self.conn.execute(
                "DELETE FROM bundles WHERE device_id = ? AND epoch = ? AND from_seq = ? AND bundle_id != ?",
                (device_id, epoch, from_seq, bundle_id),
            )
            self.conn.execute(
                "INSERT OR REPLACE INTO bundles (bundle_id, device_id, epoch, from_seq, to_seq, count,"
                " prev_bundle_sha256, file, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (bundle_id, device_id, epoch, from_seq, to_seq, len(chunk), prev, path.name, iso(self.now)),
            )
        return BuiltBundle(bundle_id, path, device_id, epoch, from_seq, to_seq, len(chunk))


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
    conn: sqlite3.Connection, device_id: str, epoch: int, after: int, max_events: int, upto: int | None = None
) -> Iterator[list[tuple[int, bytes]]]:
    """Lists of (seq, line) after seq ``after`` (up to ``upto``), each within the event-count and byte limits."""
    chunk: list[tuple[int, bytes]] = []
    size = 0
    cursor = conn.execute(
        _SELECT + " WHERE device_id = ? AND epoch = ? AND seq > ? AND seq <= ? ORDER BY seq",
        (device_id, epoch, after, upto if upto is not None else 2**63 - 1),
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
    writer = BundleWriter(conn, key, out_dir, now, app_version)
    integrity = writer.integrity()
    built: list[BuiltBundle] = []
    for epoch, _high in _epochs(conn, device_id):
        after, prev = _last_bundle(conn, device_id, epoch)
        for chunk in _chunks(conn, device_id, epoch, after, max_events):
            from_seq, to_seq = chunk[0][0], chunk[-1][0]
            if to_seq - from_seq + 1 != len(chunk) or from_seq != after + 1:
                raise SyncError("errors.sync.seq_gap", code="seq_gap", epoch=epoch, after=after, to_seq=to_seq)
            bundle = writer.write(device_id, epoch, chunk, prev, integrity)
            built.append(bundle)
            after, prev = to_seq, bundle.bundle_id
    return built


def file_problem(path: Path, bundle_id: str, key: Ed25519PrivateKey) -> SyncError | None:
    """Why the file at ``path`` is not the bundle ``bundle_id`` signed by ``key`` (``None`` when it is)."""
    try:
        bundle = read_bundle(path.read_bytes(), events=False)
        verify_manifest(bundle, key.public_key())
    except (OSError, SyncError) as exc:
        return SyncError("errors.sync.bundle_file_damaged", code="bundle_damaged", file=path.name, cause=exc)
    if bundle.bundle_id != bundle_id:
        return SyncError("errors.sync.bundle_file_other", code="bundle_damaged", file=path.name)
    return None


@dataclass(frozen=True)
class BundleRow:
    """A row of the kiosk's ``bundles`` table, as the sync and the export need it."""

    bundle_id: str
    epoch: int
    from_seq: int
    to_seq: int
    prev_bundle_sha256: str | None
    file: str
    state: str  # 'built', 'acked' or 'rejected'
    reject_code: str | None

    @property
    def refused_for_its_file(self) -> bool:
        return self.state == "rejected" and self.reject_code in FILE_CODES


def rebuild_bundle(writer: BundleWriter, device_id: str, row: BundleRow) -> BuiltBundle:
    """Write the bundle of ``row`` again from the log: the same events (so the same id) in a new file."""
    expected = row.to_seq - row.from_seq + 1
    chunks = list(_chunks(writer.conn, device_id, row.epoch, row.from_seq - 1, expected, upto=row.to_seq))
    if len(chunks) != 1 or len(chunks[0]) != expected:
        raise SyncError(
            "errors.sync.bundle_cannot_rebuild",
            code="bundle_damaged",
            file=row.file,
            epoch=row.epoch,
            from_seq=row.from_seq,
            to_seq=row.to_seq,
        )
    return writer.write(device_id, row.epoch, chunks[0], row.prev_bundle_sha256, writer.integrity())


@dataclass
class Repair:
    """What :func:`repair_bundles` did: files rebuilt, and bundles whose file could not be (with why)."""

    rebuilt: int = 0
    failed: dict[str, SyncError] = field(default_factory=dict)  # bundle id -> error naming the file

    def error(self) -> SyncError | None:
        """One error naming every bundle file that could not be rebuilt (``None`` when all are whole)."""
        if not self.failed:
            return None
        errors = list(self.failed.values())
        if len(errors) == 1:
            return errors[0]
        files = ", ".join(str(e.values.get("file", "?")) for e in errors)
        return SyncError("errors.sync.bundles_damaged", code="bundle_damaged", files=files, first=errors[0])


def repair_bundles(writer: BundleWriter, device_id: str, rows: list[BundleRow]) -> Repair:
    """Check the file of each bundle in ``rows``; rebuild damaged or missing ones and those HQ refused for
    their file (the log is the truth, the files its cache).
    """
    repair = Repair()
    for row in rows:
        if not row.refused_for_its_file and file_problem(writer.out_dir / row.file, row.bundle_id, writer.key) is None:
            continue
        try:
            rebuild_bundle(writer, device_id, row)
        except SyncError as exc:
            repair.failed[row.bundle_id] = exc
        else:
            repair.rebuilt += 1
    return repair


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

    Returns the copies; raises :class:`SyncError` ``copy_mismatch`` naming the copy if any differs — only
    then is it *not* safe to remove the stick.
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
            raise SyncError("errors.sync.copy_mismatch", code="copy_mismatch", file=str(dest))
        try:
            read_bundle(again, events=False)
        except SyncError as exc:
            raise SyncError("errors.sync.copy_unreadable", code="copy_mismatch", file=str(dest), cause=exc) from exc
    return [dest for dest, _ in copies]

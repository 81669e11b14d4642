"""The participation log: a local SQLite database, append-only, one writer.

Design (research/sync-reliability.md §3.1–3.2): WAL journal, ``synchronous=FULL`` on every connection,
one ``BEGIN IMMEDIATE … COMMIT`` per user action, sequence numbers assigned inside that transaction,
``quick_check`` at start. A database that fails its check is moved aside with its ``-wal``/``-shm``
into ``quarantine/`` (never deleted) and a fresh one opens with ``epoch + 1``; :attr:`Logbook.notices`
tells the facilitator. Callers in the UI go through :class:`kiosk.log.writer.BackgroundWriter` so that the
single writer connection never runs on the GUI thread.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk import __version__
from kiosk.errors import LogbookError, Message
from kiosk.log.clock import Clock, SystemClock
from kiosk.log.events import SCHEMA_VERSION, NewEvent, canonical_json, sha256_hex
from kiosk.log.identity import Identity, load_identity, save_identity
from kiosk.log.migrations import migrations

EARLIEST_PLAUSIBLE_YEAR = 2025  # a wall clock before this is surely unset (dead CMOS battery)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the kiosk's pragmas (WAL, synchronous=FULL, busy timeout 5 s)."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def check_database(path: Path) -> str:
    """``'ok'`` or the first problem ``PRAGMA quick_check`` (or opening the file) reports."""
    try:
        # Read-only on purpose: closing a read-write connection to a damaged file deletes its -wal,
        # which may hold the only copy of recent events.
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    first = rows[0][0] if rows else "no answer"
    return "ok" if first == "ok" else first


def quarantine(path: Path, folder: Path, stamp: str) -> Path:
    """Move ``path`` and its ``-wal``/``-shm`` into ``folder/stamp/``; return the new database path."""
    target = folder / stamp
    target.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            shutil.move(str(source), str(target / source.name))
    return target / path.name


@dataclass(frozen=True)
class Written:
    """What the log assigned to one written event."""

    event_id: str
    seq: int


class Logbook:
    """The open participation database. Create with :meth:`open`; write with :meth:`append`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        identity: Identity,
        *,
        clock: Clock,
        app_version: str,
        notices: list[Message],
    ) -> None:
        self.conn = conn
        self.db = Database(conn)
        self.path = path
        self.identity = identity
        self.clock = clock
        self.app_version = app_version
        self.boot_id = uuid.uuid4().hex
        self.notices = notices
        self._last_wall: datetime | None = None
        self._closed = False
        self.identity_path: Path | None = None

    # --- opening -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        db_path: Path,
        identity_path: Path,
        *,
        quarantine_dir: Path | None = None,
        clock: Clock | None = None,
        app_version: str = __version__,
    ) -> Logbook:
        """Check, recover if needed, migrate and open the log; start a new epoch when the file is new."""
        clock = clock or SystemClock()
        identity = load_identity(identity_path)
        notices: list[Message] = []
        reason = "first_start" if identity.epoch == 0 else "new_database"
        if db_path.exists():
            verdict = check_database(db_path)
            if verdict != "ok":
                stamp = clock.now().strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
                moved = quarantine(db_path, quarantine_dir or db_path.parent / "quarantine", stamp)
                notices.append(
                    Message(
                        "notices.db_quarantined",
                        {"file": db_path.name, "verdict": verdict, "folder": str(moved.parent)},
                    )
                )
                reason = "quarantine"
        db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = connect(db_path)
            migrations.apply(Database(conn))
        except sqlite3.DatabaseError as exc:
            raise LogbookError("errors.log.cannot_open", file=str(db_path), reason=str(exc)) from exc
        book = cls(conn, db_path, identity, clock=clock, app_version=app_version, notices=notices)
        book._settle_epoch(identity_path, reason)
        return book

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _last_seq(self) -> int:
        (last,) = self.conn.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE device_id = ? AND epoch = ?",
            (self.device_id, self.epoch),
        ).fetchone()
        return int(last)

    def _settle_epoch(self, identity_path: Path, reason: str) -> None:
        """Keep the epoch if this is the file we left; else start ``epoch + 1`` (new, restored, copied)."""
        self.identity_path = identity_path
        instance = self._meta("db_instance")
        if instance and instance == self.identity.db_instance and self._last_seq() >= self.identity.high_seq:
            return
        if instance:
            reason = "database_replaced"  # a restored or copied file: its seqs may be known to HQ
        previous = self.identity.epoch
        self.identity = self.identity.next_epoch()
        save_identity(identity_path, self.identity)
        with self.db.atomic():
            for key, value in (
                ("device_id", self.identity.device_id),
                ("epoch", str(self.identity.epoch)),
                ("db_instance", self.identity.db_instance),
                ("sqlite_version", sqlite3.sqlite_version),
            ):
                self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        self.append([NewEvent("epoch_started", {"reason": reason, "previous_epoch": previous})])

    # --- writing -----------------------------------------------------------------------------
    @property
    def device_id(self) -> str:
        return self.identity.device_id

    @property
    def epoch(self) -> int:
        return self.identity.epoch

    def _clock_fields(self) -> tuple[str, int, int, int]:
        now = self.clock.now()
        suspect = now.year < EARLIEST_PLAUSIBLE_YEAR or (self._last_wall is not None and now < self._last_wall)
        self._last_wall = now if self._last_wall is None else max(now, self._last_wall)
        local_offset = now.astimezone().utcoffset()
        offset_min = int(local_offset.total_seconds() // 60) if local_offset else 0
        stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        return stamp, offset_min, int(self.clock.monotonic() * 1e9), int(suspect)

    def append(self, events: Sequence[NewEvent]) -> list[Written]:
        """Write ``events`` in one ``BEGIN IMMEDIATE`` transaction; return ids once committed."""
        if not events:
            return []
        stamp, offset_min, mono_ns, suspect = self._clock_fields()
        written: list[Written] = []
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            last = self._last_seq()
            for offset, event in enumerate(events, start=1):
                event_id = str(uuid.uuid4())
                payload = canonical_json(event.payload)
                self.conn.execute(
                    "INSERT INTO events (event_id, device_id, epoch, seq, session_id, station, visitor, type,"
                    " schema_version, content_id, content_version, app_version, payload, payload_sha256,"
                    " supersedes_event_id, occurred_at_utc, tz_offset_min, mono_ns, boot_id, clock_suspect)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        event_id,
                        self.device_id,
                        self.epoch,
                        last + offset,
                        event.session_id,
                        event.station,
                        event.visitor,
                        event.type,
                        SCHEMA_VERSION,
                        event.content_id,
                        event.content_version,
                        self.app_version,
                        payload,
                        sha256_hex(payload),
                        None,
                        stamp,
                        offset_min,
                        mono_ns,
                        self.boot_id,
                        suspect,
                    ),
                )
                written.append(Written(event_id, last + offset))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise LogbookError(
                "errors.log.cannot_write", file=str(self.path), count=len(events), reason=str(exc)
            ) from exc
        return written

    # --- maintenance -------------------------------------------------------------------------
    def integrity_check(self) -> str:
        """``'ok'`` or the first problem of the full ``PRAGMA integrity_check``."""
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return "ok" if rows and rows[0][0] == "ok" else (rows[0][0] if rows else "no answer")

    def backup(self, target: Path) -> None:
        """Online backup (SQLite backup API) to ``target``; safe while the kiosk runs.

        The copy gets its own ``db_instance``, so that if it is ever restored in place of the live
        file, the kiosk starts a new epoch instead of reusing sequence numbers HQ may already have.
        """
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
            with dest:
                dest.execute("UPDATE meta SET value = ? WHERE key = 'db_instance'", ("backup-" + uuid.uuid4().hex,))
        finally:
            dest.close()

    def close(self) -> None:
        """Record the high-water seq, checkpoint the WAL into the database file and close (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            high = self._last_seq()
            if high > self.identity.high_seq and self.identity_path is not None:
                self.identity = replace(self.identity, high_seq=high)
                save_identity(self.identity_path, self.identity)
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.conn.close()

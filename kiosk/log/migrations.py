"""Schema history of the participation database (sqlite-utils ``Migrations``).

Never edit an applied migration: every change is a new function appended below. Applied migrations
are recorded in ``_sqlite_migrations``.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk")

# Columns of the events table, in order. A test checks that none of them can identify a visitor.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "device_id",
    "epoch",
    "seq",
    "session_id",
    "station",
    "visitor",
    "type",
    "schema_version",
    "content_id",
    "content_version",
    "app_version",
    "payload",
    "payload_sha256",
    "supersedes_event_id",
    "occurred_at_utc",
    "tz_offset_min",
    "mono_ns",
    "boot_id",
    "clock_suspect",
)


@migrations()
def m001_events(db: Database) -> None:
    """The append-only event log (see research/sync-reliability.md §3.1) and the meta table."""
    db.execute(
        """
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            session_id TEXT,
            station TEXT,
            visitor TEXT,
            type TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            content_id TEXT,
            content_version TEXT,
            app_version TEXT NOT NULL,
            payload TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL,
            supersedes_event_id TEXT,
            occurred_at_utc TEXT NOT NULL,
            tz_offset_min INTEGER NOT NULL,
            mono_ns INTEGER NOT NULL,
            boot_id TEXT NOT NULL,
            clock_suspect INTEGER NOT NULL DEFAULT 0,
            UNIQUE (device_id, epoch, seq)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX events_session_type ON events (session_id, type)")
    db.execute(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    db.table("meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_sync(db: Database) -> None:
    """Bundles built for HQ and the acknowledged checkpoint (research/sync-reliability.md §3.1, §3.4).

    ``bundles``: one row per bundle file built by ``kiosk export``/``kiosk sync`` (state ``built``,
    ``acked`` on HQ's signed receipt, ``rejected`` with HQ's code and reason). ``sync_state``: per
    (device, epoch) the highest sequence number HQ has acknowledged as contiguous — the checkpoint,
    advanced only from a valid receipt. Neither table holds anything about visitors.
    """
    db.execute(
        """
        CREATE TABLE bundles (
            bundle_id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            from_seq INTEGER NOT NULL,
            to_seq INTEGER NOT NULL,
            count INTEGER NOT NULL,
            prev_bundle_sha256 TEXT,
            file TEXT NOT NULL,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'built' CHECK (state IN ('built', 'acked', 'rejected')),
            receipt TEXT,
            acked_at TEXT,
            reject_code TEXT,
            reject_reason TEXT,
            rejected_at TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX bundles_device_epoch ON bundles (device_id, epoch, to_seq)")
    db.execute(
        """
        CREATE TABLE sync_state (
            device_id TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            acked_seq INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (device_id, epoch)
        ) STRICT
        """
    )


@migrations()
def m003_acked_by(db: Database) -> None:
    """Which HQ key signed each acknowledgement (issue 13 item 2): ``bundles.acked_by``, HQ's public key.

    Only acknowledgements by the key pinned now count; a bundle acknowledged under another key (or
    before this column existed, ``NULL``) is sent again — harmless, HQ answers a replay with its receipt.
    """
    db.execute("ALTER TABLE bundles ADD COLUMN acked_by TEXT")

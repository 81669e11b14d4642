"""Schema history of the HQ database, the same on SQLite and PostgreSQL (issue 9 item 4).

Like the kiosk's log (``kiosk/log/migrations.py``, sqlite-utils ``Migrations``), the schema is a list of
registered functions applied in order, each exactly once; applied ones are recorded in ``hq_migrations``
(name, time). sqlite-utils only speaks SQLite, so HQ keeps its own small registry: each migration gets a
transaction cursor (``?`` placeholders in both dialects) and the dialect name for the few statements that
differ. Every pending migration runs in **one** transaction, under a lock (SQLite's ``BEGIN IMMEDIATE``,
PostgreSQL's advisory lock): two HQ processes starting at once cannot both apply one, and a crash leaves
the database as it was. Never edit an applied migration: every change is a new function at the end.

``m001_initial`` is the schema HQ created before migrations existed, with ``IF NOT EXISTS``, so a
database made by that code is adopted as it is and then upgraded by the migrations after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kiosk.log.migrations import EVENT_COLUMNS

if TYPE_CHECKING:
    from kiosk.hq.store import Store, Tx

HQ_EVENT_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "bundle_id", "received_at")
_INT = {"epoch", "seq", "schema_version", "tz_offset_min", "mono_ns", "clock_suspect"}
_NOT_NULL = {
    "event_id",
    "device_id",
    "epoch",
    "seq",
    "type",
    "payload",
    "payload_sha256",
    "occurred_at_utc",
    "bundle_id",
    "received_at",
}
_ADVISORY_LOCK = 7_430_117  # any constant: "the HQ schema is being migrated"


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Tx, str], None]  # (cursor in the migration transaction, dialect 'sqlite' | 'postgres')


MIGRATIONS: list[Migration] = []


def migration(function: Callable[[Tx, str], None]) -> Callable[[Tx, str], None]:
    """Register ``function`` as the next migration (its name is its identity: never rename one)."""
    MIGRATIONS.append(Migration(function.__name__, function))
    return function


def _event_columns_sql(*, event_id_is_key: bool = False) -> str:
    """The events table's column definitions (``event_id`` alone as primary key: the first schema)."""
    return ", ".join(
        f"{c} {'BIGINT' if c in _INT else 'TEXT'}{' NOT NULL' if c in _NOT_NULL else ''}"
        + (" PRIMARY KEY" if event_id_is_key and c == "event_id" else "")
        for c in HQ_EVENT_COLUMNS
    )


@migration
def m001_initial(tx: Tx, dialect: str) -> None:
    """The tables HQ created from a tuple before migrations: devices, nonces, bundles, events, rejections."""
    statements = (
        "CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, public_key TEXT NOT NULL,"
        " label TEXT NOT NULL, status TEXT NOT NULL, registered_at TEXT NOT NULL, revoked_at TEXT,"
        " enrolment TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, device_id TEXT NOT NULL,"
        " expires_at BIGINT NOT NULL, used INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE IF NOT EXISTS bundles (bundle_id TEXT PRIMARY KEY, device_id TEXT NOT NULL,"
        " epoch BIGINT NOT NULL, from_seq BIGINT NOT NULL, to_seq BIGINT NOT NULL, count BIGINT NOT NULL,"
        " prev_bundle_sha256 TEXT, manifest TEXT NOT NULL, received_at TEXT NOT NULL, via TEXT NOT NULL,"
        " accepted BIGINT NOT NULL, duplicates BIGINT NOT NULL, receipt TEXT NOT NULL,"
        " receipt_sig TEXT NOT NULL, archive_file TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS bundles_device_epoch ON bundles (device_id, epoch, from_seq)",
        f"CREATE TABLE IF NOT EXISTS events ({_event_columns_sql(event_id_is_key=True)},"
        " UNIQUE (device_id, epoch, seq))",
        "CREATE INDEX IF NOT EXISTS events_session_type ON events (session_id, type)",
        "CREATE INDEX IF NOT EXISTS events_type ON events (type)",
        "CREATE INDEX IF NOT EXISTS events_bundle ON events (bundle_id)",
        "CREATE TABLE IF NOT EXISTS rejections (rejection_id TEXT PRIMARY KEY, at TEXT NOT NULL, device_id TEXT,"
        " bundle_id TEXT, code TEXT NOT NULL, reason TEXT NOT NULL, status INTEGER NOT NULL, quarantine_file TEXT)",
    )
    for statement in statements:
        tx.execute(statement)


@migration
def m002_events_keyed_by_device(tx: Tx, dialect: str) -> None:
    """An event id is unique per device, not across devices (issue 13 item 8): primary key
    (device_id, event_id), so a kiosk sending another kiosk's ids first blocks nobody but itself. The
    index on bundle_id goes: a bundle's events are found by (device, epoch, seq range), and one index
    less makes every insert cheaper."""
    if dialect == "postgres":
        tx.execute("ALTER TABLE events DROP CONSTRAINT events_pkey, ADD PRIMARY KEY (device_id, event_id)")
        tx.execute("DROP INDEX IF EXISTS events_bundle")
        return
    columns = ", ".join(HQ_EVENT_COLUMNS)
    tx.execute(
        f"CREATE TABLE events_m002 ({_event_columns_sql()}, PRIMARY KEY (device_id, event_id),"
        " UNIQUE (device_id, epoch, seq))"
    )
    tx.execute(f"INSERT INTO events_m002 ({columns}) SELECT {columns} FROM events ORDER BY device_id, epoch, seq")
    tx.execute("DROP TABLE events")
    tx.execute("ALTER TABLE events_m002 RENAME TO events")
    tx.execute("CREATE INDEX events_session_type ON events (session_id, type)")
    tx.execute("CREATE INDEX events_type ON events (type)")


@migration
def m003_strangers_leave_counts(tx: Tx, dialect: str) -> None:
    """Requests refused before authentication leave only a count per (day, code, registered device)
    in ``refusals`` (issue 13 item 7). Nonces are signed by HQ and stored only once used
    (``used_nonces``, purged when they expire); the ``nonces`` table of issued ones goes (it only
    held nonces valid for 10 minutes). ``rejections`` gets an index on its time, to keep it bounded."""
    tx.execute(
        "CREATE TABLE refusals (day TEXT NOT NULL, code TEXT NOT NULL, device_id TEXT NOT NULL,"
        " count BIGINT NOT NULL, PRIMARY KEY (day, code, device_id))"
    )
    tx.execute("CREATE TABLE used_nonces (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)")
    tx.execute("CREATE INDEX used_nonces_expiry ON used_nonces (expires_at)")
    tx.execute("DROP TABLE IF EXISTS nonces")
    tx.execute("CREATE INDEX rejections_at ON rejections (at)")


def migrate(store: Store) -> list[str]:
    """Apply every migration ``store`` lacks, in one locked transaction; return the names applied."""
    applied: list[str] = []
    with store.transaction() as tx:
        if store.dialect == "postgres":
            tx.execute("SELECT pg_advisory_xact_lock(?)", (_ADVISORY_LOCK,))
        tx.execute("CREATE TABLE IF NOT EXISTS hq_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {name for (name,) in tx.execute("SELECT name FROM hq_migrations").fetchall()}
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        for step in MIGRATIONS:
            if step.name not in done:
                step.apply(tx, store.dialect)
                tx.execute("INSERT INTO hq_migrations (name, applied_at) VALUES (?, ?)", (step.name, stamp))
                applied.append(step.name)
    return applied


def applied_migrations(store: Store) -> list[str]:
    """Names of the migrations recorded in ``store``, in order."""
    return [name for (name,) in store.query("SELECT name FROM hq_migrations ORDER BY name")]

"""Issue 9 item 4: the HQ schema is a history of migrations; a database made before them upgrades intact.

``LEGACY_SCHEMA`` is a frozen copy of the schema HQ created from a tuple before migrations existed (commit
4cf4343). The test builds such a database on SQLite and PostgreSQL, fills it the way that code did, opens
it with today's :class:`~kiosk.hq.store.Store` and checks that every row is still there, that a replay still
answers its first receipt and that new bundles still go in.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from kiosk.hq.archive import Archive
from kiosk.hq.ingest import Ingestor, ingest_bundle
from kiosk.hq.migrations import MIGRATIONS, applied_migrations
from kiosk.hq.store import Store
from kiosk.log.events import canonical_json
from kiosk.log.migrations import EVENT_COLUMNS
from kiosk.sync.bundle import read_bundle
from tests.hq.kiosks import make_kiosk

_INT = {"epoch", "seq", "schema_version", "tz_offset_min", "mono_ns", "clock_suspect"}
_NOT_NULL = {"event_id", "device_id", "epoch", "seq", "type", "payload", "payload_sha256", "occurred_at_utc"}
_LEGACY_EVENT_COLUMNS = (*EVENT_COLUMNS, "bundle_id", "received_at")
LEGACY_SCHEMA: tuple[str, ...] = (
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
    "CREATE TABLE IF NOT EXISTS events ("
    + ", ".join(
        f"{c} {'BIGINT' if c in _INT else 'TEXT'}{' NOT NULL' if c in _NOT_NULL | {'bundle_id', 'received_at'} else ''}"
        + (" PRIMARY KEY" if c == "event_id" else "")
        for c in _LEGACY_EVENT_COLUMNS
    )
    + ", UNIQUE (device_id, epoch, seq))",
    "CREATE INDEX IF NOT EXISTS events_session_type ON events (session_id, type)",
    "CREATE INDEX IF NOT EXISTS events_type ON events (type)",
    "CREATE INDEX IF NOT EXISTS events_bundle ON events (bundle_id)",
    "CREATE TABLE IF NOT EXISTS rejections (rejection_id TEXT PRIMARY KEY, at TEXT NOT NULL, device_id TEXT,"
    " bundle_id TEXT, code TEXT NOT NULL, reason TEXT NOT NULL, status INTEGER NOT NULL, quarantine_file TEXT)",
)


class LegacyDatabase:
    """A raw connection to an empty database, to build it exactly as the pre-migration code did."""

    def __init__(self, url: str) -> None:
        self.postgres = url.startswith("postgresql://")
        if self.postgres:
            import psycopg

            self.conn: Any = psycopg.connect(url, autocommit=True)
        else:
            self.conn = sqlite3.connect(url, isolation_level=None)

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        self.conn.execute(sql.replace("?", "%s") if self.postgres else sql, params)

    def close(self) -> None:
        self.conn.close()


def _fill_legacy(url: str, kiosk, bundle_data: bytes) -> None:
    """Today's schema, one device, one ingested bundle with its events, a rejection and a nonce."""
    bundle = read_bundle(bundle_data)
    legacy = LegacyDatabase(url)
    for statement in LEGACY_SCHEMA:
        legacy.run(statement)
    legacy.run(
        "INSERT INTO devices VALUES (?,?,?,'active','2026-10-01T00:00:00Z',NULL,?)",
        (kiosk.enrolment.device_id, kiosk.enrolment.public_key, "k", canonical_json(kiosk.enrolment.document)),
    )
    m = bundle.manifest
    receipt = {"bundle_id": bundle.bundle_id, "accepted": m["count"], "hq_contiguous_seq": m["to_seq"]}
    legacy.run(
        "INSERT INTO bundles VALUES (?,?,?,?,?,?,?,?,'2026-10-20T12:00:00.000Z','usb',?,0,?,'c2lnbmF0dXJl',?)",
        (
            bundle.bundle_id,
            bundle.device_id,
            bundle.epoch,
            m["from_seq"],
            m["to_seq"],
            m["count"],
            m["prev_bundle_sha256"],
            bundle.manifest_bytes.decode(),
            m["count"],
            canonical_json(receipt),
            f"bundles/{bundle.device_id}/1/{bundle.bundle_id}.cnb",
        ),
    )
    marks = ",".join("?" * len(_LEGACY_EVENT_COLUMNS))
    for event in bundle.events:
        row = tuple(event[c] for c in EVENT_COLUMNS) + (bundle.bundle_id, "2026-10-20T12:00:00.000Z")
        legacy.run(f"INSERT INTO events VALUES ({marks})", row)
    legacy.run(
        "INSERT INTO rejections VALUES ('r1','2026-10-20T12:00:00.000Z',?,NULL,'bad_zip','not a zip',400,NULL)",
        (kiosk.enrolment.device_id,),
    )
    legacy.run("INSERT INTO nonces VALUES ('n1', ?, 1, 0)", (kiosk.enrolment.device_id,))
    legacy.close()


def _rows(store: Store, table: str, order: str) -> list[tuple[Any, ...]]:
    return store.query(f"SELECT * FROM {table} ORDER BY {order}")


def test_a_database_made_before_migrations_upgrades_without_losing_anything(store_url, tmp_path):
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=20, seed=1)
    bundles = kiosk.export(max_events=60)
    kiosk.close()
    first = bundles[0].file.read_bytes()
    _fill_legacy(store_url, kiosk, first)

    store = Store.open(store_url)
    assert applied_migrations(store) == [m.name for m in MIGRATIONS]
    columns = ", ".join(EVENT_COLUMNS)
    events = store.query(f"SELECT {columns}, bundle_id FROM events ORDER BY seq")
    expected = [tuple(e[c] for c in EVENT_COLUMNS) + (bundles[0].bundle_id,) for e in read_bundle(first).events]
    assert events == expected
    assert [r[:2] for r in _rows(store, "devices", "device_id")] == [
        (kiosk.enrolment.device_id, kiosk.enrolment.public_key)
    ]
    ((receipt, signature),) = store.query("SELECT receipt, receipt_sig FROM bundles")
    assert signature == "c2lnbmF0dXJl" and '"accepted":' in receipt
    assert [r[4] for r in _rows(store, "rejections", "at")] == ["bad_zip"]
    # the upgraded database works: a replay answers the stored receipt, the next bundles go in
    archive = Archive(tmp_path / "archive")
    hq = Ingestor(store, archive, archive.hq_key())
    replay = ingest_bundle(hq, first, via="usb")
    assert replay.status == 200 and replay.signature == "c2lnbmF0dXJl"
    for bundle in bundles[1:]:
        assert ingest_bundle(hq, bundle.file.read_bytes(), via="usb").status == 201
    assert store.query("SELECT COUNT(*) FROM events")[0][0] == sum(b.count for b in bundles)
    store.close()
    again = Store.open(store_url)  # opening again applies nothing new
    assert applied_migrations(again) == [m.name for m in MIGRATIONS]
    again.close()


def test_a_new_database_gets_every_migration_once(store_url):
    store = Store.open(store_url)
    assert applied_migrations(store) == [m.name for m in MIGRATIONS]
    store.close()
    store = Store.open(store_url)
    assert applied_migrations(store) == [m.name for m in MIGRATIONS]
    store.close()


@pytest.mark.parametrize("name", [m.name for m in MIGRATIONS])
def test_each_migration_says_what_it_does(name):
    (migration,) = [m for m in MIGRATIONS if m.name == name]
    assert migration.apply.__doc__ and len(migration.apply.__doc__.strip()) > 20

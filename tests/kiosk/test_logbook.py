import json
import sqlite3
import threading

import pytest

from kiosk.errors import LogbookError
from kiosk.log.clock import FakeClock
from kiosk.log.events import NewEvent
from kiosk.log.logbook import Logbook, check_database
from kiosk.log.migrations import EVENT_COLUMNS, migrations
from kiosk.log.writer import BackgroundWriter


@pytest.fixture
def book(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json", clock=FakeClock())
    yield book
    book.close()


def visitor_event(token="t1"):
    return NewEvent("visitor_started", {"language": "fr"}, session_id="s1", visitor=token)


def test_pragmas_on_every_connection(book):
    assert book.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert book.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert book.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_first_open_starts_epoch_one_with_an_event(book):
    assert book.epoch == 1
    row = book.conn.execute("SELECT seq, type, payload FROM events").fetchone()
    assert row == (1, "epoch_started", '{"previous_epoch":0,"reason":"first_start"}')


def test_append_assigns_contiguous_seq_in_one_transaction(book):
    written = book.append([visitor_event("a"), visitor_event("b"), visitor_event("c")])
    assert [w.seq for w in written] == [2, 3, 4]
    rows = book.conn.execute("SELECT event_id, seq, payload_sha256, app_version FROM events ORDER BY seq").fetchall()
    assert [r[0] for r in rows[1:]] == [w.event_id for w in written]
    assert all(len(r[2]) == 64 and r[3] for r in rows)


def test_events_are_append_only(book):
    book.append([visitor_event()])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        book.conn.execute("UPDATE events SET type = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        book.conn.execute("DELETE FROM events")


def test_reopen_keeps_epoch_and_continues_seq(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    book.append([visitor_event()])
    device = book.device_id
    book.close()
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    assert (book.device_id, book.epoch) == (device, 1)
    assert book.append([visitor_event()])[0].seq == 3
    book.close()


def test_corrupt_database_is_quarantined_never_deleted(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    book.append([visitor_event()])
    book.close()
    original = (tmp_path / "p.db").read_bytes()
    damaged = bytearray(original)
    damaged[4096:8192] = b"\xff" * 4096  # smash the events table's first page
    (tmp_path / "p.db").write_bytes(bytes(damaged))
    assert check_database(tmp_path / "p.db") != "ok"
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json", quarantine_dir=tmp_path / "q")
    try:
        assert book.epoch == 2
        assert book.notices and "p.db" in book.notices[0].text("fr") and "p.db" in book.notices[0].text("en")
        moved = list((tmp_path / "q").rglob("p.db"))
        assert len(moved) == 1 and moved[0].read_bytes() == bytes(damaged)
        row = book.conn.execute("SELECT type, payload FROM events").fetchone()
        assert row[0] == "epoch_started" and json.loads(row[1])["reason"] == "quarantine"
    finally:
        book.close()


def test_garbage_file_is_quarantined(tmp_path):
    (tmp_path / "p.db").write_bytes(b"not a database" * 500)
    (tmp_path / "p.db-wal").write_bytes(b"wal")
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    book.close()
    moved = sorted(p.name for p in (tmp_path / "quarantine").rglob("*") if p.is_file())
    assert moved in (["p.db", "p.db-wal"], ["p.db", "p.db-shm", "p.db-wal"])
    assert next((tmp_path / "quarantine").rglob("p.db-wal")).read_bytes() == b"wal"


def test_restored_copy_starts_a_new_epoch(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    book.backup(tmp_path / "copy.db")
    book.append([visitor_event()])
    book.close()
    (tmp_path / "p.db-wal").unlink(missing_ok=True)
    (tmp_path / "copy.db").replace(tmp_path / "p.db")  # the restore puts an older file back
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    try:
        assert book.epoch == 2
        assert book.append([visitor_event()])[0].seq == 2
        reason = book.conn.execute("SELECT payload FROM events WHERE epoch = 2 AND seq = 1").fetchone()[0]
        assert json.loads(reason)["reason"] == "database_replaced"
    finally:
        book.close()


def test_older_file_copied_back_by_hand_starts_a_new_epoch(tmp_path):
    import shutil

    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    book.close()
    shutil.copy(tmp_path / "p.db", tmp_path / "old.db")
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    book.append([visitor_event()])
    book.close()
    shutil.copy(tmp_path / "old.db", tmp_path / "p.db")
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json")
    assert book.epoch == 2
    book.close()


def test_damaged_identity_file_is_a_clear_error(tmp_path):
    (tmp_path / "device.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(LogbookError, match="device.json"):
        Logbook.open(tmp_path / "p.db", tmp_path / "device.json")


def test_migrations_are_recorded(book):
    assert [m.name for m in migrations.applied(book.db)] == ["m001_events", "m002_sync", "m003_acked_by"]
    assert migrations.pending(book.db) == []


def test_schema_has_no_field_that_could_identify_a_visitor(book):
    columns = [row[1] for row in book.conn.execute("PRAGMA table_info(events)")]
    assert tuple(columns) == EVENT_COLUMNS
    forbidden = (
        "name",
        "email",
        "phone",
        "photo",
        "image",
        "audio",
        "ip",
        "mac",
        "address",
        "birth",
        "age",
        "gender",
        "school_id",
        "free_text",
        "comment",
        "note",
    )
    for column in columns:
        for word in forbidden:
            assert word not in column.split("_"), f"column {column} could identify a visitor"
    tables = {row[0] for row in book.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables <= {"events", "meta", "_sqlite_migrations", "bundles", "sync_state"}
    for table in ("bundles", "sync_state"):  # sync bookkeeping: seq ranges, hashes, receipts only
        for column in (row[1] for row in book.conn.execute(f"PRAGMA table_info({table})")):
            for word in forbidden + ("visitor", "session", "payload"):
                assert word not in column.split("_"), f"{table}.{column} could identify a visitor"


def test_clock_going_backwards_is_flagged(tmp_path):
    clock = FakeClock()
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json", clock=clock)
    clock.advance(-3600)
    book.append([visitor_event()])
    flags = [r[0] for r in book.conn.execute("SELECT clock_suspect FROM events ORDER BY seq")]
    book.close()
    assert flags == [0, 1]


def test_background_writer_serialises_threads(book):
    writer = BackgroundWriter(book)
    futures = []
    lock = threading.Lock()

    def producer(n):
        for i in range(20):
            with lock:
                futures.append(writer.submit([visitor_event(f"{n}-{i}")]))

    threads = [threading.Thread(target=producer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seqs = sorted(f.result()[0].seq for f in futures)
    assert seqs == list(range(2, 82))
    writer.close()

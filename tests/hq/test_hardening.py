"""Issue 13 items 4 to 8: one kiosk, a USB stick or a stranger cannot break HQ or fill its disk.

Every test here runs against SQLite and PostgreSQL (the ``hq`` fixture), except the HTTP-only ones.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid

import httpx
import pytest

from kiosk.cli import main
from kiosk.errors import SyncError
from kiosk.hq.ingest import HTTP_STATUS, ingest_bundle
from kiosk.hq.report import build_report, tables
from kiosk.hq.server import create_app
from kiosk.sync.enrolment import check_enrolment, device_key_path, enrolment_document
from kiosk.sync.signing import load_private_key, request_message, sign
from tests.hq import asgi, forge
from tests.hq.kiosks import ServerThread, make_kiosk, register


def count(store, sql="SELECT COUNT(*) FROM events", params=()):
    return store.query(sql, params)[0][0]


@pytest.fixture
def kiosk(tmp_path, hq):
    kiosk = make_kiosk(tmp_path / "k1")
    kiosk.play(visitors=30, seed=1)
    register(hq, kiosk)
    yield kiosk
    kiosk.close()


def _first_answer(records):
    return next(i for i, r in enumerate(records) if r["type"] == "quiz_answered")


def _payload_change(**changes):
    def change(records):
        index = _first_answer(records)
        records[index] = forge.with_payload(records[index], **changes)
        return records

    return change


def _column_change(column, value):
    def change(records):
        records[3] = dict(records[3], **{column: value})
        return records

    return change


BAD_VALUES = {
    "nan_payload": (_payload_change(time_ms=float("nan")), "bad_event"),
    "infinite_payload": (_payload_change(time_ms=float("inf")), "bad_event"),
    "huge_payload_int": (_payload_change(time_ms=2**70), "bad_event"),
    "text_where_a_flag_goes": (_payload_change(correct="yes"), "bad_event"),
    "float_where_a_count_goes": (_payload_change(time_ms=12.5), "bad_event"),
    "huge_column_int": (_column_change("mono_ns", 2**70), "bad_event"),
    "negative_huge_column_int": (_column_change("tz_offset_min", -(2**64)), "bad_event"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_payload_values_are_refused_and_the_report_still_works(hq, kiosk, case):
    """Item 4: NaN, Infinity, integers beyond 64 bits and wrong types are refused with a recorded reason."""
    change, code = BAD_VALUES[case]
    good = kiosk.export(max_events=100)
    ingest_bundle(hq, good[0].file.read_bytes(), via="usb")
    bad = forge.resign(kiosk, good[1].file.read_bytes(), change)
    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, bad, via="usb")
    assert caught.value.code == code and HTTP_STATUS[code] == 422
    assert count(hq.store) == good[0].count
    assert count(hq.store, "SELECT COUNT(*) FROM rejections WHERE code = ?", (code,)) == 1
    assert tables(build_report(hq.store))["summary"]  # the report still builds


def test_integers_beyond_64_bits_in_the_manifest_are_refused(hq, kiosk):
    bundle = kiosk.export(max_events=100)[0]

    def huge_epoch(records):
        return [dict(r, epoch=2**64) for r in records]

    bad = forge.resign(kiosk, bundle.file.read_bytes(), huge_epoch, lambda m: dict(m, epoch=2**64))
    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, bad, via="usb")
    assert caught.value.code == "bad_manifest"
    assert count(hq.store) == 0


def test_rebuild_applies_revocations_first_and_skips_bad_archive_files(hq, kiosk, tmp_path, capsys):
    """Item 4: `hq rebuild` keeps a revoked kiosk revoked and names each archive file it cannot use."""
    bundles = kiosk.export(max_events=100)
    for bundle in bundles:
        ingest_bundle(hq, bundle.file.read_bytes(), via="usb")
    revoked = make_kiosk(tmp_path / "revoked")
    revoked.play(visitors=5, seed=2)
    register(hq, revoked)
    for bundle in revoked.export():
        ingest_bundle(hq, bundle.file.read_bytes(), via="usb")
    revoked.close()
    assert main(["hq", "device", "revoke", revoked.enrolment.device_id, *_where(hq)]) == 0
    # Two bad files in the archive: junk, and a NaN bundle an older HQ archived before failing on it
    folder = hq.archive.root / "bundles" / kiosk.enrolment.device_id / "1"
    junk = folder / f"{'0' * 64}.cnb"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    nan = forge.resign(kiosk, bundles[0].file.read_bytes(), _nan)
    nan_file = folder / f"{'1' * 64}.cnb"
    nan_file.write_bytes(nan)
    capsys.readouterr()
    rebuilt_db = str(tmp_path / "rebuilt.db")
    assert main(["hq", "rebuild", "--db", rebuilt_db, "--archive", str(hq.archive.root)]) == 1
    out = capsys.readouterr().out
    assert junk.name in out and nan_file.name in out
    from kiosk.hq.store import Store

    rebuilt = Store.open(rebuilt_db)
    status = dict(rebuilt.query("SELECT device_id, status FROM devices"))
    assert status == {kiosk.enrolment.device_id: "active", revoked.enrolment.device_id: "revoked"}
    assert count(rebuilt) == count(hq.store)
    rebuilt.close()


def _nan(records):
    index = _first_answer(records)
    records[index] = forge.with_payload(records[index], time_ms=float("nan"))
    return records


def _where(hq):
    return ["--db", hq.store.url, "--archive", str(hq.archive.root)]


def test_hq_ingest_reads_every_file_and_says_what_became_of_each(hq, kiosk, tmp_path, capsys, monkeypatch):
    """Item 5: one line per file, the good ones after a bad one are read, exit 1 if any was refused."""
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    bundles = kiosk.export(max_events=100)
    stick = tmp_path / "stick"
    stick.mkdir()
    names = [b.file.name for b in bundles]
    (stick / names[0]).write_bytes(bundles[0].file.read_bytes())
    encrypted = forge.zip_members(forge.members(bundles[1].file.read_bytes()), encrypted=True)
    (stick / names[1]).write_bytes(encrypted)  # sorts between the two good ones
    (stick / names[2]).write_bytes(bundles[2].file.read_bytes())
    missing = tmp_path / "no-such-folder"
    capsys.readouterr()
    assert main(["hq", "ingest", *_where(hq), str(stick), str(missing)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith(names[0]) and "accepted" in lines[0]
    assert lines[1].startswith(names[1]) and "refused (bad_zip)" in lines[1]
    assert lines[2].startswith(names[2]) and "accepted" in lines[2]
    assert str(missing) in lines[3] and "no such file" in lines[3]
    assert count(hq.store) == bundles[0].count + bundles[2].count
    # a replay says so
    assert main(["hq", "ingest", *_where(hq), str(stick / names[0])]) == 0
    assert capsys.readouterr().out.strip() == f"{names[0]}: already held, 0 new"


def _signed_put(http, kiosk, bundle_id: str, data: bytes) -> httpx.Response:
    device = kiosk.enrolment.device_id
    key = load_private_key(device_key_path(kiosk.paths))
    nonce = http.get(f"/v1/devices/{device}/state").json()["state"]["nonce"]
    path = f"/v1/bundles/{bundle_id}"
    headers = {"X-Device": device, "X-Nonce": nonce, "X-Sig": sign(key, request_message("PUT", path, nonce, data))}
    return http.put(path, content=data, headers=headers)


def _deep_manifest(data: bytes) -> bytes:
    parts = forge.members(data)
    parts["manifest.json"] = b"[" * 100_000 + b"]" * 100_000
    return forge.zip_members(parts)


@pytest.mark.parametrize(
    ("mutation", "code"),
    [
        (lambda d: forge.zip_members(forge.members(d), encrypted=True), "bad_zip"),
        (_deep_manifest, "bad_manifest"),
    ],
    ids=["encrypted_flag", "deep_manifest"],
)
def test_encrypted_zips_and_deep_manifests_are_bad_bundles_over_http(hq, kiosk, mutation, code):
    """Item 6: a 400 with its code, recorded and quarantined, never a 500."""
    data = mutation(kiosk.export(max_events=100)[0].file.read_bytes())
    bundle_id = hashlib.sha256(data).hexdigest()
    with ServerThread(create_app(hq)) as server, httpx.Client(base_url=server.url) as http:
        answer = _signed_put(http, kiosk, bundle_id, data)
    assert (answer.status_code, answer.json()["code"]) == (400, code)
    assert count(hq.store, "SELECT COUNT(*) FROM rejections WHERE code = ?", (code,)) == 1
    assert count(hq.store) == 0


def test_a_client_dropping_mid_upload_is_an_info_line(hq, kiosk, caplog):
    """Item 6: the ASGI app gets a disconnect in the middle of the body: no exception, an INFO record."""

    app = create_app(hq)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": f"/v1/bundles/{'a' * 64}",
        "raw_path": f"/v1/bundles/{'a' * 64}".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"content-length", b"100000"),
            (b"x-device", kiosk.enrolment.device_id.encode()),
            (b"x-nonce", b"1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"),
            (b"x-sig", b"A" * 88),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    messages = [
        {"type": "http.request", "body": b"x" * 1000, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    caplog.set_level(logging.INFO)
    asyncio.run(app(scope, receive, send))
    records = [r for r in caplog.records if "disconnect" in r.getMessage().lower()]
    assert records and all(r.levelno == logging.INFO for r in records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert count(hq.store, "SELECT COUNT(*) FROM rejections") == 0


def _database_bytes(hq) -> int:
    """Bytes the HQ database takes on disk (SQLite: file + WAL after a checkpoint; PostgreSQL: the database)."""
    if hq.store.dialect == "sqlite":
        from pathlib import Path

        conn = hq.store.connection()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(hq.store.url)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return int(hq.store.query("SELECT pg_database_size(current_database())")[0][0])


@pytest.mark.slow
def test_ten_thousand_unauthenticated_requests_grow_hq_by_less_than_a_megabyte(hq, kiosk):
    """Item 7: headers are capped and checked first; strangers leave a counter, nothing else."""
    data = kiosk.export(max_events=100)[0].file.read_bytes()
    bundle_id = hashlib.sha256(data).hexdigest()
    device = kiosk.enrolment.device_id
    app = create_app(hq)
    requests = []
    for index in range(2500):
        requests += [
            ("PUT", f"/v1/bundles/{bundle_id}", [("X-Device", "x" * 60_000), ("X-Nonce", "n")], b"x"),
            ("GET", f"/v1/devices/{device}/state", [], b""),  # a registered id: anyone may ask, nothing is stored
            ("GET", f"/v1/devices/{uuid.UUID(int=index, version=4)}/state", [], b""),
            (
                "PUT",
                f"/v1/bundles/{bundle_id}",
                [("X-Device", device), ("X-Nonce", "n" * 90), ("X-Sig", "A" * 88)],
                data,
            ),
        ]
    before = _database_bytes(hq)
    statuses = asgi.run_all(app, requests)
    app.state.refusals.flush()
    after = _database_bytes(hq)
    assert statuses.count(200) == 2500 and statuses.count(400) == 2500 and statuses.count(401) == 5000
    assert after - before < 1_000_000, after - before
    assert count(hq.store, "SELECT COUNT(*) FROM rejections") == 0
    assert count(hq.store, "SELECT COALESCE(SUM(count), 0) FROM refusals") == 7500
    assert count(hq.store, "SELECT COUNT(*) FROM refusals") <= 3  # one row per (day, code, registered device)
    assert count(hq.store) == 0


def test_used_nonces_expire_and_are_purged(hq, kiosk):
    """Item 7: a used nonce is kept only until it expires, then purged at the next use of one."""
    from kiosk.hq.registry import NONCE_TTL_S, Nonces, nonce_secret

    now = [1_800_000_000.0]
    nonces = Nonces(hq.store, nonce_secret(hq.key), clock=lambda: now[0])
    device = kiosk.enrolment.device_id
    first = nonces.issue(device)
    assert count(hq.store, "SELECT COUNT(*) FROM used_nonces") == 0  # handing one out stores nothing
    nonces.consume(device, first)
    with pytest.raises(SyncError):
        nonces.consume(device, first)  # single use
    with pytest.raises(SyncError):
        nonces.consume(str(uuid.uuid4()), nonces.issue(device))  # another device's
    stale = nonces.issue(device)
    now[0] += NONCE_TTL_S + 1
    with pytest.raises(SyncError):
        nonces.consume(device, stale)  # expired
    nonces.consume(device, nonces.issue(device))
    assert count(hq.store, "SELECT COUNT(*) FROM used_nonces") == 1  # the first one was purged


def test_only_canonical_device_ids_are_accepted(hq, kiosk, tmp_path):
    """Item 8: `urn:uuid:{…}`, braces or capitals never name a device, an archive file or a marker."""
    key = load_private_key(device_key_path(kiosk.paths))
    canonical = str(uuid.uuid4())
    for spelling in (f"urn:uuid:{canonical}", "{" + canonical + "}", canonical.upper(), canonical.replace("-", "")):
        document = enrolment_document(spelling, key, "look-alike", "2026-10-01T00:00:00Z")
        with pytest.raises(SyncError) as caught:
            check_enrolment(document)
        assert caught.value.code == "bad_enrolment"
        path = tmp_path / "enrolment.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        assert main(["hq", "device", "add", str(path), *_where(hq)]) == 1
    assert not list((hq.archive.root / "devices").glob("*urn*"))
    data = kiosk.export(max_events=100)[0].file.read_bytes()
    upper = kiosk.enrolment.device_id.upper()

    def shout(records):
        return [dict(r, device_id=upper) for r in records]

    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, forge.resign(kiosk, data, shout, lambda m: dict(m, device_id=upper)), via="usb")
    assert caught.value.code == "bad_manifest"


def test_another_kiosk_cannot_block_a_kiosk_by_sending_its_event_ids_first(hq, kiosk, tmp_path):
    """Item 8: an event id held by another device conflicts for that device only."""
    other = make_kiosk(tmp_path / "other")
    other.play(visitors=30, seed=9)
    register(hq, other)
    mine = kiosk.export(max_events=100)
    stolen_ids = [r["event_id"] for r in forge.records(mine[0].file.read_bytes())]
    theirs = other.export(max_events=100)[0]

    def steal(records):
        return [dict(r, event_id=stolen) for r, stolen in zip(records, stolen_ids)]

    forged = forge.resign(other, theirs.file.read_bytes(), steal)
    assert ingest_bundle(hq, forged, via="usb").status == 201  # the other kiosk's own events, with A's ids
    outcomes = [ingest_bundle(hq, b.file.read_bytes(), via="usb") for b in mine]
    assert [o.status for o in outcomes] == [201] * len(mine)
    device = kiosk.enrolment.device_id
    assert count(hq.store, "SELECT COUNT(*) FROM events WHERE device_id = ?", (device,)) == sum(b.count for b in mine)
    other.close()


def test_the_rejection_table_keeps_only_the_newest_rows(hq, kiosk, monkeypatch):
    """Item 7: recorded rejections are bounded (the oldest go first); identical bad bytes are quarantined once."""
    import kiosk.hq.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "MAX_REJECTIONS", 5)
    stamps = iter(f"2026-10-20T12:00:{second:02d}.000Z" for second in range(60))
    hq.stamp = lambda: next(stamps)
    data = kiosk.export(max_events=100)[0].file.read_bytes()
    for index in range(8):
        with pytest.raises(SyncError):
            ingest_bundle(hq, data[: 100 + index], via="usb")  # eight different truncated files
    for _ in range(3):
        with pytest.raises(SyncError):
            ingest_bundle(hq, data[:50], via="usb")  # the same bad bytes again and again
    kept = [at for (at,) in hq.store.query("SELECT at FROM rejections ORDER BY at")]
    assert kept == [f"2026-10-20T12:00:{second:02d}.000Z" for second in range(6, 11)]
    assert len(list((hq.archive.root / "quarantine").iterdir())) == 9  # 8 + 1 distinct contents

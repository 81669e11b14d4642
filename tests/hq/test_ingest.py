"""Ingest at HQ, against SQLite and PostgreSQL: idempotence (T6), tampering (T7), restore (T9), gaps."""

from __future__ import annotations

import io
import json
import random
import threading
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import SyncError
from kiosk.hq.ingest import HTTP_STATUS, ingest_bundle
from kiosk.hq.registry import revoke_device
from kiosk.hq.report import build_report
from kiosk.log.events import canonical_json, sha256_hex
from kiosk.sync.bundle import MEMBERS, build_bundle, read_bundle
from kiosk.sync.enrolment import device_key_path
from kiosk.sync.signing import load_private_key, sign
from tests.hq.kiosks import make_kiosk, register


def count(store, sql="SELECT COUNT(*) FROM events", params=()):
    return store.query(sql, params)[0][0]


@pytest.fixture
def kiosk(tmp_path, hq):
    kiosk = make_kiosk(tmp_path / "k1")
    kiosk.play(visitors=60, seed=1)
    register(hq, kiosk)
    yield kiosk
    kiosk.close()


def test_ingest_is_idempotent_with_identical_receipts(hq, kiosk):
    bundles = kiosk.export(max_events=200)
    assert len(bundles) >= 3
    first = [ingest_bundle(hq, b.file.read_bytes(), via="usb") for b in bundles]
    assert [o.status for o in first] == [201] * len(bundles)
    total = sum(b.count for b in bundles)
    assert count(hq.store) == total
    again = [ingest_bundle(hq, b.file.read_bytes(), via="usb") for b in reversed(bundles)]
    assert [o.status for o in again] == [200] * len(bundles)
    assert [o.body() for o in reversed(again)] == [o.body() for o in first]
    assert count(hq.store) == total
    assert first[-1].receipt["hq_contiguous_seq"] == bundles[-1].to_seq
    assert len(list(hq.archive.bundles())) == len(bundles)


def test_overlapping_rebuilt_bundle_adds_nothing(hq, kiosk, tmp_path):
    bundles = kiosk.export(max_events=100)
    for b in bundles:
        ingest_bundle(hq, b.file.read_bytes(), via="usb")
    kiosk.book.conn.execute("DELETE FROM bundles")  # as if the kiosk lost its bundle bookkeeping
    rebuilt = kiosk.export(max_events=150)  # other boundaries, same events
    outcomes = [ingest_bundle(hq, b.file.read_bytes(), via="usb") for b in rebuilt]
    assert {o.status for o in outcomes} == {200}  # nothing new (the last, identical bundle: its first receipt)
    assert count(hq.store) == sum(b.count for b in bundles)


def test_concurrent_replays_from_four_clients(hq, kiosk):
    """T6 at store level: every bundle 3 times, shuffled, from 4 threads at once."""
    bundles = kiosk.export(max_events=60)
    work = [b.file.read_bytes() for b in bundles] * 3
    random.Random(4).shuffle(work)
    receipts: dict[str, set[str]] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(part):
        try:
            for data in part:
                outcome = ingest_bundle(hq, data, via="http")
                with lock:
                    receipts.setdefault(outcome.receipt["bundle_id"], set()).add(canonical_json(outcome.body()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            hq.store.close()

    threads = [threading.Thread(target=client, args=(work[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert (
        count(hq.store)
        == sum(b.count for b in bundles)
        == count(hq.store, "SELECT COUNT(DISTINCT event_id) FROM events")
    )
    assert all(len(r) == 1 for r in receipts.values()) and len(receipts) == len(bundles)


def _rezip(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in MEMBERS}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in MEMBERS:
            archive.writestr(name, members[name])
    return out.getvalue()


def _flip_event_byte(m):
    m["events.ndjson"] = m["events.ndjson"].replace(b'"language":"fr"', b'"language":"en"', 1)


def _change_manifest(m):
    manifest = json.loads(m["manifest.json"])
    manifest["to_seq"] += 0
    manifest["created_at"] = "2030-01-01T00:00:00.000Z"
    m["manifest.json"] = canonical_json(manifest).encode()


def _bad_signature(m):
    m["manifest.sig"] = sign(Ed25519PrivateKey.generate(), m["manifest.json"]).encode()


def _with_extra_member(data: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("extra.txt", b"hello")
    return out.getvalue()


MUTATIONS = {
    "byte_in_zip": (lambda d: d[:200] + bytes([d[200] ^ 0xFF]) + d[201:], {"bad_zip", "bad_manifest"}),
    "truncated_zip": (lambda d: d[: len(d) // 2], {"bad_zip"}),
    "events_changed": (lambda d: _rezip(d, _flip_event_byte), {"hash_mismatch"}),
    "manifest_changed": (lambda d: _rezip(d, _change_manifest), {"bad_signature"}),
    "signature_by_other_key": (lambda d: _rezip(d, _bad_signature), {"bad_signature"}),
    "extra_member": (lambda d: _with_extra_member(d), {"bad_zip"}),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_tampered_bundle_is_rejected_with_its_code_and_quarantined(hq, kiosk, mutation):
    """T7: each mutation rejected with the expected code, 0 rows ingested, logged and quarantined."""
    data = kiosk.export(max_events=100)[0].file.read_bytes()
    mutate, codes = MUTATIONS[mutation]
    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, mutate(data), via="usb")
    assert caught.value.code in codes and HTTP_STATUS[caught.value.code] in (400, 422)
    assert count(hq.store) == 0
    assert count(hq.store, "SELECT COUNT(*) FROM rejections WHERE code = ?", (caught.value.code,)) == 1
    assert len(list((hq.archive.root / "quarantine").iterdir())) == 1


def _resigned(kiosk, data: bytes, change) -> bytes:
    """A bundle changed and re-signed with the kiosk's own key (only a compromised kiosk could)."""
    bundle = read_bundle(data)
    lines = change([line + b"\n" for line in _events_bytes(data).split(b"\n")[:-1]])
    m = {k: v for k, v in bundle.manifest.items() if k not in ("bundle_id", "count", "format_version")}
    return build_bundle(lines, m, load_private_key(device_key_path(kiosk.paths)))


def _events_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("events.ndjson")


def test_changed_payload_under_known_event_id_is_409_and_rolls_back(hq, kiosk):
    first, second = kiosk.export(max_events=100)[:2]
    ingest_bundle(hq, first.file.read_bytes(), via="usb")
    before = count(hq.store)

    def change(lines):
        record = json.loads(lines[-1])
        record["payload"] = dict(record["payload"], **({"language": "en"} if "language" in record["payload"] else {}))
        record["visitor"] = "someone-else"
        record["payload_sha256"] = sha256_hex(canonical_json(record["payload"]))
        return lines[:-1] + [(canonical_json(record) + "\n").encode()]

    # the second bundle re-sends the first bundle's last event with a changed content
    stolen = _events_bytes(first.file.read_bytes()).split(b"\n")[-2] + b"\n"
    fake = _resigned(kiosk, first.file.read_bytes(), lambda lines: change(lines[:-1] + [stolen]))
    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, fake, via="usb")
    assert caught.value.code == "conflict" and HTTP_STATUS["conflict"] == 409
    assert count(hq.store) == before
    assert count(hq.store, "SELECT COUNT(*) FROM bundles") == 1
    ingest_bundle(hq, second.file.read_bytes(), via="usb")  # the honest next bundle still goes in


def test_other_event_id_under_known_seq_is_409(hq, kiosk):
    first = kiosk.export(max_events=100)[0]
    ingest_bundle(hq, first.file.read_bytes(), via="usb")

    def change(lines):
        record = json.loads(lines[0])
        record["event_id"] = "00000000-0000-4000-8000-000000000001"
        return [(canonical_json(record) + "\n").encode()] + lines[1:]

    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, _resigned(kiosk, first.file.read_bytes(), change), via="usb")
    assert caught.value.code == "seq_conflict"


def test_unknown_and_revoked_devices_are_refused(hq, tmp_path, kiosk):
    stranger = make_kiosk(tmp_path / "stranger")
    stranger.play(visitors=5, seed=2)
    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, stranger.export()[0].file.read_bytes(), via="usb")
    assert caught.value.code == "unknown_device" and HTTP_STATUS["unknown_device"] == 401
    stranger.close()
    data = kiosk.export()[0].file.read_bytes()
    revoke_device(hq.store, kiosk.enrolment.device_id, "2026-10-21T00:00:00Z")
    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, data, via="usb")
    assert caught.value.code == "revoked_device" and HTTP_STATUS["revoked_device"] == 403
    assert count(hq.store) == 0


def test_event_not_allowed_by_the_schema_is_422(hq, kiosk):
    first = kiosk.export(max_events=100)[0]

    def change(lines):
        record = json.loads(lines[1])
        record["payload"] = dict(record["payload"], name="Alice")
        record["payload_sha256"] = sha256_hex(canonical_json(record["payload"]))
        return [lines[0], (canonical_json(record) + "\n").encode()] + lines[2:]

    with pytest.raises(SyncError) as caught:
        ingest_bundle(hq, _resigned(kiosk, first.file.read_bytes(), change), via="usb")
    assert caught.value.code == "bad_event" and HTTP_STATUS["bad_event"] == 422
    assert count(hq.store) == 0


def test_gaps_and_broken_chain_are_reported(hq, kiosk):
    bundles = kiosk.export(max_events=50)
    assert len(bundles) >= 4
    for b in bundles[:1] + bundles[2:]:
        ingest_bundle(hq, b.file.read_bytes(), via="usb")
    (row,) = [r for r in build_report(hq.store).gaps if r[0] == kiosk.enrolment.device_id]
    assert row[2] == f"{bundles[1].from_seq}-{bundles[1].to_seq}" and row[3] == 1
    ingest_bundle(hq, bundles[1].file.read_bytes(), via="usb")
    (row,) = build_report(hq.store).gaps
    assert row[2] == "" and row[3] == 0


def test_restore_starts_a_new_epoch_without_collisions(hq, kiosk):
    """T9: restore an old backup, keep writing, sync: no (device, epoch, seq) collision, restore flagged."""
    backup = kiosk.paths.backups_dir / "old.db"
    kiosk.book.backup(backup)
    for b in kiosk.export(max_events=100):
        ingest_bundle(hq, b.file.read_bytes(), via="usb")
    kiosk.play(visitors=10, seed=5)
    for b in kiosk.export(max_events=100):
        ingest_bundle(hq, b.file.read_bytes(), via="usb")
    kiosk.close()
    for suffix in ("-wal", "-shm"):
        (kiosk.paths.home / f"participation.db{suffix}").unlink(missing_ok=True)
    backup.replace(kiosk.paths.db_file)
    kiosk.play(visitors=10, seed=6)
    assert kiosk.book.epoch == 2
    for b in kiosk.export(max_events=100):
        ingest_bundle(hq, b.file.read_bytes(), via="usb")
    assert count(hq.store, "SELECT COUNT(DISTINCT epoch) FROM events") == 2
    notices = {r[1]: r[4] for r in build_report(hq.store).gaps}
    assert notices[2] == "database_replaced" and all(r[2] == "" for r in build_report(hq.store).gaps)
    assert build_report(hq.store).participants == 80


def test_report_date_range_selects_sessions(hq, kiosk):
    for b in kiosk.export():
        ingest_bundle(hq, b.file.read_bytes(), via="usb")
    assert build_report(hq.store, "2026-10-15", "2026-10-15").participants == 60
    assert build_report(hq.store, "2026-10-16").cafes == 0 and build_report(hq.store, None, "2026-10-14").cafes == 0

"""Kiosk side of the sync: enrolment, the bundle format, export, USB copy, and damaged files (T5)."""

from __future__ import annotations

import json

import pytest

from kiosk.cli import main
from kiosk.errors import SyncError
from kiosk.sync.bundle import MAX_EVENTS, read_bundle, verify_manifest
from kiosk.sync.enrolment import check_enrolment, device_key_path
from kiosk.sync.export import copy_verified
from kiosk.sync.service import sync_status
from tests.hq.kiosks import make_kiosk


@pytest.fixture
def kiosk(tmp_path):
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=20, seed=2)
    yield kiosk
    kiosk.close()


def test_enrol_cli_writes_a_signed_enrolment_and_keeps_the_key(tmp_path, capsys):
    home = tmp_path / "home"
    assert main(["--home", str(home), "enrol", "--label", "Kiosque 3", "--no-qr"]) == 0
    key_file = home / "keys" / "device_ed25519.key"
    first_key = key_file.read_bytes()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    document = json.loads((home / "keys" / "enrolment.json").read_text())
    enrolment = check_enrolment(document)
    assert enrolment.device_id == json.loads((home / "device.json").read_text())["device_id"]
    assert "PRIVATE" not in (home / "keys" / "enrolment.json").read_text()
    assert (home / "keys" / "enrolment.svg").read_bytes().startswith(b"<svg")
    assert main(["--home", str(home), "enrol", "--no-qr"]) == 0
    assert key_file.read_bytes() == first_key  # enrolling again never orphans the registered key
    document["label"] = "forged"
    with pytest.raises(SyncError, match="signature"):
        check_enrolment(document)
    assert enrolment.device_id in capsys.readouterr().out


def test_bundles_are_cut_chained_and_verifiable(kiosk):
    bundles = kiosk.export(max_events=70)
    assert [b.from_seq for b in bundles] == [1 + 70 * i for i in range(len(bundles))]
    previous = None
    from kiosk.sync.signing import load_private_key

    key = load_private_key(device_key_path(kiosk.paths))
    for built in bundles:
        bundle = read_bundle(built.file.read_bytes())
        verify_manifest(bundle, key.public_key())
        assert bundle.manifest["prev_bundle_sha256"] == previous
        assert bundle.manifest["integrity_check"]["result"] == "ok"
        assert built.file.name == f"{kiosk.enrolment.device_id}_1_{built.from_seq}-{built.to_seq}.cnb"
        previous = bundle.bundle_id
    assert kiosk.export() == []  # nothing new
    kiosk.play(visitors=3, seed=3)
    (more,) = kiosk.export(max_events=MAX_EVENTS)
    assert more.from_seq == bundles[-1].to_seq + 1
    assert read_bundle(more.file.read_bytes()).manifest["prev_bundle_sha256"] == previous
    assert not list(kiosk.paths.exports_dir.rglob("*.tmp"))


def test_same_events_give_the_same_bundle_id(kiosk):
    first = kiosk.export(max_events=100)
    kiosk.book.conn.execute("DELETE FROM bundles")  # a crash between file and row, say
    again = kiosk.export(max_events=100)
    assert [b.bundle_id for b in again] == [b.bundle_id for b in first]


def test_usb_copy_is_verified_by_rereading(kiosk, tmp_path, monkeypatch):
    files = [b.file for b in kiosk.export(max_events=100)]
    copies = copy_verified(files, tmp_path / "usb")
    assert [c.read_bytes() for c in copies] == [f.read_bytes() for f in files]
    from kiosk.sync import export

    real = export.atomic_write
    monkeypatch.setattr(
        export, "atomic_write", lambda path, data: real(path, data[:99] + b"X" + data[100:])
    )  # a lying stick
    with pytest.raises(SyncError) as caught:
        copy_verified(files, tmp_path / "usb2")
    assert caught.value.code == "copy_mismatch"


def test_status_before_any_sync(kiosk):
    status = sync_status(kiosk.paths)
    assert status.enrolled and status.pending_events > 100 and status.last_success_at is None
    assert status.last_rejection is None


@pytest.mark.parametrize("damage", ["truncate_wal", "delete_shm", "flip_page_bytes"])
def test_damaged_database_is_detected_and_sync_goes_on(tmp_path, damage):
    """T5: damage is detected at start (quarantine, new epoch, < 5 s) and the new epoch still exports."""
    import time

    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=15, seed=4)
    book = kiosk.book
    db = kiosk.paths.db_file
    book.conn.execute("PRAGMA wal_autocheckpoint=0")
    if damage == "flip_page_bytes":
        book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        kiosk.play(visitors=5, seed=5)
    wal = db.with_name(db.name + "-wal")
    snapshot = {p: p.read_bytes() for p in (db, wal, db.with_name(db.name + "-shm")) if p.exists()}
    book.conn.close()  # simulate the process dying: no clean close, no checkpoint
    kiosk.book = None
    for path, data in snapshot.items():
        path.write_bytes(data)
    if damage == "truncate_wal" and wal.exists():
        wal.write_bytes(wal.read_bytes()[: len(snapshot[wal]) // 3])
    elif damage == "delete_shm":
        db.with_name(db.name + "-shm").unlink(missing_ok=True)
    else:
        data = bytearray(db.read_bytes())
        for offset in range(4096, min(len(data), 4096 * 3), 97):
            data[offset] ^= 0x5A
        db.write_bytes(bytes(data))
    start = time.monotonic()
    book = kiosk.open()
    assert time.monotonic() - start < 5
    assert book.integrity_check() == "ok"
    if damage == "flip_page_bytes":
        assert book.epoch == 2 and list(kiosk.paths.quarantine_dir.rglob("participation.db"))
    bundles = kiosk.export()
    assert bundles and all(read_bundle(b.file.read_bytes()) for b in bundles)
    kiosk.close()


def test_the_device_key_is_never_readable_by_others_not_even_for_a_moment(tmp_path, monkeypatch):
    """Issue 13 item 9: the private key is created 0600, not written 0644, renamed, then chmod'ed."""
    import os

    modes: dict[str, int] = {}
    real = os.replace

    def replace(source, target, *args, **kwargs):
        modes[os.path.basename(target)] = os.stat(source).st_mode & 0o777
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    old_umask = os.umask(0o022)
    try:
        assert main(["--home", str(tmp_path / "home"), "enrol", "--no-qr"]) == 0
    finally:
        os.umask(old_umask)
    assert modes["device_ed25519.key"] == 0o600


def test_a_damaged_bundle_file_is_rebuilt_from_the_log_for_the_usb_export(kiosk, tmp_path, capsys):
    """Issue 13 item 3: bundles are a cache of the log; an export never stays stuck on a damaged file."""
    built = kiosk.export(max_events=50)
    kiosk.close()
    raw = bytearray(built[1].file.read_bytes())
    raw[150] ^= 0xFF
    built[1].file.write_bytes(bytes(raw))
    built[2].file.unlink()
    stick = tmp_path / "stick"
    assert main(["--home", str(kiosk.paths.home), "export", "--to", str(stick)]) == 0
    capsys.readouterr()
    copies = sorted(stick.glob("*.cnb"))
    assert [c.name for c in copies] == sorted(b.file.name for b in built)
    for copy, original in zip(copies, sorted(built, key=lambda b: b.file.name)):
        bundle = read_bundle(copy.read_bytes())
        assert bundle.bundle_id == original.bundle_id  # the same events, so the same id
    assert main(["--home", str(kiosk.paths.home), "export", "--to", str(stick)]) == 0


def test_an_export_error_names_the_file(kiosk, tmp_path, capsys):
    """Issue 13 item 3: a bundle that cannot be rebuilt (its events are gone) is named in the error."""
    import sqlite3

    built = kiosk.export(max_events=50)
    kiosk.close()
    built[0].file.write_bytes(b"damaged")
    conn = sqlite3.connect(kiosk.paths.db_file)
    with conn:  # as if the rows were lost: a bundle row pointing past the end of the log
        conn.execute(
            "UPDATE bundles SET from_seq = from_seq + 100000, to_seq = to_seq + 100000 WHERE bundle_id = ?",
            (built[0].bundle_id,),
        )
    conn.close()
    assert main(["--home", str(kiosk.paths.home), "export", "--to", str(tmp_path / "stick")]) == 1
    assert built[0].file.name in capsys.readouterr().err

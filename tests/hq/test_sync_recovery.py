"""Issue 13 items 1, 2, 3 and 10: the kiosk recovers what HQ does not hold, whatever it believed before.

* HQ restored from an older backup: its signed state holds less than the kiosk's acknowledgements; the
  kiosk trusts HQ and sends again, from the intact log, what HQ no longer holds.
* The first sync went to a look-alike (trust on first use): re-pinning the real HQ's key makes every bundle
  not acknowledged by that key pending again.
* A damaged local bundle file is rebuilt from the log (it is a cache), and an export names any file it
  cannot copy.
* A captive portal or an empty ``{}`` answer is "not a Café numérique HQ", and nothing is marked.
"""

from __future__ import annotations

import sqlite3

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from kiosk.cli import main
from kiosk.errors import SyncError
from kiosk.hq.archive import Archive
from kiosk.hq.ingest import Ingestor
from kiosk.hq.server import create_app
from kiosk.hq.store import Store
from kiosk.sync.enrolment import hq_key_path
from kiosk.sync.service import sync_all, sync_status
from kiosk.sync.signing import public_key_text
from kiosk.sync.upload import RetryPolicy
from tests.hq.kiosks import ServerThread, make_kiosk, register

FAST = RetryPolicy(attempts=3, base_s=0.0, cap_s=0.0)


def local_events(kiosk) -> int:
    conn = sqlite3.connect(kiosk.paths.db_file)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def held_at_hq(store: Store) -> tuple[int, int]:
    """(rows, distinct (device, event id)) held by HQ."""
    ((rows,),) = store.query("SELECT COUNT(*) FROM events")
    ((distinct,),) = store.query("SELECT COUNT(*) FROM (SELECT DISTINCT device_id, event_id FROM events) t")
    return int(rows), int(distinct)


def sync(kiosk, url: str):
    return sync_all(kiosk.paths, url, retry=FAST, sleep=lambda s: None, max_events=40)


def test_hq_restored_from_an_older_backup_gets_every_event_again(tmp_path):
    """Item 1: back up HQ, sync more, restore, sync again: HQ holds every event exactly once."""
    archive = Archive(tmp_path / "archive")
    key = archive.hq_key()
    hq = Ingestor(Store.open(tmp_path / "hq.db"), archive, key)
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=20, seed=1)
    kiosk.close()
    register(hq, kiosk)
    with ServerThread(create_app(hq)) as server:
        assert sync(kiosk, server.url).acked > 0
    backup = tmp_path / "hq-backup.db"
    with sqlite3.connect(tmp_path / "hq.db") as source, sqlite3.connect(backup) as target:
        source.backup(target)
    kiosk.play(visitors=20, seed=2)
    kiosk.close()
    with ServerThread(create_app(hq)) as server:
        assert sync(kiosk, server.url).acked > 0
    assert held_at_hq(hq.store)[0] == local_events(kiosk)
    # HQ's disk dies; it is restored from the older backup (same archive, same key)
    restored = tmp_path / "restored.db"
    backup.replace(restored)
    hq_after = Ingestor(Store.open(restored), archive, key)
    assert held_at_hq(hq_after.store)[0] < local_events(kiosk)
    with ServerThread(create_app(hq_after)) as server:
        result = sync(kiosk, server.url)
    assert result.rejected == [] and result.acked > 0
    assert held_at_hq(hq_after.store) == (local_events(kiosk), local_events(kiosk))
    assert sync_status(kiosk.paths).pending_events == 0


def test_first_sync_to_a_look_alike_then_repinning_sends_everything_to_the_real_hq(tmp_path, capsys):
    """Item 2: acknowledgements are tied to the pinned HQ key; re-pinning makes the others pending again."""
    real_archive, fake_archive = Archive(tmp_path / "real"), Archive(tmp_path / "fake")
    real = Ingestor(Store.open(tmp_path / "real.db"), real_archive, real_archive.hq_key())
    fake = Ingestor(Store.open(tmp_path / "fake.db"), fake_archive, fake_archive.hq_key())
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=20, seed=3)
    kiosk.close()
    register(real, kiosk)
    register(fake, kiosk)  # the look-alike accepts anything
    with ServerThread(create_app(fake)) as server:
        assert sync(kiosk, server.url).acked > 0  # trust on first use: the look-alike's key is pinned
    assert sync_status(kiosk.paths).pending_events == 0
    # The facilitator learns of the mistake and pins the real HQ's key (enrolment with --hq-key)
    real_pub = tmp_path / "hq.pub"
    real_pub.write_text(public_key_text(real.key) + "\n", encoding="ascii")
    assert main(["--home", str(kiosk.paths.home), "enrol", "--no-qr", "--hq-key", str(real_pub)]) == 0
    capsys.readouterr()
    assert sync_status(kiosk.paths).pending_events == local_events(kiosk)  # nothing is acknowledged by this key
    with ServerThread(create_app(real)) as server:
        result = sync(kiosk, server.url)
    assert result.rejected == [] and result.acked > 0
    assert held_at_hq(real.store) == (local_events(kiosk), local_events(kiosk))
    assert sync_status(kiosk.paths).pending_events == 0


def test_a_bundle_refused_for_a_damaged_file_is_rebuilt_from_the_log_and_sent(tmp_path):
    """Item 3: HQ refused a damaged file (state left 'rejected' by an older run): the next sync rebuilds it."""
    archive = Archive(tmp_path / "archive")
    hq = Ingestor(Store.open(tmp_path / "hq.db"), archive, archive.hq_key())
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=20, seed=4)
    built = kiosk.export(max_events=40)
    kiosk.close()
    register(hq, kiosk)
    damaged = built[1].file
    raw = bytearray(damaged.read_bytes())
    raw[150] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    conn = sqlite3.connect(kiosk.paths.db_file)
    with conn:
        conn.execute(
            "UPDATE bundles SET state = 'rejected', reject_code = 'bad_zip',"
            " reject_reason = 'not a readable bundle zip', rejected_at = '2026-10-20T12:00:00.000Z'"
            " WHERE bundle_id = ?",
            (built[1].bundle_id,),
        )
    conn.close()
    with ServerThread(create_app(hq)) as server:
        result = sync(kiosk, server.url)
    assert result.rejected == []
    assert held_at_hq(hq.store)[0] == local_events(kiosk)
    status = sync_status(kiosk.paths)
    assert status.pending_events == 0 and status.last_rejection is None


@pytest.mark.parametrize(
    "answer",
    [
        HTMLResponse("<html><body>Bienvenue sur le Wi-Fi de l'école. Acceptez les conditions.</body></html>"),
        JSONResponse({}),
        JSONResponse({"state": {"nonce": 3}, "signature": None}),
    ],
    ids=["captive_portal", "empty_json", "wrong_shapes"],
)
def test_a_server_that_is_not_hq_is_named_and_nothing_is_marked(tmp_path, answer):
    """Item 10: a clear "not a Café numérique HQ" error, no key pinned, no bundle acknowledged."""
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=5, seed=5)
    kiosk.close()

    async def anything(request):
        return answer

    portal = Starlette(routes=[Route("/{path:path}", anything, methods=["GET", "PUT", "POST"])])
    with ServerThread(portal) as server, pytest.raises(SyncError) as caught:
        sync(kiosk, server.url)
    assert caught.value.code == "not_hq"
    assert server.url in caught.value.text("en") and "Café numérique HQ" in caught.value.text("en")
    assert not hq_key_path(kiosk.paths).exists()
    conn = sqlite3.connect(kiosk.paths.db_file)
    states = {state for (state,) in conn.execute("SELECT state FROM bundles")}
    conn.close()
    assert states == {"built"}
    assert sync_status(kiosk.paths).pending_events == local_events(kiosk)

"""The HTTP protocol end to end through uvicorn: nonces, signed PUTs, receipts, retries (T6, T7)."""

from __future__ import annotations

import httpx
import pytest

from kiosk.errors import SyncError
from kiosk.hq.ingest import ingest_bundle
from kiosk.hq.registry import revoke_device
from kiosk.hq.server import create_app
from kiosk.sync.enrolment import device_key_path
from kiosk.sync.service import sync_all, sync_status
from kiosk.sync.signing import load_private_key, request_message, sign
from kiosk.sync.upload import RetryPolicy
from tests.hq.kiosks import ServerThread, make_kiosk, register
from tests.hq.proxy import LossyProxy

FAST = RetryPolicy(attempts=30, base_s=0.0, cap_s=0.0)


@pytest.fixture
def kiosk(tmp_path, hq):
    kiosk = make_kiosk(tmp_path / "k1")
    kiosk.play(visitors=40, seed=3)
    kiosk.close()  # the app is closed: `kiosk sync` runs on its own
    register(hq, kiosk)
    return kiosk


def events_at_hq(hq):
    return hq.store.query("SELECT COUNT(*) FROM events")[0][0]


def test_sync_through_cuts_after_commit_is_exactly_once(hq, kiosk):
    """T6: many uploads cut after HQ's commit and before the reply; retries get the same receipt."""
    with (
        ServerThread(create_app(hq)) as server,
        LossyProxy(server.port, drop_connect=0.1, cut_response=0.3, seed=6) as proxy,
    ):
        result = sync_all(kiosk.paths, proxy.url, retry=FAST, sleep=lambda s: None, max_events=25)
        assert proxy.stats["cut"] >= 3
    assert result.rejected == [] and result.acked == result.exported
    status = sync_status(kiosk.paths)
    assert status.pending_events == 0 and status.pending_bundles == 0 and status.last_success_at
    (total,) = hq.store.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM events")[0][:1]
    import sqlite3

    local = sqlite3.connect(kiosk.paths.db_file).execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert total == local == hq.store.query("SELECT COUNT(DISTINCT event_id) FROM events")[0][0]


def test_replayed_request_and_bad_signatures_are_refused(hq, kiosk):
    kiosk.open()
    bundle = kiosk.export()[0]
    kiosk.close()
    data = bundle.file.read_bytes()
    key = load_private_key(device_key_path(kiosk.paths))
    device = kiosk.enrolment.device_id
    app = create_app(hq)
    with ServerThread(app) as server, httpx.Client(base_url=server.url) as http:
        nonce = http.get(f"/v1/devices/{device}/state").json()["state"]["nonce"]
        path = f"/v1/bundles/{bundle.bundle_id}"
        headers = {"X-Device": device, "X-Nonce": nonce, "X-Sig": sign(key, request_message("PUT", path, nonce, data))}
        first = http.put(path, content=data, headers=headers)
        assert first.status_code == 201 and first.json()["next_nonce"]
        replay = http.put(path, content=data, headers=headers)
        assert (replay.status_code, replay.json()["code"]) == (401, "nonce_invalid")
        nonce = http.get(f"/v1/devices/{device}/state").json()["state"]["nonce"]
        forged = dict(headers, **{"X-Nonce": nonce})  # signature made for the old nonce
        answer = http.put(path, content=data, headers=forged)
        assert (answer.status_code, answer.json()["code"]) == (401, "bad_request_signature")
        stranger = http.get("/v1/devices/00000000-0000-4000-8000-000000000000/state")
        assert stranger.status_code == 401
        app.state.refusals.flush()
    assert events_at_hq(hq) == bundle.count
    codes = {c for (c,) in hq.store.query("SELECT code FROM refusals")}
    assert codes == {"nonce_invalid", "bad_request_signature", "unknown_device"}
    assert hq.store.query("SELECT COUNT(*) FROM rejections")[0][0] == 0  # strangers leave counts, not rows


def test_revoked_device_stops_the_sync_and_the_panel_says_why(hq, kiosk):
    revoke_device(hq.store, kiosk.enrolment.device_id, "2026-10-21T00:00:00Z")
    calls = []
    with ServerThread(create_app(hq)) as server, pytest.raises(SyncError) as caught:
        sync_all(kiosk.paths, server.url, retry=FAST, sleep=calls.append)
    assert caught.value.code == "revoked_device" and calls == []  # a 403 is never retried
    assert sync_status(kiosk.paths).pending_events > 0 and events_at_hq(hq) == 0


def test_bundle_rejected_by_hq_is_shown_and_not_resent(hq, kiosk):
    """A bundle HQ refuses for its events (here: another event already holds its first seq) is shown with
    HQ's code, not sent again by the next sync, and the bundles after it still go."""
    import sqlite3

    from tests.hq import forge

    kiosk.open()
    built = kiosk.export(max_events=100)
    kiosk.close()
    first = built[0].file.read_bytes()

    def other_id(records):
        return [dict(records[0], event_id="00000000-0000-4000-8000-000000000001")]

    def one_event(manifest):
        return dict(manifest, to_seq=1, count=1)

    # HQ now holds seq 1 (alone) under another event id
    ingest_bundle(hq, forge.resign(kiosk, first, other_id, one_event), via="usb")
    progress = []
    with ServerThread(create_app(hq)) as server:
        result = sync_all(kiosk.paths, server.url, progress.append, retry=FAST, sleep=lambda s: None, max_events=100)
        assert [r.code for r in result.rejected] == ["seq_conflict"]
        status = sync_status(kiosk.paths)
        assert status.last_rejection is not None and status.last_rejection.bundle == built[0].file.name
        assert progress[-1].stage == "done"
        again = sync_all(kiosk.paths, server.url, retry=FAST, sleep=lambda s: None, max_events=100)
    assert again.rejected == [] and again.acked == 0  # not sent again
    state = sqlite3.connect(kiosk.paths.db_file).execute("SELECT state FROM bundles ORDER BY from_seq").fetchall()
    assert [s for (s,) in state] == ["rejected"] + ["acked"] * (len(built) - 1)

"""T11 end to end, T8 clock abuse and T10 HQ killed mid-ingest (research/sync-reliability.md §4).

T11 is scaled to CI: 3 simulated kiosks (the real logbook and demo sessions), two syncing over HTTP
through a proxy that drops 10% of connections, one by USB (``kiosk export --to`` then
``kiosk hq ingest``); the HQ report must equal the ground truth of the generators.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from kiosk.cli import main
from kiosk.hq.report import build_report, tables
from kiosk.hq.server import create_app
from kiosk.sync.service import sync_all
from kiosk.sync.upload import RetryPolicy
from tests.hq.kiosks import ServerThread, make_kiosk, register
from tests.hq.proxy import LossyProxy

FAST = RetryPolicy(attempts=40, base_s=0.0, cap_s=0.0)


def _expected(truths):
    regions, venues = {}, {}
    for t in truths:
        regions[t.region] = regions.get(t.region, 0) + t.kiosk_visitors
        venues[t.venue_type] = venues.get(t.venue_type, 0) + t.kiosk_visitors
    stations = {}
    for t in truths:
        for k, v in t.station_visitors.items():
            stations[k] = stations.get(k, 0) + v
    return regions, venues, stations


def _check_report(report, truths):
    regions, venues, stations = _expected(truths)
    assert report.cafes == len(truths)
    assert report.participants == sum(t.kiosk_visitors for t in truths)
    assert {k: v[1] for k, v in report.by["region"].items()} == regions
    assert {k: v[1] for k, v in report.by["venue_type"].items()} == venues
    assert report.stations == stations
    assert sum(item[2] for item in report.quiz_items) == sum(t.quiz_answers for t in truths)
    assert sum(item[3] for item in report.quiz_items) == sum(t.correct_answers for t in truths)
    assert sum(report.dome_shows.values()) == sum(t.dome_shows for t in truths)
    assert sum(v[0] for v in report.vr_views.values()) == sum(t.vr_views for t in truths) > 0
    assert sum(v[1] for v in report.vr_views.values()) == sum(t.vr_seconds for t in truths)
    assert all(row[2] == "" and row[3] == 0 for row in report.gaps), report.gaps


def test_three_kiosks_over_a_lossy_link_and_usb_match_the_ground_truth(hq, tmp_path, capsys):
    kiosks = [make_kiosk(tmp_path / f"k{i}", label=f"k{i}") for i in range(3)]
    for i, kiosk in enumerate(kiosks):
        for day in range(2):
            kiosk.play(visitors=25 + 5 * i, seed=100 * i + day)
            kiosk.clock.advance(86400)
        kiosk.close()
        register(hq, kiosk)
    with ServerThread(create_app(hq)) as server, LossyProxy(server.port, drop_request=0.1, seed=11) as proxy:
        for kiosk in kiosks[:2]:
            result = sync_all(kiosk.paths, proxy.url, retry=FAST, sleep=lambda s: None, max_events=60)
            assert result.rejected == [] and result.acked == result.exported > 1
        assert proxy.stats["dropped"] >= 1
    stick = tmp_path / "usb"
    assert main(["--home", str(kiosks[2].paths.home), "export", "--to", str(stick)]) == 0
    said = capsys.readouterr().out.splitlines()[-1]  # in the system's language (LANG: English or French)
    assert said.endswith(("You can remove the key.", "Vous pouvez retirer la clé.")) and f"{stick}" in said
    assert main(["hq", "ingest", "--db", hq.store.url, "--archive", str(hq.archive.root), str(stick)]) == 0
    truths = [t for k in kiosks for t in k.truths]
    _check_report(build_report(hq.store), truths)
    # the exported form hides counts below 5
    people = {"participants", "answers", "wrong_count", "shows", "visitors"}
    for name, (header, rows) in tables(build_report(hq.store)).items():
        for row in rows:
            for column, value in zip(header, row):
                assert column not in people or not (isinstance(value, int) and value < 5), (name, row)
    # the archive is the source of truth: a fresh database rebuilt from it gives the same report
    rebuilt_db = str(tmp_path / "rebuilt.db")
    assert main(["hq", "rebuild", "--db", rebuilt_db, "--archive", str(hq.archive.root)]) == 0
    from kiosk.hq.store import Store

    _check_report(build_report(Store.open(rebuilt_db)), truths)


def test_clock_abuse_leaves_order_and_reach_intact(hq, tmp_path):
    """T8: clock at 2001, then 2038, then jumping backwards: seq intact, suspect flagged, counts right."""
    kiosk = make_kiosk(tmp_path / "k", start=datetime(2001, 1, 1, 9, 0, tzinfo=UTC))
    kiosk.play(visitors=12, seed=1)
    kiosk.clock._now = datetime(2038, 1, 19, 3, 0, tzinfo=UTC)
    kiosk.play(visitors=12, seed=2)
    kiosk.clock.advance(-3 * 3600)
    kiosk.play(visitors=12, seed=3)
    for bundle in kiosk.export(max_events=120):
        from kiosk.hq.ingest import ingest_bundle

        register(hq, kiosk) if not hq.store.query("SELECT 1 FROM devices") else None
        ingest_bundle(hq, bundle.file.read_bytes(), via="usb")
    seqs = [s for (s,) in hq.store.query("SELECT seq FROM events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    assert hq.store.query("SELECT COUNT(*) FROM events WHERE clock_suspect = 1")[0][0] > 0
    report = build_report(hq.store)
    _check_report(report, kiosk.truths)
    assert set(report.by["month"]) == {"inconnu"}  # 2001 flagged by the kiosk, 2038 is after HQ's receipt
    kiosk.close()


@pytest.mark.slow
def test_hq_killed_mid_ingest_is_all_or_nothing(hq, tmp_path):
    """T10, scaled: SIGKILL `kiosk hq ingest` inside a bundle's transaction, re-run; bundles wholly in or out.

    Each round pauses ingest inside the transaction of its k-th bundle (k growing, so that bundle is new
    to HQ), after the transaction's work and before its commit, and kills it there: the kills are points
    chosen by the test, never a race with the machine's speed.
    """
    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=300, seed=9)
    bundles = sorted(kiosk.export(max_events=40), key=lambda b: str(b.file))  # the order ingest takes them
    register(hq, kiosk)
    kiosk.close()
    url, archive = hq.store.url, str(hq.archive.root)
    args = ["--db", url, "--archive", archive, *[str(b.file) for b in bundles]]
    targets = [0, 1, 3, len(bundles) // 2, len(bundles) - 1]
    assert len(set(targets)) == len(targets) and targets == sorted(targets)
    for k in targets:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.hq.pause_ingest", str(k), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines = [proc.stdout.readline() for _ in range(k + 1)]
        assert lines[-1].strip() == "PAUSED", lines  # one line per bundle before it, then the pause
        proc.send_signal(signal.SIGKILL)
        proc.stdout.close()
        assert proc.wait() == -signal.SIGKILL
        _check_all_or_nothing(hq.store)
        held = {row[0] for row in hq.store.query("SELECT bundle_id FROM bundles")}
        assert held == {b.bundle_id for b in bundles[:k]}, "exactly the bundles before the killed one"
    command = [sys.executable, "-m", "kiosk", "hq", "ingest", *args]
    assert subprocess.run(command, stdout=subprocess.DEVNULL).returncode == 0
    _check_all_or_nothing(hq.store)
    assert hq.store.query("SELECT COUNT(*) FROM events")[0][0] == sum(b.count for b in bundles)


def _check_all_or_nothing(store):
    per_bundle = dict(store.query("SELECT bundle_id, COUNT(*) FROM events GROUP BY bundle_id"))
    declared = dict(store.query("SELECT bundle_id, accepted FROM bundles"))
    assert set(per_bundle) <= set(declared), "events of a bundle whose row was never committed"
    for bundle_id, accepted in declared.items():
        assert per_bundle.get(bundle_id, 0) == accepted, "a partial bundle"


@pytest.mark.slow
def test_bulk_ingest_workers_do_not_outlive_a_killed_ingest(hq, tmp_path):
    """`kiosk hq ingest` killed while its worker processes check files ahead: the workers exit too."""
    import time

    kiosk = make_kiosk(tmp_path / "k")
    kiosk.play(visitors=120, seed=4)
    bundles = sorted(kiosk.export(max_events=40), key=lambda b: str(b.file))
    register(hq, kiosk)
    kiosk.close()
    args = ["--db", hq.store.url, "--archive", str(hq.archive.root), "--workers", "1", *[str(b.file) for b in bundles]]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.hq.pause_ingest", "3", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = [proc.stdout.readline() for _ in range(4)]
    assert lines[-1].strip() == "PAUSED", lines
    children = _children(proc.pid)
    assert children, "the ingest had no worker process"
    proc.send_signal(signal.SIGKILL)
    proc.stdout.close()
    proc.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)  # polling a condition (a process's end), with a bound
    assert not [pid for pid in children if _alive(pid)], "worker processes outlived the killed ingest"


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

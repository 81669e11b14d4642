"""Benchmark of HQ ingest and reports (issue 6 targets; figures recorded in docs/sync.md).

    .venv/bin/python bench/sync.py [--events 1000000] [--bundle 5000] [--devices 20] [--no-postgres]

Builds ``events / bundle`` signed bundles from demo café sessions (the real bundle code, events with
the columns and payloads the logbook writes), then for SQLite and PostgreSQL (a throwaway server
on 127.0.0.1, fsync on): ingest them all; ingest the same files again (known bundle ids); ingest
the same events cut at other boundaries (every event goes through ``ON CONFLICT DO NOTHING`` and the
hash comparison); build the report. Prints one table; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.demo import DemoSession, synthetic_catalogue
from kiosk.hq.archive import Archive
from kiosk.hq.ingest import Ingestor, ingest_bundle
from kiosk.hq.registry import add_device
from kiosk.hq.report import build_report
from kiosk.hq.store import Store
from kiosk.log.events import SCHEMA_VERSION, canonical_json, sha256_hex
from kiosk.sync.bundle import build_bundle, event_line
from kiosk.sync.enrolment import check_enrolment, enrolment_document
from tests.support import pgtemp


def device_rows(device_id: str, count: int, seed: int) -> list[dict]:
    """``count`` event rows of one device (epoch 1), as the logbook would have written them."""
    rows: list[dict] = []
    clock = datetime(2026, 9, 1, 13, 0, tzinfo=UTC) + timedelta(days=seed)
    session_seed = seed * 1000
    while len(rows) < count:
        demo = DemoSession(visitors=300, seed=session_seed, catalogue=synthetic_catalogue())
        session_seed += 1
        for action in demo.actions():
            for event in action:
                if len(rows) == count:
                    return rows
                payload = canonical_json(event.payload)
                clock += timedelta(seconds=3)
                rows.append(
                    {
                        "event_id": str(uuid.UUID(int=demo.rng.getrandbits(128), version=4)),
                        "device_id": device_id,
                        "epoch": 1,
                        "seq": len(rows) + 1,
                        "session_id": event.session_id,
                        "station": event.station,
                        "visitor": event.visitor,
                        "type": event.type,
                        "schema_version": SCHEMA_VERSION,
                        "content_id": event.content_id,
                        "content_version": event.content_version,
                        "app_version": "0.1.0",
                        "payload": payload,
                        "payload_sha256": sha256_hex(payload),
                        "supersedes_event_id": None,
                        "occurred_at_utc": clock.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                        "tz_offset_min": -240,
                        "mono_ns": len(rows) * 10**9,
                        "boot_id": "bench",
                        "clock_suspect": 0,
                    }
                )
        clock += timedelta(days=7)
    return rows


def write_bundles(folder: Path, rows: list[dict], key: Ed25519PrivateKey, size: int) -> list[Path]:
    files, prev = [], None
    lines = [event_line(r) for r in rows]
    for start in range(0, len(rows), size):
        part = rows[start : start + size]
        data = build_bundle(
            lines[start : start + size],
            {
                "device_id": part[0]["device_id"],
                "epoch": 1,
                "from_seq": part[0]["seq"],
                "to_seq": part[-1]["seq"],
                "prev_bundle_sha256": prev,
                "created_at": "2026-10-20T12:00:00.000Z",
                "app_version": "0.1.0",
                "sqlite_version": "bench",
                "schema_versions": [SCHEMA_VERSION],
                "integrity_check": {"result": "ok", "at": "2026-10-20T12:00:00.000Z"},
            },
            key,
        )
        path = folder / f"{part[0]['device_id']}_1_{part[0]['seq']}-{part[-1]['seq']}.cnb"
        path.write_bytes(data)
        prev = sha256_hex(b"".join(lines[start : start + size]).decode("utf-8"))
        files.append(path)
    return files


def ingest_all(ingestor: Ingestor, files: list[Path]) -> tuple[float, int]:
    start, accepted = time.perf_counter(), 0
    for path in files:
        outcome = ingest_bundle(ingestor, path.read_bytes(), via="usb")
        accepted += int(outcome.receipt["accepted"]) if outcome.status == 201 else 0
    return time.perf_counter() - start, accepted


def run_backend(
    name: str, url: str, work: Path, devices: list, first: list[Path], recut: list[Path], events: int
) -> list[tuple]:
    store = Store.open(url)
    archive = Archive(work / f"archive-{name}")
    ingestor = Ingestor(store, archive, archive.hq_key())
    for enrolment in devices:
        add_device(store, enrolment, "2026-10-01T00:00:00Z")
    results = []
    seconds, accepted = ingest_all(ingestor, first)
    results.append((name, f"ingest {len(first)} bundles", seconds, accepted, events / seconds))
    seconds, accepted = ingest_all(ingestor, first)
    results.append((name, "re-ingest same files", seconds, accepted, events / seconds))
    seconds, accepted = ingest_all(ingestor, recut)
    results.append((name, f"re-ingest re-cut ({len(recut)} bundles)", seconds, accepted, events / seconds))
    start = time.perf_counter()
    report = build_report(store)
    seconds = time.perf_counter() - start
    results.append((name, f"report ({report.cafes} cafés)", seconds, report.participants, events / seconds))
    (total,) = store.query("SELECT COUNT(*) FROM events")[0]
    assert total == events, (total, events)
    store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--bundle", type=int, default=5000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        first_dir, recut_dir = work / "bundles", work / "recut"
        first_dir.mkdir()
        recut_dir.mkdir()
        start = time.perf_counter()
        devices, first, recut = [], [], []
        per_device = args.events // args.devices
        for index in range(args.devices):
            key = Ed25519PrivateKey.generate()
            device_id = str(uuid.UUID(int=index + 1, version=4))
            devices.append(
                check_enrolment(enrolment_document(device_id, key, f"bench-{index}", "2026-10-01T00:00:00Z"))
            )
            rows = device_rows(device_id, per_device, index)
            first += write_bundles(first_dir, rows, key, args.bundle)
            recut += write_bundles(recut_dir, rows, key, args.bundle - 1000)
        events = per_device * args.devices
        print(f"built {len(first)} + {len(recut)} bundles of {events} events in {time.perf_counter() - start:.1f} s")
        results = run_backend("sqlite", str(work / "hq.db"), work, devices, first, recut, events)
        if not args.no_postgres and pgtemp.find_bin_dir() is not None:
            server = pgtemp.start(fsync=True)
            try:
                results += run_backend(
                    "postgresql", server.create_database("bench"), work, devices, first, recut, events
                )
            finally:
                server.stop()
        print("\n| store | step | seconds | new rows / participants | events/s |\n|---|---|---|---|---|")
        for name, step, seconds, rows, rate in results:
            print(f"| {name} | {step} | {seconds:.1f} | {rows:,} | {rate:,.0f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark of HQ ingest and reports, against a plain ``executemany`` of the same rows in the same run.

    .venv/bin/python bench/sync.py [--events 200000 | --full] [--bundle 5000] [--devices 20]
                                   [--no-postgres] [--profile] [--json FILE]

Builds ``events / bundle`` signed bundles from demo café sessions (the real bundle code, events with the
columns and payloads the logbook writes; ``--full`` makes 1,000,000 events, the default 200,000 keeps a
run short on the 2-core machine). Then, for SQLite and PostgreSQL (a throwaway server on 127.0.0.1, fsync
on), in this order:

1. **reference**: the same rows, parsed beforehand (not timed), inserted into a fresh HQ database of the
   same schema with one plain ``executemany`` per bundle, one transaction per bundle — what the database
   costs by itself, with nothing checked;
2. **ingest** every bundle one by one, as HTTP uploads arrive (every check of a real ingest: zip,
   manifest, signature, each event's types, bounds, payload kinds and hash, archive file, conflicts,
   receipt);
3. ingest the **same files** again (replays answered from the stored receipt);
4. ingest the same events **re-cut** at other boundaries (every event goes through ``ON CONFLICT DO
   NOTHING`` and the comparison with the stored one);
5. build the **report**;
6. **bulk ingest** of every bundle into a fresh database, as ``kiosk hq ingest`` and ``kiosk hq rebuild``
   do (:mod:`kiosk.hq.bulk`: worker processes check the files ahead of the inserts; ``--workers``).

Prints events/s on the wall clock and per CPU second of this process (the figure that stays put on a
machine shared with other jobs; for the bulk ingest it leaves out the workers' CPU), and the ratio of
each ingest to the reference. ``--profile`` prints where the ingest's time goes (cProfile, first 20
bundles on SQLite). Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.demo import DemoSession, synthetic_catalogue  # noqa: E402
from kiosk.hq.archive import Archive  # noqa: E402
from kiosk.hq.bulk import default_workers, ingest_files  # noqa: E402
from kiosk.hq.ingest import Ingestor, Outcome  # noqa: E402
from kiosk.hq.registry import add_device  # noqa: E402
from kiosk.hq.report import build_report  # noqa: E402
from kiosk.hq.store import HQ_EVENT_COLUMNS, Store  # noqa: E402
from kiosk.log.events import SCHEMA_VERSION, canonical_json, sha256_hex  # noqa: E402
from kiosk.sync.bundle import build_bundle, event_line, read_bundle  # noqa: E402
from kiosk.sync.enrolment import Enrolment, check_enrolment, enrolment_document  # noqa: E402
from tests.support import pgtemp  # noqa: E402


@dataclass
class Step:
    store: str
    step: str
    wall_s: float
    cpu_s: float
    rows: int  # new rows (or participants for the report)
    events: int  # events the step handled

    @property
    def rate(self) -> float:
        return self.events / self.wall_s

    @property
    def cpu_rate(self) -> float:
        return self.events / max(self.cpu_s, 1e-9)


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


def timed(store: str, step: str, events: int, work: Callable[[], int]) -> Step:
    wall, cpu = time.perf_counter(), time.process_time()
    rows = work()
    return Step(store, step, time.perf_counter() - wall, time.process_time() - cpu, rows, events)


def ingest_all(ingestor: Ingestor, files: list[Path], workers: int = 0) -> int:
    """Ingest ``files`` in order (``workers`` > 0: the bulk path of ``kiosk hq ingest``); return new rows."""
    accepted = 0
    for _path, outcome in ingest_files(ingestor, files, via="usb", workers=workers):
        if not isinstance(outcome, Outcome):
            raise outcome
        accepted += 0 if outcome.replay else int(outcome.receipt["accepted"])
    return accepted


def reference(name: str, url: str, batches: list[list[tuple]]) -> int:
    """The plain ``executemany`` of the same rows into the same schema, one transaction per bundle."""
    store = Store.open(url)
    sql = store.sql(
        f"INSERT INTO events ({', '.join(HQ_EVENT_COLUMNS)}) VALUES ({','.join('?' * len(HQ_EVENT_COLUMNS))})"
    )
    inserted = 0
    for batch in batches:
        with store.transaction() as tx:
            tx.cursor.executemany(sql, batch)
        inserted += len(batch)
    store.close()
    return inserted


def fresh_ingestor(url: str, archive: Path, devices: list[Enrolment]) -> Ingestor:
    store = Store.open(url)
    ingestor = Ingestor(store, Archive(archive), Archive(archive).hq_key())
    for enrolment in devices:
        add_device(store, enrolment, "2026-10-01T00:00:00Z")
    return ingestor


def run_backend(
    name: str,
    urls: tuple[str, str, str],
    work: Path,
    devices: list[Enrolment],
    files: tuple[list[Path], list[Path]],
    workers: int,
) -> list[Step]:
    first, recut = files
    batches = []
    for path in first:  # parsed outside the timing: the reference measures the database alone
        bundle = read_bundle(path.read_bytes())
        batches.append([row + (bundle.bundle_id, "2026-10-20T12:00:00.000Z") for row in bundle.rows])
    events = sum(len(b) for b in batches)
    steps = [timed(name, "reference: plain executemany", events, lambda: reference(name, urls[0], batches))]
    ingestor = fresh_ingestor(urls[1], work / f"archive-{name}", devices)
    store = ingestor.store
    steps.append(timed(name, f"ingest {len(first)} bundles, one by one", events, lambda: ingest_all(ingestor, first)))
    steps.append(timed(name, "re-ingest same files", events, lambda: ingest_all(ingestor, first)))
    steps.append(timed(name, f"re-ingest re-cut ({len(recut)} bundles)", events, lambda: ingest_all(ingestor, recut)))
    report = [0]

    def build() -> int:
        built = build_report(store)
        report[0] = built.cafes
        return built.participants

    steps.append(timed(name, "report", events, build))
    steps[-1].step = f"report ({report[0]} cafés)"
    (total,) = store.query("SELECT COUNT(*) FROM events")[0]
    assert total == events, (total, events)
    store.close()
    bulk = fresh_ingestor(urls[2], work / f"archive-{name}-bulk", devices)
    label = f"bulk ingest ({workers} worker process{'es' if workers != 1 else ''})"
    steps.append(timed(name, label, events, lambda: ingest_all(bulk, first, workers)))
    bulk.store.close()
    return steps


def profile_ingest(work: Path, devices: list[Enrolment], files: list[Path]) -> None:
    """Where one ingest's time goes (cProfile, SQLite, the first 20 bundles), printed by own time."""
    store = Store.open(work / "profile.db")
    archive = Archive(work / "archive-profile")
    ingestor = Ingestor(store, archive, archive.hq_key())
    for enrolment in devices:
        add_device(store, enrolment, "2026-10-01T00:00:00Z")
    profiler = cProfile.Profile()
    profiler.runcall(ingest_all, ingestor, files[:20], 0)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    store.close()


def make_bundles(args: argparse.Namespace, work: Path) -> tuple[list[Enrolment], list[Path], list[Path]]:
    first_dir, recut_dir = work / "bundles", work / "recut"
    first_dir.mkdir()
    recut_dir.mkdir()
    devices, first, recut = [], [], []
    per_device = args.events // args.devices
    for index in range(args.devices):
        key = Ed25519PrivateKey.generate()
        device_id = str(uuid.UUID(int=index + 1, version=4))
        devices.append(check_enrolment(enrolment_document(device_id, key, f"bench-{index}", "2026-10-01T00:00:00Z")))
        rows = device_rows(device_id, per_device, index)
        first += write_bundles(first_dir, rows, key, args.bundle)
        recut += write_bundles(recut_dir, rows, key, max(1, args.bundle - 1000))
    return devices, first, recut


def print_table(steps: list[Step]) -> None:
    print("\n| store | step | wall s | events/s (wall) | CPU s | events/CPU-s | × reference (wall / CPU) |")
    print("|---|---|---|---|---|---|---|")
    references = {s.store: s for s in steps if s.step.startswith("reference")}
    for s in steps:
        ref = references[s.store]
        ratio = (
            ""
            if s is ref or s.step.startswith("report")
            else f"{s.rate / ref.rate:.2f} / {s.cpu_rate / ref.cpu_rate:.2f}"
        )
        cpu_rate = f"{s.cpu_rate:,.0f}" if s.cpu_s >= 0.05 else "—"  # the database server's CPU is not counted
        print(f"| {s.store} | {s.step} | {s.wall_s:.1f} | {s.rate:,.0f} | {s.cpu_s:.1f} | {cpu_rate} | {ratio} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 events (the figure in the README)")
    parser.add_argument("--bundle", type=int, default=5000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of an ingest")
    parser.add_argument("--workers", type=int, default=default_workers(), help="worker processes of the bulk ingest")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.full:
        args.events = 1_000_000
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        start = time.perf_counter()
        devices, first, recut = make_bundles(args, work)
        seconds = time.perf_counter() - start
        print(f"built {len(first)} + {len(recut)} bundles of {args.events:,} events in {seconds:.1f} s")
        if args.profile:
            profile_ingest(work, devices, first)
        sqlite_urls = (str(work / "ref.db"), str(work / "hq.db"), str(work / "bulk.db"))
        steps = run_backend("sqlite", sqlite_urls, work, devices, (first, recut), args.workers)
        if not args.no_postgres and pgtemp.find_bin_dir() is not None:
            server = pgtemp.start(fsync=True)
            try:
                urls = (
                    server.create_database("reference"),
                    server.create_database("bench"),
                    server.create_database("bulk"),
                )
                steps += run_backend("postgresql", urls, work, devices, (first, recut), args.workers)
            finally:
                server.stop()
        print_table(steps)
        if args.json:
            args.json.write_text(json.dumps([asdict(s) for s in steps], indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Test helpers: simulated kiosks (real logbook, demo sessions, real enrolment) and an HQ in a thread."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.demo import DemoSession, DemoTruth, synthetic_catalogue
from kiosk.hq.ingest import Ingestor
from kiosk.hq.registry import add_device
from kiosk.log.clock import FakeClock
from kiosk.log.logbook import Logbook
from kiosk.paths import Paths
from kiosk.sync.enrolment import Enrolment, device_key_path, enrol
from kiosk.sync.export import BuiltBundle, export_pending
from kiosk.sync.signing import load_private_key

NOW = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)


@dataclass
class FakeKiosk:
    paths: Paths
    clock: FakeClock
    enrolment: Enrolment
    book: Logbook | None = None
    truths: list[DemoTruth] = field(default_factory=list)

    def open(self) -> Logbook:
        if self.book is None:
            self.book = Logbook.open(
                self.paths.db_file, self.paths.identity_file, quarantine_dir=self.paths.quarantine_dir, clock=self.clock
            )
            # Test speed only: the durability of the log is T1's business, not the sync tests'.
            self.book.conn.execute("PRAGMA synchronous=OFF")
        return self.book

    def play(self, visitors: int, seed: int) -> DemoTruth:
        book = self.open()
        demo = DemoSession(visitors=visitors, seed=seed, catalogue=synthetic_catalogue())
        for events in demo.actions():
            book.append(events)
            self.clock.advance(7)
        self.truths.append(demo.truth)
        return demo.truth

    def export(self, max_events: int = 5000) -> list[BuiltBundle]:
        book = self.open()
        return export_pending(
            book.conn,
            load_private_key(device_key_path(self.paths)),
            book.device_id,
            self.paths.exports_dir / "bundles",
            now=NOW,
            app_version="test",
            max_events=max_events,
        )

    def close(self) -> None:
        if self.book is not None:
            self.book.close()
            self.book = None


def make_kiosk(folder: Path, label: str = "k", start: datetime | None = None) -> FakeKiosk:
    paths = Paths(folder, folder / "resources").ensure()
    paths.keys_dir.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(start or datetime(2026, 10, 15, 13, 0, tzinfo=UTC))
    kiosk = FakeKiosk(paths, clock, enrol(paths, label=label, now=NOW))
    kiosk.open()
    return kiosk


def register(ingestor: Ingestor, kiosk: FakeKiosk) -> None:
    add_device(ingestor.store, kiosk.enrolment, "2026-10-01T00:00:00Z")
    ingestor.archive.save_device(kiosk.enrolment.document)


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1 in a daemon thread."""

    def __init__(self, app, port: int = 0) -> None:
        import socket

        import uvicorn

        if port == 0:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
        self.port = port
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

"""T1 (research/sync-reliability.md §4): a writer killed with SIGKILL at random moments loses nothing.

A ``kiosk demo-session`` process writes events and prints each id after its commit; it is killed at a
random moment (mostly while it writes, a fifth of the time while it starts), at least 200 times in all (two
databases in parallel, 100 kills each). After every kill:
every printed id is in the database, no id is duplicated, sequence numbers have no gap, and
``PRAGMA integrity_check`` is ok.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

KILLS_PER_DB = 100


def _kill_once(db: Path, seed: int, delay: float, *, during_start: bool) -> list[str]:
    """Start a writer; kill it ``delay`` s after its first commit (or after its start, if ``during_start``)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "demo-session",
            "--visitors",
            "100000",
            "--seed",
            str(seed),
            "--db",
            str(db),
            "--synthetic",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    printed: list[str] = []
    first = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            printed.append(line.strip())
            first.set()

    reader = threading.Thread(target=read)
    reader.start()
    if not during_start:
        first.wait(timeout=30)  # independent of how long the interpreter takes to start on a busy machine
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    code = proc.wait()
    reader.join()
    assert code == -signal.SIGKILL, f"the writer ended by itself with code {code} before it was killed"
    return [line for line in printed if line]


def _check(db: Path, printed: list[str]) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
            assert not printed, "ids were printed but the events table was never committed"
            return  # killed while the very first migration ran: nothing was acknowledged
        ids = [row[0] for row in conn.execute("SELECT event_id FROM events")]
        assert len(ids) == len(set(ids)), "an event id is duplicated"
        missing = set(printed) - set(ids)
        assert not missing, f"{len(missing)} committed event(s) lost"
        for epoch, low, high, count in conn.execute(
            "SELECT epoch, MIN(seq), MAX(seq), COUNT(*) FROM events GROUP BY device_id, epoch"
        ):
            assert (low, high) == (1, count), f"gap in seq of epoch {epoch}: {low}..{high} for {count} events"
    finally:
        conn.close()


def _campaign(folder: Path, seed: int) -> int:
    rng = random.Random(seed)
    db = folder / "participation.db"
    printed_so_far: list[str] = []
    for run in range(KILLS_PER_DB):
        during_start = rng.random() < 0.2  # a fifth of the kills land while the process starts or migrates
        delay = rng.uniform(0.0, 0.7) if during_start else rng.uniform(0.0, 0.25)  # a writer commits every few ms
        printed_so_far += _kill_once(db, seed * 1000 + run, delay, during_start=during_start)
        if db.exists():
            _check(db, printed_so_far)
    return len(printed_so_far)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path):
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        committed = list(pool.map(_campaign, folders, [1, 2]))
    assert sum(committed) > 1000, "the writers barely wrote: the kills were not at interesting moments"

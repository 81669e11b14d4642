"""``kiosk demo-session``: play a realistic café session into a participation database."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import UsageError

if TYPE_CHECKING:  # imported when the command runs: `kiosk --help` stays fast
    from kiosk.demo import DemoQuiz
    from kiosk.log.clock import Clock


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo-session",
        help="play a realistic café session through the real logging code",
        description="Plays a café session of N visitors (deterministic for a seed) and prints each event "
        "id after its commit, one per line.",
    )
    parser.add_argument("--visitors", type=int, default=30, help="number of visitors (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--db", type=Path, required=True, help="participation database to write")
    parser.add_argument(
        "--device-file", type=Path, help="device identity file (default: device.json beside the database)"
    )
    parser.add_argument("--start", help="simulated start time, ISO 8601 (default: the real clock)")
    parser.add_argument(
        "--synthetic", action="store_true", help="use a small synthetic quiz catalogue instead of the bundled quizzes"
    )
    parser.set_defaults(func=run)


def bundled_catalogue() -> list[DemoQuiz]:
    """The bundled quizzes as a demo catalogue (the synthetic one if none is valid)."""
    from kiosk.content.loader import load_quizzes
    from kiosk.demo import catalogue_from_quizzes, synthetic_catalogue

    return catalogue_from_quizzes(load_quizzes().quizzes) or synthetic_catalogue()


def run(args: argparse.Namespace) -> int:
    from kiosk.demo import DemoSession, synthetic_catalogue
    from kiosk.log.clock import FakeClock, SystemClock
    from kiosk.log.logbook import Logbook

    if args.visitors < 0:
        raise UsageError("errors.usage.visitors")
    clock: Clock = SystemClock()
    fake: FakeClock | None = None
    if args.start:
        try:
            start = datetime.fromisoformat(args.start)
        except ValueError as exc:
            raise UsageError("errors.usage.start_time", value=repr(args.start)) from exc
        fake = FakeClock(start if start.tzinfo else start.replace(tzinfo=UTC))
        clock = fake
    catalogue = synthetic_catalogue() if args.synthetic else bundled_catalogue()
    device_file = args.device_file or args.db.parent / "device.json"
    book = Logbook.open(args.db, device_file, clock=clock)
    session = DemoSession(visitors=args.visitors, seed=args.seed, catalogue=catalogue)
    out = sys.stdout
    try:
        for events in session.actions():
            for written in book.append(events):
                out.write(written.event_id + "\n")
            out.flush()
            if fake is not None:
                fake.advance(session.rng.uniform(2.0, 40.0))
    finally:
        book.close()
    return 0

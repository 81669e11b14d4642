"""``kiosk db``: look after the participation database (check, info, backup)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.paths import Paths

if TYPE_CHECKING:  # imported when a command runs: `kiosk --help` stays fast
    from kiosk.log.logbook import Logbook


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="check, describe or back up the participation database")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="run the full integrity check")
    check.set_defaults(func=check_db)
    info = sub.add_parser("info", help="device id, epoch and event counts")
    info.set_defaults(func=info_db)
    backup = sub.add_parser("backup", help="online backup to a file")
    backup.add_argument("target", type=Path)
    backup.set_defaults(func=backup_db)


def _open(args: argparse.Namespace) -> Logbook:
    from kiosk.log.logbook import Logbook

    paths = Paths.discover(args.home).ensure()
    book = Logbook.open(paths.db_file, paths.identity_file, quarantine_dir=paths.quarantine_dir)
    for notice in book.notices:
        print(notice)
    return book


def check_db(args: argparse.Namespace) -> int:
    book = _open(args)
    try:
        verdict = book.integrity_check()
    finally:
        book.close()
    print(f"integrity_check: {verdict}")
    return 0 if verdict == "ok" else 1


def info_db(args: argparse.Namespace) -> int:
    book = _open(args)
    try:
        (count,) = book.conn.execute("SELECT COUNT(*) FROM events").fetchone()
        (top,) = book.conn.execute("SELECT MAX(seq) FROM events WHERE epoch = ?", (book.epoch,)).fetchone()
        print(
            f"database: {book.path}\ndevice_id: {book.device_id}\nepoch: {book.epoch}\n"
            f"events: {count}\nlast seq in this epoch: {top}"
        )
    finally:
        book.close()
    return 0


def backup_db(args: argparse.Namespace) -> int:
    book = _open(args)
    try:
        book.backup(args.target)
    finally:
        book.close()
    print(f"backup written to {args.target}")
    return 0

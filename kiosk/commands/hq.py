"""``kiosk hq …``: the HQ side — serve, key, device add|revoke, ingest, rebuild, report, dashboard."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.errors import Message
from kiosk.i18n import system_language

DEFAULT_DB = "hq.db"
DEFAULT_ARCHIVE = "hq-archive"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("hq", help="HQ: receive bundles, manage devices, reports")
    sub = parser.add_subparsers(dest="hq_action", metavar="ACTION", required=True)

    def add(name: str, help_text: str, func: Any, archive: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", default=DEFAULT_DB, help="sqlite path or postgresql://… (default hq.db)")
        if archive:
            p.add_argument("--archive", type=Path, default=Path(DEFAULT_ARCHIVE), help="raw bundle archive folder")
        p.set_defaults(func=func)
        return p

    serve = add("serve", "run the HTTP service", run_serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    key = sub.add_parser("key", help="print HQ's public key and fingerprint (give hq.pub to `kiosk enrol --hq-key`)")
    key.add_argument("--archive", type=Path, default=Path(DEFAULT_ARCHIVE))
    key.add_argument("--out", type=Path, help="also write the public key to this file (hq.pub)")
    key.set_defaults(func=run_key)
    device = sub.add_parser("device", help="register or revoke a kiosk")
    dsub = device.add_subparsers(dest="device_action", metavar="ACTION", required=True)
    for name, func, arg, text in (
        ("add", run_device_add, "enrolment", "enrolment.json from `kiosk enrol`"),
        ("revoke", run_device_revoke, "device_id", "the device id to revoke"),
    ):
        p = dsub.add_parser(name, help=f"{name} a device")
        p.add_argument(arg, help=text)
        p.add_argument("--db", default=DEFAULT_DB)
        p.add_argument("--archive", type=Path, default=Path(DEFAULT_ARCHIVE))
        p.set_defaults(func=func)
    ingest = add("ingest", "ingest bundle files (from a USB stick), with the same checks", run_ingest)
    ingest.add_argument("paths", nargs="+", type=Path, help=".cnb files or folders holding them")
    rebuild = add("rebuild", "rebuild the database from the archive", run_rebuild)
    for p in (ingest, rebuild):
        p.add_argument(
            "--workers",
            type=int,
            help="processes that check files ahead of the inserts (default: spare cores; 0: none)",
        )
    for name, func, text in (
        ("report", run_report, "print the reach report (counts < 5 hidden)"),
        ("dashboard", run_dashboard, "open the HQ dashboard window"),
    ):
        p = add(name, text, func, archive=False)
        p.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
        if name == "report":
            p.add_argument("--csv", type=Path, help="also write one CSV per table in this folder")


def _say(message: Message) -> None:
    """Print one line for the operator, in their language (the command line's locale)."""
    print(message.text(system_language()), flush=True)


def _ingestor(args: argparse.Namespace) -> Any:
    from kiosk.hq.archive import Archive
    from kiosk.hq.ingest import Ingestor
    from kiosk.hq.store import Store

    archive = Archive(args.archive)
    return Ingestor(Store.open(args.db), archive, archive.hq_key())


def run_serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from kiosk.hq.server import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(_ingestor(args)), host=args.host, port=args.port, log_level="info")
    return 0


def run_key(args: argparse.Namespace) -> int:
    from kiosk.hq.archive import Archive
    from kiosk.log.identity import atomic_write
    from kiosk.sync.signing import key_fingerprint, public_key_text

    public = public_key_text(Archive(args.archive).hq_key())
    if args.out:
        atomic_write(args.out, (public + "\n").encode("ascii"))
    _say(Message("hq.key", {"public_key": public, "fingerprint": key_fingerprint(public)}))
    return 0


def run_device_add(args: argparse.Namespace) -> int:
    from kiosk.hq.ingest import utc_stamp
    from kiosk.hq.registry import add_device
    from kiosk.sync.enrolment import read_enrolment

    enrolment = read_enrolment(Path(args.enrolment))
    ingestor = _ingestor(args)
    add_device(ingestor.store, enrolment, utc_stamp())
    ingestor.archive.save_device(enrolment.document)
    _say(Message("hq.device_added", {"device": enrolment.device_id, "label": enrolment.label}))
    return 0


def run_device_revoke(args: argparse.Namespace) -> int:
    from kiosk.hq.ingest import utc_stamp
    from kiosk.hq.registry import revoke_device

    ingestor = _ingestor(args)
    stamp = utc_stamp()
    revoke_device(ingestor.store, args.device_id, stamp)
    ingestor.archive.mark_revoked(args.device_id, stamp)
    _say(Message("hq.device_revoked", {"device": args.device_id}))
    return 0


def _bundle_files(paths: list[Path]) -> list[tuple[Path, bool]]:
    """(path, exists) for every .cnb file named or found in a named folder; a missing path or an empty
    folder is listed with ``False`` so that it gets its own line and fails the run."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_file():
            found.append((path, True))
        elif path.is_dir():
            inside = sorted(path.rglob("*.cnb"))
            found.extend((f, True) for f in inside if f.is_file())
            if not inside:
                found.append((path, False))
        else:
            found.append((path, False))
    return found


def run_ingest(args: argparse.Namespace) -> int:
    """Each file is accepted or refused on its own line; exit 1 if any was refused or missing."""
    from kiosk.errors import SyncError
    from kiosk.hq.bulk import ingest_files

    ingestor = _ingestor(args)
    found = _bundle_files(list(args.paths))
    results = ingest_files(ingestor, [path for path, exists in found if exists], via="usb", workers=args.workers)
    failures = 0
    for path, exists in found:  # in the order given, each on its own line
        if not exists:
            failures += 1
            missing = Message("hq.ingest.missing", {"file": str(path)})
            _say(Message("hq.ingest.empty", {"file": str(path)}) if path.is_dir() else missing)
            continue
        _path, outcome = next(results)
        if isinstance(outcome, SyncError):
            failures += 1
            _say(Message("hq.ingest.refused", {"file": path.name, "code": outcome.code, "reason": outcome}))
        elif isinstance(outcome, OSError):
            failures += 1
            _say(Message("hq.ingest.unreadable", {"file": path.name, "reason": outcome.strerror or str(outcome)}))
        elif outcome.replay:
            _say(Message("hq.ingest.replay", {"file": path.name}))
        else:
            new, held = outcome.receipt["accepted"], outcome.receipt["duplicates"]
            _say(Message("hq.ingest.accepted", {"file": path.name, "new": new, "duplicates": held}))
    return 1 if failures else 0


def run_rebuild(args: argparse.Namespace) -> int:
    from kiosk.hq.rebuild import rebuild

    result = rebuild(_ingestor(args), workers=args.workers)
    for path, problem in result.failed:
        _say(Message("hq.rebuild.skipped", {"file": str(path), "reason": problem}))
    _say(
        Message(
            "hq.rebuild.done",
            {
                "devices": result.devices,
                "bundles": result.bundles,
                "events": result.events,
                "failed": len(result.failed),
            },
        )
    )
    return 1 if result.failed else 0


def run_report(args: argparse.Namespace) -> int:
    from kiosk.hq.report import build_report, format_text, write_csv
    from kiosk.hq.store import Store

    report = build_report(Store.open(args.db), args.date_from, args.date_to)
    print(format_text(report))
    if args.csv:
        for path in write_csv(report, args.csv):
            _say(Message("hq.written", {"file": str(path)}))
    return 0


def run_dashboard(args: argparse.Namespace) -> int:
    from kiosk.hq.report import build_report
    from kiosk.hq.store import Store
    from kiosk.ui.hq.dashboard import show  # the HQ window: a declared exception of the layering contracts

    return int(show(build_report(Store.open(args.db), args.date_from, args.date_to), system_language()))

"""``kiosk hq …``: the HQ side — serve, device add|revoke, ingest, rebuild, report, dashboard."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

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
    add("rebuild", "rebuild the database from the archive", run_rebuild)
    for name, func, text in (
        ("report", run_report, "print the reach report (counts < 5 hidden)"),
        ("dashboard", run_dashboard, "open the HQ dashboard window"),
    ):
        p = add(name, text, func, archive=False)
        p.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
        if name == "report":
            p.add_argument("--csv", type=Path, help="also write one CSV per table in this folder")


def _ingestor(args: argparse.Namespace) -> Any:
    from kiosk.hq.archive import Archive
    from kiosk.hq.ingest import Ingestor
    from kiosk.hq.store import Store

    archive = Archive(args.archive)
    return Ingestor(Store.open(args.db), archive, archive.hq_key())


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.hq.server import create_app

    uvicorn.run(create_app(_ingestor(args)), host=args.host, port=args.port, log_level="info")
    return 0


def run_device_add(args: argparse.Namespace) -> int:
    from kiosk.hq.ingest import utc_stamp
    from kiosk.hq.registry import add_device
    from kiosk.sync.enrolment import read_enrolment

    ingestor = _ingestor(args)
    enrolment = read_enrolment(Path(args.enrolment))
    add_device(ingestor.store, enrolment, utc_stamp())
    ingestor.archive.save_device(enrolment.document)
    print(f"registered {enrolment.device_id} ({enrolment.label})")
    return 0


def run_device_revoke(args: argparse.Namespace) -> int:
    from kiosk.hq.ingest import utc_stamp
    from kiosk.hq.registry import revoke_device

    ingestor = _ingestor(args)
    stamp = utc_stamp()
    revoke_device(ingestor.store, args.device_id, stamp)
    ingestor.archive.mark_revoked(args.device_id, stamp)
    print(f"revoked {args.device_id}; what it sent before stays")
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from kiosk.errors import SyncError
    from kiosk.hq.ingest import ingest_bundle

    ingestor = _ingestor(args)
    files = sorted(f for p in args.paths for f in ([p] if p.is_file() else p.rglob("*.cnb")))
    failures = 0
    for path in files:
        try:
            outcome = ingest_bundle(ingestor, path.read_bytes(), via="usb")
            print(
                f"{path.name}: {outcome.status} accepted {outcome.receipt['accepted']}, "
                f"duplicates {outcome.receipt['duplicates']}",
                flush=True,
            )
        except SyncError as exc:
            failures += 1
            print(f"{path.name}: rejected ({exc.code}): {exc}", flush=True)
    return 1 if failures else 0


def run_rebuild(args: argparse.Namespace) -> int:
    from kiosk.hq.rebuild import rebuild

    result = rebuild(_ingestor(args))
    print(f"devices {result.devices}, bundles {result.bundles}, new events {result.events}, failed {result.failed}")
    return 1 if result.failed else 0


def run_report(args: argparse.Namespace) -> int:
    from kiosk.hq.report import build_report, format_text, write_csv
    from kiosk.hq.store import Store

    report = build_report(Store.open(args.db), args.date_from, args.date_to)
    print(format_text(report))
    if args.csv:
        for path in write_csv(report, args.csv):
            print(f"written {path}")
    return 0


def run_dashboard(args: argparse.Namespace) -> int:
    from kiosk.hq.report import build_report
    from kiosk.hq.store import Store
    from kiosk.ui.hq.dashboard import show  # the HQ window: a declared exception of the layering contracts

    return int(show(build_report(Store.open(args.db), args.date_from, args.date_to)))

"""``kiosk export --to DIR``: bundles for HQ on a USB stick, verified before it is safe to remove."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write the bundles HQ has not acknowledged to a folder (USB)")
    parser.add_argument("--to", type=Path, required=True, help="target folder, e.g. the USB stick")
    parser.add_argument(
        "--all",
        dest="everything",
        action="store_true",
        help="also copy bundles HQ acknowledged (HQ keeps each event once): after HQ lost data",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import Paths
    from kiosk.sync.service import export_to

    copies = export_to(Paths.discover(args.home).ensure(), args.to, everything=args.everything)
    for copy in copies:
        print(copy)
    from kiosk.errors import Message
    from kiosk.i18n import system_language

    print(Message("sync.exported", {"count": len(copies), "folder": str(args.to)}).text(system_language()))
    return 0

"""``kiosk pin set``: choose the facilitator PIN (stored as a salted scrypt hash)."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.errors import PinError
from kiosk.paths import Paths
from kiosk.pin import PinStore, validate_pin


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("pin", help="set the facilitator PIN")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_parser = sub.add_parser("set", help="choose a new PIN (4 to 8 digits), asked twice")
    set_parser.add_argument(
        "--stdin", action="store_true", help="read the PIN from the first line of standard input (scripts)"
    )
    set_parser.set_defaults(func=set_pin)
    status = sub.add_parser("status", help="say whether a PIN is set")
    status.set_defaults(func=pin_status)


def set_pin(args: argparse.Namespace) -> int:
    paths = Paths.discover(args.home).ensure()
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("Nouveau NIP / New PIN (4-8 digits): ")
        if getpass.getpass("Encore / Again: ") != pin:
            raise PinError("errors.pin.differ")
    PinStore(paths.pin_file).set(validate_pin(pin))
    print(f"PIN stored (salted scrypt hash) in {paths.pin_file}")
    return 0


def pin_status(args: argparse.Namespace) -> int:
    paths = Paths.discover(args.home)
    print("PIN is set" if PinStore(paths.pin_file).is_set() else "no PIN set: run `kiosk pin set`")
    return 0

"""``kiosk run`` (the default command): start the kiosk app. Qt is imported only here, lazily."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="start the kiosk app (the default)")
    parser.add_argument("--kiosk", action="store_true", help="full screen, locked; only the PIN exits")
    parser.add_argument("--screen", type=int, help="screen number for kiosk mode (default: setting)")
    parser.add_argument("--lang", choices=("fr", "en"), help="starting language (default: setting)")
    parser.add_argument("--first-frame-marker", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
    supervise = subparsers.add_parser(
        "supervise", help="run the kiosk and restart it after a crash (backs off after 3 quick failures)"
    )
    supervise.add_argument("app_args", nargs=argparse.REMAINDER, help="arguments for `kiosk run`")
    supervise.set_defaults(func=run_supervised)


def run(args: argparse.Namespace) -> int:
    from kiosk.app import main as app_main

    return app_main(args)


def run_supervised(args: argparse.Namespace) -> int:
    from kiosk.supervisor import supervise

    return supervise(args.home, list(args.app_args))

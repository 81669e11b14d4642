"""The ``kiosk`` command line: ``kiosk`` alone starts the app, sub-commands do the rest.

Each sub-command lives in a module of :mod:`kiosk.commands` that exposes
``register(subparsers) -> None``; the module adds its parser(s) and sets ``func`` to a callable
``func(args) -> int``. Adding a command is one visible line in :data:`COMMANDS` (imported, never looked up
by name, so that the import-linter contracts and PyInstaller both see it).
Expected failures are :class:`kiosk.errors.KioskError` and print as one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from kiosk.about import VersionAction, is_hq_side
from kiosk.commands import content, db, demo, dome, enrol, export, hq, pin, run, selftest, settings, sync, vr
from kiosk.errors import KioskError
from kiosk.i18n import system_language

COMMANDS: tuple[ModuleType, ...] = (
    run,
    pin,
    settings,
    demo,
    db,
    dome,
    vr,
    content,
    enrol,
    export,
    sync,
    selftest,
    hq,
)


def build_parser() -> argparse.ArgumentParser:
    """Return the full parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Café numérique kiosk. Without a command, starts the kiosk app.",
    )
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument("--home", help="data folder (overrides KIOSK_HOME and the platform default)")
    parser.add_argument("--selftest", action="store_true", help="check this installation and exit (= kiosk selftest)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def print_error(error: KioskError, language: str | None = None) -> None:
    """The one way the command line shows an expected error: one line on stderr, in the operator's language."""
    language = language or system_language()
    label = "erreur" if language == "fr" else "error"
    print(f"kiosk: {label}: {error.text(language)}", file=sys.stderr, flush=True)


def _selftest_alias(argv: list[str]) -> list[str]:
    """``kiosk [--home DIR] --selftest …`` is ``kiosk [--home DIR] selftest …``."""
    at = 2 if argv[:1] == ["--home"] else 0
    if argv[at : at + 1] == ["--selftest"]:
        return [*argv[:at], "selftest", *argv[at + 1 :]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk`` and ``python -m kiosk``; returns the process exit code."""
    argv = _selftest_alias(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version", "--home"):
        argv = ["run", *argv]
    elif argv[0] == "--home" and (len(argv) < 3 or argv[2].startswith("-")):
        argv = [*argv[:2], "run", *argv[2:]]
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KioskError as exc:
        print_error(exc)
        return exc.exit_code
    except ModuleNotFoundError as exc:
        if not is_hq_side(exc.name):
            raise
        print_error(KioskError("errors.install.hq_missing", module=exc.name))  # the kiosk bundle leaves HQ out
        return 1
    except KeyboardInterrupt:
        return 130

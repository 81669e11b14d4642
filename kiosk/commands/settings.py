"""``kiosk settings``: show, document and check the settings file."""

from __future__ import annotations

import argparse

from kiosk.errors import UsageError
from kiosk.paths import Paths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("settings", help="show or create the settings file (kiosk.toml)")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="print every setting, its effective value and its help")
    show.set_defaults(func=show_settings)
    init = sub.add_parser("init", help="write a commented kiosk.toml with every default")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(func=init_settings)


def show_settings(args: argparse.Namespace) -> int:
    from kiosk.settings import load_settings, setting_help  # pydantic: only when the command runs

    paths = Paths.discover(args.home)
    settings = load_settings(paths.settings_file)
    print(f"# {paths.settings_file}")
    for name, _default, help_text in setting_help():
        print(f"{name} = {getattr(settings, name)!r}    # {help_text}")
    return 0


def init_settings(args: argparse.Namespace) -> int:
    from kiosk.settings import settings_template

    paths = Paths.discover(args.home)
    target = paths.settings_file
    if target.exists() and not args.force:
        raise UsageError("errors.settings.exists", file=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(settings_template(), encoding="utf-8")
    print(f"wrote {target}")
    return 0

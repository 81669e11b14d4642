"""``kiosk selftest`` (also ``kiosk --selftest``): can this installation run the kiosk? Exit 0 if so.

Runs the pure checks of :mod:`kiosk.selftest`, then renders the home screen and one quiz question offscreen
(:mod:`kiosk.ui.selftest_render`, started lazily: a declared exception of the layering contracts). Nothing is
written in the data folder or in the app's own folder; ``--screenshots DIR`` saves the two renders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.about import read_build_info
from kiosk.errors import Message
from kiosk.i18n import system_language
from kiosk.paths import Paths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "selftest",
        help="check this installation (imports, content, database, dome, video, screens, sound); 0 = ready",
        description="Checks that this installation can run the kiosk, without writing anything in its data "
        "folder. Prints one line per check; exits 0 when nothing failed, 1 naming what failed.",
    )
    parser.add_argument("--lang", choices=("fr", "en"), help="language of the report (default: the system's)")
    parser.add_argument("--screenshots", type=Path, metavar="DIR", help="also save the rendered screens in DIR")
    parser.set_defaults(func=run)


def screens_check(screenshots: Path | None) -> Message:
    """Render the home screen and one quiz question offscreen, as the app builds them."""
    from kiosk.app import build_context
    from kiosk.log.clock import SystemClock
    from kiosk.settings import Settings
    from kiosk.ui.selftest_render import offscreen_app, render_screens, save

    app, created = offscreen_app()
    try:
        rendered = render_screens(lambda paths: build_context(paths, Settings(), SystemClock()))
        if screenshots is not None:
            save(rendered, screenshots)
    finally:
        if created:
            app.shutdown()  # the PySide6 + pyqtgraph crash at interpreter exit (README, known pitfalls)
    return Message("selftest.screens_ok", {"quiz": rendered.quiz_id, "fonts": rendered.fonts})


def run(args: argparse.Namespace) -> int:
    from kiosk.selftest import Check, pure_checks, run_checks

    language = args.lang or system_language()
    build = read_build_info()
    header = Message("selftest.header_bundle", {"version": __version__, "date": build.built_at}) if build else None
    print((header or Message("selftest.header_source", {"version": __version__})).text(language), flush=True)
    paths = Paths.discover(args.home)  # read only: never .ensure() here
    checks = [*pure_checks(paths), Check(Message("selftest.check.screens"), lambda: screens_check(args.screenshots))]
    return run_checks(checks, language, sys.stdout)

"""Composition root: read settings, open the log, load content, build the window, run Qt.

Everything is built here and passed down (no singletons). Order matters for a kiosk: anything that
can refuse to start (an invalid setting, kiosk mode without a PIN, a damaged identity file) does so
before a window appears, with a one-line message naming the problem.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.careers import CareerCatalogue, load_careers
from kiosk.content.loader import load_quizzes
from kiosk.errors import ContentError, Message, PinError
from kiosk.figures.session import current_session
from kiosk.flow import VisitorFlow
from kiosk.i18n import Translator
from kiosk.log.clock import Clock, SystemClock
from kiosk.log.logbook import Logbook, connect
from kiosk.log.writer import BackgroundWriter
from kiosk.paths import Paths
from kiosk.pin import PinGate, PinStore
from kiosk.settings import Settings, load_settings

if TYPE_CHECKING:
    from kiosk.ui.context import KioskContext

log = logging.getLogger("kiosk")


def effective_settings(args: argparse.Namespace, paths: Paths) -> Settings:
    """Settings from the file, with the command-line switches on top."""
    settings = load_settings(paths.settings_file)
    overrides = {}
    if getattr(args, "kiosk", False):
        overrides["kiosk_mode"] = True
    if getattr(args, "screen", None) is not None:
        overrides["screen"] = args.screen
    if getattr(args, "lang", None):
        overrides["language"] = args.lang
    return settings.model_copy(update=overrides) if overrides else settings


def build_context(paths: Paths, settings: Settings, clock: Clock) -> KioskContext:
    """Open the log, load the content and build the services every screen receives (needs Qt)."""
    from kiosk.ui.context import KioskContext

    book = Logbook.open(paths.db_file, paths.identity_file, quarantine_dir=paths.quarantine_dir, clock=clock)
    writer = BackgroundWriter(book)
    reader = connect(paths.db_file, readonly=True)
    quizzes_dir = Path(settings.quizzes_dir) if settings.quizzes_dir else paths.quizzes_dir
    catalogue = load_quizzes(quizzes_dir, paths.media_dir)
    careers, careers_problem = _load_careers(quizzes_dir / "careers")
    tr = Translator(settings.language)
    flow = VisitorFlow(
        clock,
        idle_timeout_s=settings.idle_timeout_s,
        countdown_s=settings.idle_countdown_s,
        facilitator_idle_s=settings.facilitator_idle_s,
        default_language=settings.language,
        station=settings.station_name,
        session=current_session(reader, book.device_id),  # a session left open before a restart goes on
    )
    pin_store = PinStore(paths.pin_file)
    gate = PinGate(pin_store, clock, max_tries=settings.pin_max_tries, lock_s=settings.pin_lock_s)
    ctx = KioskContext(
        settings=settings,
        paths=paths,
        clock=clock,
        tr=tr,
        flow=flow,
        writer=writer,
        reader=reader,
        catalogue=catalogue,
        careers=careers,
        pin_gate=gate,
        careers_error=careers_problem,
    )
    for notice in book.notices:
        ctx.add_notice(notice)
    for path, problems in catalogue.refused.items():
        ctx.add_notice(Message("facilitator.content_refused", {"file": path.name, "reason": problems[0].message}))
    if careers_problem is not None:
        ctx.add_notice(careers_problem.message)
    if not pin_store.is_set():
        ctx.add_notice(Message("pin.not_set"))
    return ctx


def _load_careers(folder: Path) -> tuple[CareerCatalogue | None, ContentError | None]:
    """The careers catalogue, loaded once for every screen; ``None`` and the reason when it is invalid."""
    try:
        return load_careers(folder), None
    except ContentError as exc:
        log.error("careers module unavailable: %s", exc)
        return None, exc


def main(args: argparse.Namespace) -> int:
    """Run the kiosk until the facilitator quits; return the exit code (0 = clean exit)."""
    started = time.perf_counter()
    paths = Paths.discover(getattr(args, "home", None)).ensure()
    settings = effective_settings(args, paths)
    pin_store = PinStore(paths.pin_file)
    if settings.kiosk_mode and not pin_store.is_set():
        raise PinError("errors.pin.kiosk_needs_pin")

    from PySide6.QtWidgets import QApplication

    from kiosk.ui.activities import activity_screens
    from kiosk.ui.errors import install_excepthook, setup_logging
    from kiosk.ui.theme import load_fonts, stylesheet
    from kiosk.ui.window import MainWindow

    log_file = setup_logging(paths.log_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cafe-numerique-kiosk")
    app.setApplicationVersion(__version__)
    app.setFont(load_fonts())
    app.setStyleSheet(stylesheet(large_text=settings.large_text, high_contrast=settings.high_contrast))
    ctx = build_context(paths, settings, SystemClock())
    flow = ctx.flow
    window = MainWindow(ctx, kiosk_mode=settings.kiosk_mode, activities=activity_screens())
    install_excepthook(window)
    if getattr(args, "first_frame_marker", False):
        window.first_frame.connect(
            lambda: print(f"first-frame {1000 * (time.perf_counter() - started):.0f} ms", flush=True)
        )
    window.show_for_mode(settings.screen)
    ctx.log([flow.event("app_started", {"kiosk_mode": settings.kiosk_mode, "language": settings.language})])
    log.info("kiosk %s started (data %s, log %s)", __version__, paths.home, log_file)
    try:
        code = app.exec()
    finally:
        ctx.close()
        window.deleteLater()
        app.processEvents()
        app.shutdown()  # avoids the PySide6 + pyqtgraph crash at interpreter exit (feasibility §2)
    return code

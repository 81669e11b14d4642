"""Screenshots of the career module at 1280×800 (offscreen Qt): a card, the result hexagon, a job card,
the take-away QR and the facilitator's class hexagon, written to docs/screenshots/careers-*.png.

The data folder is a temporary one; the visit is scripted (the same taps a visitor would make).
Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_careers.py [OUT_DIR]``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEVELS = {"A": 4, "I": 3, "S": 3, "R": 2, "E": 1, "C": 0}
"""Level tapped per card type in the scripted visit."""
CLASS_CODES = ("AIS", "ASE", "IRC", "SAE", "AIR", "RIC", "ESA", "IAS", "CIE", "SEA", "ARI", "ISA")
"""Codes of a pretend class, for the facilitator's class hexagon."""


def shoot(out: Path, home: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_context
    from kiosk.cafe import CafeSession
    from kiosk.log.clock import SystemClock
    from kiosk.paths import Paths
    from kiosk.settings import Settings
    from kiosk.ui.activities import activity_screens
    from kiosk.ui.facilitator.careers_group import show_careers_group
    from kiosk.ui.theme import load_fonts, stylesheet
    from kiosk.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setFont(load_fonts())
    app.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    ctx = build_context(Paths(home=home, resources=ROOT).ensure(), Settings(), SystemClock())
    window = MainWindow(ctx, kiosk_mode=False, activities=activity_screens())
    window.resize(1280, 800)
    window.show()

    def grab(name: str) -> None:
        for _ in range(10):
            app.processEvents()
        window.grab().save(str(out / name))
        print(out / name, flush=True)

    session = CafeSession.new(
        venue_type="school", venue_name="École secondaire de démo", region="06", audience="sec3", expected_size=30
    )
    ctx.log_now([session.started_event(None)])
    ctx.flow.session_id = session.session_id
    window.start_visit()
    window.open_activity("careers")
    careers = window.activities["careers"]
    careers.begin()
    for _ in range(3):
        careers.answer(LEVELS[careers.questionnaire.current.type])
    grab("careers-card.png")
    while careers.questionnaire.current is not None:
        careers.answer(LEVELS[careers.questionnaire.current.type])
    grab("careers-result.png")
    careers.open_job(careers.result.top_jobs(1)[0])
    grab("careers-job.png")
    careers._pop()
    careers.open_takeaway()
    grab("careers-takeaway.png")
    for code in CLASS_CODES:
        ctx.log([ctx.flow.event("career_completed", {"code": code, "answered": 30, "skipped": 0})])
    ctx.writer.call(lambda book: None).result()
    window.reset_visitor("facilitator")
    window.open_facilitator()
    window.facilitator.refresh()
    show_careers_group(ctx, window.facilitator)
    grab("careers-group.png")
    for closing in (ctx.close, window.deleteLater, app.processEvents, app.shutdown):
        closing()


def main(argv: list[str]) -> int:
    """Write the screenshots to ``argv[0]`` (default docs/screenshots) from a throw-away data folder."""
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="kiosk-careers-shots-"))
    try:
        shoot(out, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

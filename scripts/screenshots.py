"""Screenshots of the shell for the README (docs/screenshots/), taken on a real X display.

Runs itself under ``xvfb-run`` when there is no display. The data folder is a temporary one with a
café session in progress (played by the demo generator), so the facilitator panel shows live figures.
Usage: ``./dev screenshots`` (or ``python scripts/screenshots.py [OUT_DIR]``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed(home: Path) -> None:
    """A café session in progress with 24 visitors and a few station groups (not ended)."""
    from kiosk.content.loader import load_quizzes
    from kiosk.demo import DemoSession, catalogue_from_quizzes
    from kiosk.log.logbook import Logbook
    from kiosk.paths import Paths
    from kiosk.pin import PinStore

    paths = Paths(home=home, resources=ROOT).ensure()
    PinStore(paths.pin_file).set("1234")
    book = Logbook.open(paths.db_file, paths.identity_file)
    demo = DemoSession(
        visitors=24,
        seed=4,
        catalogue=catalogue_from_quizzes(load_quizzes().quizzes),
        stations=("Robot humanoïde", "Pilotage de drone", "Casques RV"),
    )
    actions = list(demo.actions())
    for events in actions[:-1]:  # leave the session open
        book.append(events)
    book.close()


def shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_context
    from kiosk.log.clock import SystemClock
    from kiosk.paths import Paths
    from kiosk.settings import Settings
    from kiosk.ui.activities import activity_screens
    from kiosk.ui.theme import load_fonts, stylesheet
    from kiosk.ui.window import MainWindow

    home = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    seed(home)
    app = QApplication.instance() or QApplication([])
    app.setFont(load_fonts())
    app.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    ctx = build_context(Paths(home=home, resources=ROOT), Settings(), SystemClock())
    window = MainWindow(ctx, kiosk_mode=False, activities=activity_screens())
    window.resize(1280, 800)
    window.show()

    def grab(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out / name))
        print(out / name, flush=True)

    grab("attract.png")
    window.start_visit()
    grab("home-fr.png")
    window.set_language("en")
    grab("home-en.png")
    window.set_language("fr")
    window.open_facilitator()
    window.facilitator.refresh()
    grab("facilitator.png")
    ctx.close()
    window.deleteLater()
    app.processEvents()
    shutil.rmtree(home, ignore_errors=True)
    app.shutdown()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY") and not os.environ.get("KIOSK_SCREENSHOTS_CHILD"):
        env = {**os.environ, "KIOSK_SCREENSHOTS_CHILD": "1", "QT_QPA_PLATFORM": "xcb"}
        return subprocess.call(
            ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, __file__, str(out)], env=env
        )
    shoot(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

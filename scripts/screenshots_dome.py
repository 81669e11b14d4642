"""Screenshots of the dome console and of what the projector shows (docs/screenshots/dome-*.png).

A fresh data folder with the demo content: the console at 1280×800 and 1920×1080 in French and English
(calibration, patterns, shows pages), and the projector's own images (polar grid, focus chart, a frame of
the demo show) as the back end drew them. The console's last lines say which back end draws the dome and
which decoder runs: offscreen Qt (the default, no display needed) says "offscreen"; on a display — how
docs/ are made, on Xvfb with Mesa — it says what a laptop without a graphics card says (OpenGL is
software here: llvmpipe), and one more shot shows the console on the GPU back end
(``KIOSK_DOME_RENDER=gpu``, ``dome-console-gpu-fr.png``)::

    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshots_dome.py

Usage: ``python scripts/screenshots_dome.py [OUT_DIR]`` (default docs/screenshots).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait(app, condition, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the dome console did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> None:
    import cv2
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.app import build_context
    from kiosk.log.clock import SystemClock
    from kiosk.paths import Paths
    from kiosk.settings import Settings
    from kiosk.ui.facilitator.dome_console import DomeConsole
    from kiosk.ui.theme import load_fonts, stylesheet

    home = Path(tempfile.mkdtemp(prefix="kiosk-dome-shots-"))
    app = QApplication.instance() or QApplication([])
    app.setFont(load_fonts())
    app.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    ctx = build_context(Paths(home=home, resources=ROOT).ensure(), Settings(), SystemClock())
    parent = QWidget()
    parent.resize(1280, 800)
    parent.show()
    console = DomeConsole.cover(parent, ctx)
    console.change_value("tilt_deg", 15.0)
    wait(app, lambda: not console.requested_at and console.backend.last_image() is not None)
    wait(app, lambda: console.station.patterns.cached("polar") is not None)
    console.choose_pattern("polar")

    def settle() -> None:
        version = console.station.geometry.version
        wait(app, lambda: console.backend.last_image() is not None and not console.requested_at)
        end = time.monotonic() + 1.5
        while time.monotonic() < end or version != console.station.geometry.version:
            app.processEvents()
            version = console.station.geometry.version
            time.sleep(0.02)
        console.refresh()
        app.processEvents()

    def grab(name: str) -> None:
        settle()
        console.grab().save(str(out / name))
        print(out / name, flush=True)

    def projector(name: str) -> None:
        settle()
        image = console.backend.last_image()
        cv2.imwrite(str(out / name), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
        print(out / name, flush=True)

    for language in ("fr", "en"):
        ctx.tr.language = language
        console.retranslate()
        console.pages.setCurrentIndex(0)
        grab(f"dome-console-{language}.png")
    ctx.tr.language = "fr"
    console.retranslate()
    projector("dome-output-polar-fr.png")
    console.choose_pattern("focus")
    wait(app, lambda: console.station.patterns.cached("focus") is not None)
    console.choose_pattern("focus")
    projector("dome-output-focus-fr.png")
    console.pages.setCurrentIndex(1)
    grab("dome-console-patterns-fr.png")
    console.profiles.name.setText("Dôme gonflable 5 m — projecteur A")
    console.station.save_profile("Dôme gonflable 5 m — projecteur A")
    console.retranslate()
    console.profiles.message.setText("✔  " + ctx.tr.tr("dome_console.profile_saved", name=console.station.profile.name))
    console.pages.setCurrentIndex(2)
    grab("dome-console-profiles-fr.png")
    parent.resize(1920, 1080)
    console.pages.setCurrentIndex(0)
    grab("dome-console-1920-fr.png")
    parent.resize(1280, 800)
    index = next(k for k, s in enumerate(console.station.shows) if s.kind == "video")
    console.play_show(index)
    wait(app, lambda: console.station.player.stats.shown > 30, 120)
    console.pages.setCurrentIndex(3)
    grab("dome-console-shows-fr.png")
    projector("dome-output-show.png")
    console.shut_down()
    if app.platformName() not in ("offscreen", "minimal"):
        parent.hide()
        os.environ["KIOSK_DOME_RENDER"] = "gpu"
        parent = QWidget()
        parent.resize(1280, 800)
        parent.show()
        console = DomeConsole.cover(parent, ctx)
        if console.backend.name == "gpu":
            console.choose_pattern("polar")
            grab("dome-console-gpu-fr.png")
        console.shut_down()
    ctx.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")

"""End to end: the real ``kiosk --kiosk`` process on Xvfb, driven with real X input events (xdotool).

attract → home → language switch → long press in the corner → PIN typed → facilitator panel → quit,
confirmed with one more tap.
Checks the log recorded each step, a root-window screenshot is not blank, and the process exits 0
only after the PIN (the window manager-less close and Escape are refused before).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.xvfb import start_xvfb

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
WIDTH, HEIGHT = 1280, 800
NEEDED = ("Xvfb", "xdotool", "import")


@pytest.fixture
def display(tmp_path):
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (installed by ./dev test)")
    xvfb, display_name = start_xvfb(WIDTH, HEIGHT)
    yield display_name
    xvfb.terminate()
    xvfb.wait(timeout=10)


def xdo(env, *args):
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=10)


def events(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT type FROM events ORDER BY epoch, seq")]
    finally:
        conn.close()


def wait_for(predicate, timeout=30.0):
    """Poll ``predicate`` until it holds; the timeout only bounds a failure, it is never the expected path."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def log_lines(home: Path) -> list[str]:
    path = home / "logs" / "kiosk.log"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def logged(home: Path, text: str, after: int = 0) -> bool:
    """``text`` appears in the kiosk's log file after its first ``after`` lines."""
    return any(text in line for line in log_lines(home)[after:])


def test_real_process_attract_home_language_pin_exit(display, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text("facilitator_hold_ms = 500\n", encoding="utf-8")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "kiosk", "pin", "set", "--stdin"], input="2468\n", text=True, env=env, check=True
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--kiosk"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        db = home / "participation.db"
        assert wait_for(lambda: logged(home, "first frame painted")), "no window was painted"
        assert wait_for(lambda: db.exists() and "app_started" in events(db))
        xdo(env, "mousemove", str(WIDTH // 2), str(HEIGHT // 2), "click", "1")  # attract → home
        assert wait_for(lambda: events(db)[-1] == "visitor_started")
        xdo(env, "mousemove", str(WIDTH - 100), "52", "click", "1")  # the language toggle, top right
        assert wait_for(lambda: events(db)[-1] == "language_changed")
        xdo(env, "key", "Escape")  # refused in kiosk mode; X delivers it before the next click
        xdo(env, "click", "1")  # back to French: once it is logged, the Escape was handled
        assert wait_for(lambda: events(db).count("language_changed") == 2)
        assert app.poll() is None, "Escape closed the kiosk"
        shot = tmp_path / "screen.png"
        subprocess.run(["import", "-display", display, "-window", "root", str(shot)], check=True, timeout=20)
        import cv2

        image = cv2.imread(str(shot))
        assert image is not None and image.shape[:2] == (HEIGHT, WIDTH)
        assert float(image.std()) > 20, "the screenshot is blank"
        seen = len(log_lines(home))
        xdo(env, "mousemove", "20", "20", "mousedown", "1")  # long press in the top-left corner
        assert wait_for(lambda: logged(home, "screen pinpad", seen)), "the PIN pad did not open"
        xdo(env, "mouseup", "1")
        xdo(env, "type", "--delay", "30", "2468")
        xdo(env, "key", "Return")
        assert wait_for(lambda: logged(home, "screen facilitator", seen)), "the PIN did not open the panel"
        assert app.poll() is None
        seen = len(log_lines(home))
        xdo(env, "mousemove", str(WIDTH - 130), "45", "click", "1")  # « Quitter l'application », top right
        assert wait_for(lambda: logged(home, "confirm: quit", seen)), "quitting did not ask for a confirmation"
        assert app.poll() is None, "the kiosk quit without the confirmation"
        xdo(env, "mousemove", str(WIDTH - 130), str(HEIGHT - 72), "click", "1")  # the confirmation, bottom right
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
        print(app.communicate()[0])  # shown by pytest when the test failed

"""Screenshots of the shell: attract, home, the PIN pad, the 360° viewer and the facilitator panel.

The data folder holds a café session in progress (24 visitors played by the demo generator, not ended),
so the panel shows live figures. Every picture in every size, language and text size: see
:mod:`scripts.shots`. Usage: ``./dev screenshots`` (or ``python scripts/screenshots.py [OUT_DIR]``).
"""

from __future__ import annotations

import sys
import time

from shots import Kiosk, finish, kiosk, output_folder


def seed(paths) -> None:
    """A café session in progress with 24 visitors and a few station groups (not ended)."""
    from kiosk.content.loader import load_quizzes
    from kiosk.demo import DemoSession, catalogue_from_quizzes
    from kiosk.log.logbook import Logbook
    from kiosk.pin import PinStore

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


def play_video(shots: Kiosk, media_id: str = "demo-dome-aurores", at_s: float = 6.0) -> None:
    """The 360° viewer playing the dome's demo show, until its frame at ``at_s`` (the aurora is up)."""
    screen = shots.window.activities["dome"]
    screen.show_media(media_id)
    deadline = time.monotonic() + 30
    while (screen.planes is None or screen.planes.pts_s < at_s) and time.monotonic() < deadline:
        shots.app.processEvents()
        time.sleep(0.01)


def shoot(shots: Kiosk) -> None:
    window = shots.window
    shots.shoot("attract")
    window.start_visit()
    shots.shoot("home")
    window.open_activity("dome")
    shots.shoot("dome-viewer")
    play_video(shots)
    shots.shoot("dome-viewer-video")
    window.open_pinpad()
    shots.shoot("pinpad")
    shots.unlock()
    window.request_facilitator()
    shots.shoot("facilitator")


def main(argv: list[str]) -> None:
    with kiosk(output_folder(argv), prepare=seed) as shots:
        shoot(shots)


if __name__ == "__main__":
    main(sys.argv[1:])
    finish()

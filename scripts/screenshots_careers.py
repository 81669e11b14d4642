"""Screenshots of the career module and the facilitator's class hexagon (see :mod:`scripts.shots`).

The intro, a card, the result hexagon with its job cards, a full job card, the take-away QR, the jobs by
type, and the class hexagon of a pretend class; the visit is scripted with the taps a visitor would make.
Usage: ``./dev screenshots`` (or ``python scripts/screenshots_careers.py [OUT_DIR]``).
"""

from __future__ import annotations

import sys

from shots import Kiosk, finish, kiosk, output_folder

LEVELS = {"A": 4, "I": 3, "S": 3, "R": 2, "E": 1, "C": 0}
"""Level tapped per card type in the scripted visit."""
CLASS_CODES = ("AIS", "ASE", "IRC", "SAE", "AIR", "RIC", "ESA", "IAS", "CIE", "SEA", "ARI", "ISA")
"""Codes of a pretend class, for the facilitator's class hexagon."""


def visit(shots: Kiosk) -> None:
    """A visitor's questionnaire, to the result, a job card, the take-away and the jobs of one type."""
    window = shots.window
    window.start_visit()
    window.open_activity("careers")
    careers = window.activities["careers"]
    shots.shoot("careers-intro")
    careers.begin()
    for _ in range(3):
        careers.answer(LEVELS[careers.questionnaire.current.type])
    shots.shoot("careers-card")
    while careers.questionnaire.current is not None:
        careers.answer(LEVELS[careers.questionnaire.current.type])
    shots.shoot("careers-result")
    careers.open_job(careers.result.top_jobs(1)[0])
    shots.shoot("careers-job")
    careers._pop()
    careers.open_takeaway()
    shots.shoot("careers-takeaway")
    careers._pop()
    careers.result_page.browse.click()
    careers.browse.show_type("C")
    shots.shoot("careers-browse")


def class_hexagon(shots: Kiosk) -> None:
    """The class hexagon of a café session in which twelve visitors finished the questionnaire."""
    from kiosk.cafe import CafeSession

    ctx, window = shots.ctx, shots.window
    session = CafeSession.new(
        venue_type="school", venue_name="École secondaire de démo", region="06", audience="sec3", expected_size=30
    )
    ctx.log_now(ctx.flow.open_session(session))
    ctx.log_now(
        [ctx.flow.event("career_completed", {"code": code, "answered": 30, "skipped": 0}) for code in CLASS_CODES]
    )
    window.reset_visitor("facilitator")
    shots.unlock()
    window.request_facilitator("careers_group")
    shots.shoot("careers-group")


def main(argv: list[str]) -> None:
    with kiosk(output_folder(argv)) as shots:
        visit(shots)
        class_hexagon(shots)


if __name__ == "__main__":
    main(sys.argv[1:])
    finish()

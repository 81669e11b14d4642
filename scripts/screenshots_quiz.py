"""Screenshots of the quiz player and the pause-débat for docs/screenshots/ (offscreen Qt is enough).

Writes quiz-question.png, quiz-feedback.png, facilitator-debate.png and quiz-answers-chart.png at 1280×800.
The data folder is temporary: a café session with a few visitors' answers and a two-round debate vote.
Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_quiz.py [OUT_DIR]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUIZ_ID, QUESTION = "vie-privee", 0
POLL_VOTES = (
    {"toute-journee": 3, "classe": 9, "eleves": 7, "indecis": 6},
    {"toute-journee": 2, "classe": 13, "eleves": 8, "indecis": 2},
)


def grab(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def seed_answers(ctx, session_id: str) -> None:
    """Twenty visitors answered the first questions of the quiz, a third of them wrong."""
    from kiosk.log.events import NewEvent

    quiz = ctx.catalogue.quiz(QUIZ_ID)
    events = []
    for visitor in range(20):
        for question in quiz.questions[:3]:
            right = [c.id for c in question.choices if c.correct]
            wrong = [c.id for c in question.choices if not c.correct]
            ids = right if visitor % 3 else [wrong[visitor % len(wrong)]]
            events.append(
                NewEvent(
                    "quiz_answered",
                    {
                        "quiz_id": quiz.id,
                        "quiz_version": quiz.version,
                        "question_id": question.id,
                        "kind": question.kind.value,
                        "choice_ids": ids,
                        "correct": ids == right,
                        "time_ms": 8000,
                    },
                    session_id=session_id,
                    visitor=f"visiteur-{visitor}",
                )
            )
    ctx.log_now(events)


def shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_context
    from kiosk.cafe import CafeSession
    from kiosk.log.clock import SystemClock
    from kiosk.paths import Paths
    from kiosk.settings import Settings
    from kiosk.ui.activities import activity_screens
    from kiosk.ui.facilitator.debate import DebateScreen
    from kiosk.ui.theme import load_fonts, stylesheet
    from kiosk.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setFont(load_fonts())
    app.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    with tempfile.TemporaryDirectory() as home:
        ctx = build_context(Paths(home=Path(home), resources=ROOT).ensure(), Settings(), SystemClock())
        window = MainWindow(ctx, kiosk_mode=False, activities=activity_screens())
        window.resize(1280, 800)
        window.show()
        window.start_visit()
        window.open_activity("quiz")
        quiz_screen = window.activities["quiz"]
        quiz_screen.seed = 2
        quiz_screen.begin(QUIZ_ID)
        grab(window, out / "quiz-question.png")
        wrong = next(c for c in quiz_screen.attempt.choices() if not c.correct)
        quiz_screen.answer([wrong.id])
        grab(window, out / "quiz-feedback.png")

        session = CafeSession.new(
            venue_type="school",
            venue_name="École secondaire Jean-Jacques-Bertrand",
            region="05",
            audience="sec3",
            expected_size=28,
        )
        ctx.log_now([session.started_event(ctx.settings.station_name)])
        ctx.flow.session_id = session.session_id
        seed_answers(ctx, session.session_id)
        window.open_facilitator()
        debate = DebateScreen.cover(window.facilitator, ctx)
        debate.vote.cooldown_ms = 0
        debate.mode_debate.click()
        for round_, votes in enumerate(POLL_VOTES, start=1):
            debate.start_vote(round_)
            for choice_id, count in votes.items():
                for _ in range(count):
                    debate.vote.vote(choice_id)
            debate.end_vote()
            debate.reveal_vote()
        grab(window, out / "facilitator-debate.png")
        debate.mode_results.click()
        debate.quiz_combo.setCurrentIndex([q.id for q in debate.quizzes].index(QUIZ_ID))
        debate.reveal_answer.click()
        grab(window, out / "quiz-answers-chart.png")
        window.close()
        ctx.close()
    app.processEvents()
    app.shutdown()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    shoot(target)
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 + pyqtgraph can crash in interpreter finalisation (feasibility §2)

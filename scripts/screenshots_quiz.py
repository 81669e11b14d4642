"""Screenshots of the quiz player, the room's vote and the pause-débat (see :mod:`scripts.shots`).

Quiz picker, a question, its feedback, an opinion question, a picture question and the summary; then a
café session with twenty visitors' answers and a two-round debate vote: the vote as the room sees it,
the debate chart and the answers chart. Usage: ``./dev screenshots`` (or
``python scripts/screenshots_quiz.py [OUT_DIR]``).
"""

from __future__ import annotations

import sys

from shots import Kiosk, finish, kiosk, output_folder

QUIZ_ID = "vie-privee"
POLL_VOTES = (
    {"toute-journee": 3, "classe": 9, "eleves": 7, "indecis": 6},
    {"toute-journee": 2, "classe": 13, "eleves": 8, "indecis": 2},
)


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
            payload = {
                "quiz_id": quiz.id,
                "quiz_version": quiz.version,
                "question_id": question.id,
                "kind": question.kind.value,
                "choice_ids": ids,
                "correct": ids == right,
                "time_ms": 8000,
            }
            events.append(NewEvent("quiz_answered", payload, session_id=session_id, visitor=f"visiteur-{visitor}"))
    ctx.log_now(events)


def play_quiz(shots: Kiosk) -> None:
    """A visitor's quiz: the picker, a question, its feedback, then to the summary (all answered right)."""
    from kiosk.content.models import Kind

    window = shots.window
    window.start_visit()
    window.open_activity("quiz")
    screen = window.activities["quiz"]
    shots.shoot("quiz-themes")
    screen.seed = 2
    screen.begin(QUIZ_ID)
    shots.shoot("quiz-question")
    screen.answer([next(c for c in screen.attempt.choices() if not c.correct).id])
    shots.shoot("quiz-feedback")
    shown = set()
    while True:
        screen.next_question()
        question = screen.attempt.current
        if screen.attempt.finished or question is None:
            break
        if question.kind in (Kind.POLL, Kind.IMAGE) and question.kind not in shown:
            shown.add(question.kind)
            shots.shoot(f"quiz-{question.kind.value}")
        screen.answer([c.id for c in screen.attempt.choices() if c.correct] or [screen.attempt.choices()[0].id])
    shots.shoot("quiz-summary")


def run_debate(shots: Kiosk) -> None:
    """A café session: the room votes twice on a poll, the facilitator reveals; then the answers chart."""
    from kiosk.cafe import CafeSession

    ctx, window = shots.ctx, shots.window
    session = CafeSession.new(
        venue_type="school",
        venue_name="École secondaire Jean-Jacques-Bertrand",
        region="05",
        audience="sec3",
        expected_size=28,
    )
    ctx.log_now(ctx.flow.open_session(session))
    seed_answers(ctx, session.session_id)
    shots.unlock()
    window.request_facilitator("debate")
    debate = window.pages["debate"]
    window.vote.cooldown_ms = 0
    debate.mode_debate.click()
    for round_, votes in enumerate(POLL_VOTES, start=1):
        debate.start_vote(round_)  # the kiosk goes to the room
        for choice_id, count in votes.items():
            for _ in range(count):
                window.vote.vote(choice_id)
        if round_ == 1:
            shots.shoot("vote")
        shots.unlock()  # « Terminer le vote », then the PIN
        window.request_facilitator("debate")
        debate.reveal_vote()
    shots.shoot("facilitator-debate")
    debate.mode_results.click()
    debate.show_quiz([q.id for q in debate.quizzes].index(QUIZ_ID))
    debate.reveal_answer.click()
    shots.shoot("quiz-answers-chart")


def main(argv: list[str]) -> None:
    with kiosk(output_folder(argv)) as shots:
        play_quiz(shots)
        run_debate(shots)


if __name__ == "__main__":
    main(sys.argv[1:])
    finish()

"""The quiz player driven with qtbot offscreen: pick, answer right and wrong, feedback, events, summary."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from kiosk.content.models import Kind
from kiosk.errors import Message
from kiosk.sound.cues import SoundStatus
from tests.ui.conftest import logged_types

pytestmark = pytest.mark.qt


def tap(qtbot, widget):
    """A tap. Buttons inside a kinetic (QScroller) area get ``click()``: QTest's instant synthetic
    press/release is swallowed there by the scroller's press-delay replay, a real finger is not."""
    if widget.window() is not widget and hasattr(widget, "click"):
        widget.click()
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def payloads(ctx, kind):
    ctx.writer.call(lambda book: None).result()
    rows = ctx.reader.execute("SELECT payload, visitor FROM events WHERE type = ? ORDER BY epoch, seq", (kind,))
    return [(json.loads(p), v) for p, v in rows]


def open_quiz(qtbot, window, quiz_id="vie-privee"):
    tap(qtbot, window.attract)
    tap(qtbot, window.home.cards["quiz"])
    screen = window.activities["quiz"]
    assert window.stack.currentWidget() is screen and screen.stack.currentWidget() is screen.themes
    screen.seed = 5
    tap(qtbot, screen.themes.cards[quiz_id])
    assert screen.stack.currentWidget() is screen.question
    return screen


def right_ids(screen):
    question = screen.attempt.current
    if question.kind is Kind.ORDERING:
        return [c.id for c in question.choices]
    if question.kind is Kind.POLL:
        return [screen.attempt.choices()[0].id]
    return [c.id for c in screen.attempt.choices() if c.correct]


def answer_with_taps(qtbot, screen, ids):
    view = screen.question
    for choice_id in ids:
        tap(qtbot, view.buttons[choice_id])
    if screen.attempt.current.kind in (Kind.MULTIPLE, Kind.ORDERING) and not screen.attempt.answered(
        screen.attempt.current.id
    ):
        assert view.validate.isEnabled()
        tap(qtbot, view.validate)


def test_theme_cards_show_every_quiz_with_its_picture(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    tap(qtbot, window.home.cards["quiz"])
    themes = window.activities["quiz"].themes
    assert set(themes.cards) == {quiz.id for quiz in window.ctx.catalogue.visitor_quizzes}
    card = themes.cards["cybersecurite"]
    assert not card.icon_pixmap().isNull() and card.text().startswith("Cybersécurité")
    assert card.height() >= 150 and card.width() >= 300  # far above the 48 px touch minimum


def test_right_answer_shows_praise_explanation_and_source_and_is_logged(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window)
    question = screen.attempt.current
    assert screen.question.prompt.text() == question.prompt.fr
    assert all(button.height() >= 48 for button in screen.question.buttons.values())
    answer_with_taps(qtbot, screen, right_ids(screen))
    feedback = screen.feedback
    assert screen.stack.currentWidget() is feedback
    assert "Bonne réponse" in feedback.verdict.text()
    assert feedback.explanation.text() == question.explanation.fr
    assert not feedback.right_answer.isVisibleTo(feedback)
    if question.source:
        assert question.source.name in feedback.source.text() and "http" in feedback.source.text()
    types = logged_types(window.ctx)
    assert types[-3:] == ["activity_opened", "quiz_started", "quiz_answered"]
    ((payload, visitor),) = payloads(window.ctx, "quiz_answered")
    assert visitor == window.ctx.flow.visitor
    assert payload["quiz_id"] == "vie-privee" and payload["question_id"] == question.id
    assert payload["correct"] is True and payload["kind"] == question.kind.value and payload["time_ms"] >= 0


def test_wrong_answer_is_kind_and_shows_the_right_one(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window, "cybersecurite")
    while screen.attempt.current.kind is not Kind.SINGLE:  # find a single-choice question
        tap(qtbot, screen.question.skip)
        tap(qtbot, screen.feedback.next)
    question = screen.attempt.current
    wrong = next(c for c in question.choices if not c.correct)
    tap(qtbot, screen.question.buttons[wrong.id])
    feedback = screen.feedback
    assert "Pas tout à fait" in feedback.verdict.text()
    right = next(c for c in question.choices if c.correct)
    assert right.text.fr in feedback.right_answer.text()
    if wrong.feedback:
        assert feedback.choice_feedback.text() == wrong.feedback.fr
    answered = payloads(window.ctx, "quiz_answered")[-1][0]
    assert answered["correct"] is False and answered["choice_ids"] == [wrong.id]
    assert len(payloads(window.ctx, "quiz_skipped")) == screen.attempt.index


def test_multiple_needs_validate_and_ordering_is_tap_to_order(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window, "sobriete-numerique")
    seen = set()
    while not screen.attempt.finished:
        kind = screen.attempt.current.kind
        view = screen.question
        if kind is Kind.MULTIPLE and "multiple" not in seen:
            seen.add("multiple")
            assert view.validate.isVisible() and not view.validate.isEnabled()
        if kind is Kind.ORDERING and "ordering" not in seen:
            seen.add("ordering")
            ids = right_ids(screen)
            tap(qtbot, view.buttons[ids[0]])
            tap(qtbot, view.buttons[ids[1]])
            assert view.buttons[ids[1]].text().startswith("2.")
            tap(qtbot, view.buttons[ids[0]])  # taking back rank 1 takes back the later ranks too
            assert view.order == [] and not view.validate.isEnabled()
        answer_with_taps(qtbot, screen, right_ids(screen))
        assert "Bonne réponse" in screen.feedback.verdict.text() or kind is Kind.POLL
        tap(qtbot, screen.feedback.next)
    assert seen == {"multiple", "ordering"}
    summary = screen.summary
    assert screen.stack.currentWidget() is summary
    total = screen.attempt.scored_total
    assert summary.score.text() == f"Tu as trouvé {total} bonnes réponses sur {total}."
    assert "Bravo" in summary.praise.text()
    quiz = window.ctx.catalogue.quiz("sobriete-numerique")
    assert quiz.learned[0].fr in summary.learned.text()
    assert summary.help.isVisibleTo(summary) == (quiz.help is not None)
    ((completed, _),) = payloads(window.ctx, "quiz_completed")
    assert (completed["score"], completed["total"]) == (total, total)
    tap(qtbot, summary.again)
    assert screen.stack.currentWidget() is screen.themes
    assert payloads(window.ctx, "quiz_abandoned") == []


def test_idle_reset_mid_quiz_logs_an_abandon_for_that_visitor_and_forgets(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window)
    visitor = window.ctx.flow.visitor
    answer_with_taps(qtbot, screen, right_ids(screen))
    window.reset_visitor("idle")
    assert screen.attempt is None and screen.stack.currentWidget() is screen.themes
    ((payload, who),) = payloads(window.ctx, "quiz_abandoned")
    version = window.ctx.catalogue.quiz("vie-privee").version
    assert payload == {"quiz_id": "vie-privee", "quiz_version": version, "answered": 1} and who == visitor


def test_home_button_mid_quiz_goes_home(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window)
    tap(qtbot, screen.header.home)
    assert window.stack.currentWidget() is window.home
    assert len(payloads(window.ctx, "quiz_abandoned")) == 1


def test_language_switch_keeps_the_question(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window)
    question = screen.attempt.current
    tap(qtbot, screen.header.language)
    assert screen.attempt.current is question
    assert screen.question.prompt.text() == question.prompt.en
    assert screen.question.skip.text() == "Skip"
    first = screen.attempt.choices()[0]
    assert screen.question.buttons[first.id].text() == first.text.en


def test_optional_timer_skips_when_it_runs_out(make_window, qtbot):
    window = make_window(quiz_timer_s=2)
    screen = open_quiz(qtbot, window)
    assert screen.question.timer.isVisible() and "2\u00a0s" in screen.question.timer.text()
    screen._count_down()
    screen._count_down()
    assert screen.stack.currentWidget() is screen.feedback
    assert len(payloads(window.ctx, "quiz_skipped")) == 1


def test_no_timer_by_default_and_speaker_follows_the_setting(make_window, qtbot):
    window = make_window(read_aloud=False)
    screen = open_quiz(qtbot, window)
    assert not screen.question.timer.isVisible()
    assert not screen.question.speaker.isVisible()


def test_speaker_shown_when_a_voice_exists(make_window, qtbot):
    window = make_window()
    screen = open_quiz(qtbot, window)
    assert screen.question.speaker.isVisible() == screen.speech.available("fr")
    texts = screen.question.read_aloud_texts()
    assert texts[0] == screen.attempt.current.prompt.fr and len(texts) == 1 + len(screen.attempt.choices())


def test_no_sound_device_is_a_facilitator_notice_not_an_error(make_window, qtbot):
    window = make_window()
    screen = window.activities["quiz"]
    if screen.sound.status is SoundStatus.NO_DEVICE:
        assert Message("facilitator.sound_off") in window.ctx.notices
    assert screen.sound.status in (SoundStatus.OK, SoundStatus.NO_DEVICE)
    muted = make_window(sound=False).activities["quiz"]
    assert muted.sound.status is SoundStatus.MUTED


def play_to_summary(qtbot, screen) -> None:
    """Answer every question right (an opinion question: its first choice), to the summary."""
    while screen.stack.currentWidget() is not screen.summary:
        answer_with_taps(qtbot, screen, right_ids(screen))
        tap(qtbot, screen.feedback.next)


@pytest.mark.parametrize(
    ("language", "score", "note"),
    [
        ("fr", "Tu as trouvé 8 bonnes réponses sur 8.", "La question d'opinion ne compte pas dans le score."),
        ("en", "You found 8 right answers out of 8.", "The opinion question does not count in the score."),
    ],
)
def test_summary_counts_in_real_plurals_and_says_the_opinion_question_is_not_scored(
    make_window, qtbot, language, score, note
):
    window = make_window()
    screen = open_quiz(qtbot, window)  # vie-privee: 9 questions, one of them an opinion question
    window.set_language(language)
    assert sum(q.kind is Kind.POLL for q in screen.attempt.quiz.questions) == 1
    play_to_summary(qtbot, screen)
    assert screen.summary.score.text() == score and "(s)" not in screen.summary.score.text()
    assert screen.summary.note.isVisible() and screen.summary.note.text() == note
    assert window.ctx.tr.plural("quiz.score", 1, score=1, total=8).startswith(
        "Tu as trouvé 1 bonne réponse" if language == "fr" else "You found 1 right answer out"
    )


@pytest.mark.parametrize(("language", "words"), [("fr", "pas de bonne"), ("en", "no right")])
def test_opinion_feedback_says_there_is_no_right_answer_once(make_window, qtbot, language, words):
    window = make_window()
    screen = open_quiz(qtbot, window, "algorithmes")  # its opinion question's notes say « Pas de bonne réponse »
    window.set_language(language)
    while screen.attempt.current.kind is not Kind.POLL:
        tap(qtbot, screen.question.skip)
        tap(qtbot, screen.feedback.next)
    assert "score" in screen.question.hint.text()  # before answering: an opinion, not counted
    answer_with_taps(qtbot, screen, right_ids(screen))
    said = " ".join(screen.feedback.texts()).casefold()
    assert said.count(words) == 1, said

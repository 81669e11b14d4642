"""Every screen fits every supported screen: nothing clipped, elided or too small to touch, at any size.

One window visits every page of its stack — found from the app, so a new page is covered the day it is
added — in French and English, with normal and larger text, at 1024×768, 1280×800, 1366×768 and 1920×1080
(the window is resized through the sizes, never rebuilt). Pages that show content are filled first the
way a visitor or a facilitator fills them (a quiz answered, a questionnaire played to its result, a job
card opened, a café session open…), and the question view is visited with the longest question of every
kind. :func:`tests.ui.fitting.layout_problems` says what is wrong, in words.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.content.models import Kind, Question
from kiosk.i18n import LANGUAGES
from tests.ui.fitting import layout_problems

pytestmark = pytest.mark.qt

SIZES = ((1024, 768), (1280, 800), (1366, 768), (1920, 1080))
SHOWN = 40
LAYOUT_PASSES = 4
"""How many problems the failure message lists (the first ones; the count says how many more)."""


def settle() -> None:
    """Let the layouts run (a wrapping button asks for a second pass once it knows its width).

    Only layout requests and queued calls (a scroll area shows its scroll bar through one) are delivered:
    painting the window at every size would triple the time.
    """
    for _ in range(LAYOUT_PASSES):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.sendPostedEvents(None, QEvent.Type.MetaCall)


def page_name(widget: QWidget) -> str:
    return type(widget).__name__


def owner(stack: QStackedWidget) -> QStackedWidget | None:
    """The stack whose page holds ``stack`` (None for the window's own)."""
    node = stack.parentWidget()
    while node is not None and not isinstance(node, QStackedWidget):
        node = node.parentWidget()
    return node


def pages(stack: QStackedWidget, trail: str = "") -> Iterator[str]:
    """Show each page of ``stack`` in turn, and each page of the stacks inside it; yield where we are."""
    for index in range(stack.count()):
        stack.setCurrentIndex(index)
        page = stack.widget(index)
        here = f"{trail}{page_name(page)}"
        inner = [s for s in page.findChildren(QStackedWidget) if owner(s) is stack]
        if not inner:
            yield here
        for child in inner:
            current = child.currentIndex()
            yield from pages(child, here + " > ")
            child.setCurrentIndex(current)


def longest_questions(catalogue) -> list[Question]:
    """For each kind of question, the visitor question with the most words to show."""
    best: dict[Kind, tuple[int, Question]] = {}
    for quiz in catalogue.visitor_quizzes:
        for question in quiz.questions:
            size = max(
                len(question.prompt.get(lang)) + sum(len(c.text.get(lang)) for c in question.choices)
                for lang in LANGUAGES
            )
            if question.kind not in best or size > best[question.kind][0]:
                best[question.kind] = (size, question)
    return [question for _, question in best.values()]


def fill(window) -> None:
    """Give every page something to show: what a visitor and a facilitator would have done by now."""
    window.start_visit()
    quiz = window.activities["quiz"]
    quiz.seed = 1
    quiz.begin(window.ctx.catalogue.visitor_quizzes[0].id)
    while not quiz.attempt.finished:
        quiz.answer([quiz.attempt.choices()[0].id])
        quiz.next_question()
    careers = window.activities["careers"]
    careers.begin()
    while careers.questionnaire.current is not None:
        careers.answer(2)
    careers.open_job(careers.result.top_jobs(1)[0])
    careers.open_takeaway()
    window.activities["dome"].start()


def question_stops(window) -> Iterator[str]:
    """The question view with the longest question of each kind (and its read-aloud button)."""
    quiz = window.activities["quiz"]
    window.stack.setCurrentWidget(quiz)
    quiz.stack.setCurrentWidget(quiz.question)
    for question in longest_questions(window.ctx.catalogue):
        quiz.question.show_question(question, question.choices, 10, 10, can_speak=True)
        yield f"QuizScreen > question ({question.kind.value} {question.id})"


def stops(window) -> Iterator[str]:
    yield from pages(window.stack)
    yield from question_stops(window)


def check_all_sizes(window, where: str) -> list[str]:
    found = []
    for width, height in SIZES:
        window.resize(width, height)
        settle()
        if window.width() > width or window.height() > height:
            found.append(f"window {window.width()}×{window.height()} on a {width}×{height} screen")
        found += [str(problem) for problem in layout_problems(window)]
        found = [f"{where} @ {width}×{height}: {line}" if " @ " not in line else line for line in found]
    return found


def test_every_screen_fits_every_supported_size(make_window):
    window = make_window()
    fill(window)
    problems: list[str] = []
    for large_text in (False, True):
        window.ctx.set_accessibility(large_text=large_text, high_contrast=False)
        for language in LANGUAGES:
            window.set_language(language)
            for where in stops(window):
                QApplication.processEvents()  # what navigation posted (show, polish, timers)
                label = f"{where} [{language}{', large' if large_text else ''}]"
                problems += check_all_sizes(window, label)
    unique = list(dict.fromkeys(problems))
    more = f"\n… and {len(unique) - SHOWN} more" if len(unique) > SHOWN else ""
    assert not unique, f"{len(unique)} layout problems:\n" + "\n".join(unique[:SHOWN]) + more


def test_larger_text_never_makes_the_window_bigger_than_its_screen(make_window):
    """Issue 14 item 4: « Texte plus grand » made the window 1322 px wide on a 1280 px screen, and it stayed so
    after the switch was turned off and after the idle reset."""
    window = make_window()  # 1280×800, as on the café's laptops
    window.start_visit()
    window.open_activity("dome")  # the widest page when the text grows
    steps = {
        "larger text on": lambda: window.ctx.set_accessibility(large_text=True, high_contrast=False),
        "larger text off": lambda: window.ctx.set_accessibility(large_text=False, high_contrast=False),
        "on again": lambda: window.ctx.set_accessibility(large_text=True, high_contrast=False),
        "idle reset": lambda: window.reset_visitor("idle"),
    }
    for step, action in steps.items():
        action()
        settle()
        assert (window.width(), window.height()) == (1280, 800), step

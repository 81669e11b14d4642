"""Opening the PIN pad over a visitor and pressing « Annuler » gives the visitor back their screen as it was.

Issue 14 item 12: an English visitor's screen must not come back in French (nor on another page, nor
with their question or card lost). The pad is opened the way a facilitator opens it: a long press in the
top-left corner, timed on the injected clock.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.widgets.corner import POLL_MS

pytestmark = pytest.mark.qt


def long_press_corner(qtbot, window) -> None:
    qtbot.mousePress(window.corner, Qt.MouseButton.LeftButton)
    window.ctx.clock.advance(window.ctx.settings.facilitator_hold_ms / 1000 + 0.1)
    qtbot.wait(3 * POLL_MS)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.pinpad, timeout=2000)
    qtbot.mouseRelease(window.corner, Qt.MouseButton.LeftButton)


def cancel_pin(qtbot, window) -> None:
    qtbot.mouseClick(window.pinpad.cancel, Qt.MouseButton.LeftButton)


def open_in_english(qtbot, window, activity: str):
    """An English visitor opens ``activity`` from the home screen, as with a finger; its screen."""
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.home.header.language, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.home.cards[activity], Qt.MouseButton.LeftButton)
    return window.activities[activity]


def test_cancel_on_home_keeps_english(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.home.header.language, Qt.MouseButton.LeftButton)
    assert window.home.title.text() == "What shall we explore?"
    long_press_corner(qtbot, window)
    assert window.pinpad.title.text() == "Facilitator area" and window.pinpad.message.text() == "Enter the PIN"
    qtbot.mouseClick(window.pinpad.keys["1"], Qt.MouseButton.LeftButton)  # a facilitator starts typing…
    cancel_pin(qtbot, window)  # …and thinks better of it
    assert window.stack.currentWidget() is window.home
    assert window.ctx.tr.language == "en" and window.ctx.flow.language == "en"
    assert window.home.title.text() == "What shall we explore?"
    assert window.home.header.language.text().endswith("Français")


def test_cancel_mid_quiz_keeps_the_question_and_english(make_window, qtbot):
    window = make_window()
    screen = open_in_english(qtbot, window, "quiz")
    screen.begin("vie-privee")
    question, prompt = screen.attempt.current, screen.question.prompt.text()
    long_press_corner(qtbot, window)
    cancel_pin(qtbot, window)
    assert window.stack.currentWidget() is screen and screen.stack.currentWidget() is screen.question
    assert screen.attempt.current is question and screen.question.prompt.text() == prompt == question.prompt.en
    assert window.ctx.tr.language == "en"


def test_cancel_mid_questionnaire_keeps_the_card_and_english(make_window, qtbot):
    window = make_window()
    careers = open_in_english(qtbot, window, "careers")
    careers.begin()
    careers.answer(3)
    card = careers.questionnaire.current
    long_press_corner(qtbot, window)
    cancel_pin(qtbot, window)
    assert careers.pages.currentWidget() is careers.card and careers.card.card is card
    assert careers.card.text.text() == card.text.en and window.ctx.tr.language == "en"

"""The kiosk's push button: wraps its text instead of cutting it, keeps its size under the style sheet."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.ui.theme import MIN_TOUCH_PX, stylesheet
from kiosk.ui.widgets.touch import longest_word, touch_button, wrap_words
from tests.ui.fitting import layout_problems

pytestmark = pytest.mark.qt

LONG = "Une réponse assez longue pour ne pas tenir sur une seule ligne d'un bouton étroit"


def chars(text: str) -> float:
    return float(len(text))


def test_wrap_words_breaks_only_at_ordinary_spaces():
    assert wrap_words("un deux trois quatre", 9, chars) == ["un deux", "trois", "quatre"]
    assert wrap_words("Toujours là\u202f?", 5, chars) == ["Toujours", "là\u202f?"]  # the no-break space holds
    assert wrap_words("titre\nsous-titre assez long", 12, chars) == ["titre", "sous-titre", "assez long"]
    assert wrap_words("anticonstitutionnellement", 5, chars) == ["anticonstitutionnellement"]  # never cut
    assert longest_word("a bb\nccc dd", chars) == 3


@pytest.fixture
def row(qapp, qtbot):
    """A window with a row of three buttons, under the kiosk's style sheet."""
    qapp.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    buttons = [touch_button(text, min_height=64) for text in (LONG, "Pause-débat", "Quitter l'application")]
    for button in buttons:
        layout.addWidget(button)
    window.show()
    qtbot.waitExposed(window)
    return window, buttons


def test_a_narrow_button_wraps_and_grows_instead_of_cutting_its_text(row, qtbot):
    window, buttons = row
    window.resize(700, 400)
    qtbot.waitUntil(lambda: buttons[0].width() < 400)
    qtbot.waitUntil(lambda: not layout_problems(window))
    assert QPushButton.text(buttons[0]).count("\n") >= 2  # wrapped onto several lines…
    assert buttons[0].text() == LONG  # …but its text is still the whole sentence
    assert buttons[0].height() > 64  # taller, so every line shows
    window.resize(3000, 400)
    qtbot.waitUntil(lambda: "\n" not in QPushButton.text(buttons[0]))
    qtbot.waitUntil(lambda: buttons[0].height() == 64)  # and back to one line's height


def test_a_layout_cannot_squeeze_a_button_below_its_longest_word(row, qtbot):
    window, buttons = row
    window.resize(200, 400)  # far too narrow: the window keeps its minimum instead
    qtbot.wait(20)
    word = buttons[2].fontMetrics().horizontalAdvance("l'application")
    assert buttons[2].width() > word
    assert window.width() >= sum(b.minimumSizeHint().width() for b in buttons)
    assert not [p for p in layout_problems(window) if p.kind == "text"]


def test_the_style_sheet_does_not_override_a_buttons_own_height(qapp, qtbot):
    qapp.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    tile, small = touch_button("Quiz\nteste tes réflexes", min_height=200), touch_button("+", min_height=10)
    for button in (tile, small):
        qtbot.addWidget(button)
        button.show()
    assert tile.height() >= 200 and tile.sizeHint().height() >= 200
    assert min(small.width(), small.height()) >= MIN_TOUCH_PX


def test_home_tiles_keep_their_size_and_show_their_whole_text(make_window, qtbot):
    window = make_window()
    window.start_visit()
    window.ctx.set_accessibility(large_text=True, high_contrast=False)
    qtbot.waitUntil(lambda: not layout_problems(window))
    for card in window.home.cards.values():
        assert card.height() >= 200, card.objectName()

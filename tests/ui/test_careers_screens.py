"""The career screens driven with qtbot (offscreen): cards → result hexagon → job card → QR, and events."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.careers import Questionnaire, takeaway_text
from kiosk.ui.screens.careers.player import CareersScreen
from kiosk.ui.screens.careers.takeaway import qr_pixmap
from kiosk.ui.theme import MIN_TOUCH_PX

pytestmark = pytest.mark.qt

LEVELS = {"A": 4, "I": 3, "S": 2, "R": 1, "E": 0, "C": 0}
"""Level tapped per card type in the scripted visit (one card is skipped on top of this)."""


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def logged(ctx, prefix="career_"):
    """``(type, payload)`` of the logged events whose type starts with ``prefix`` (after the writes)."""
    ctx.writer.call(lambda book: None).result()
    rows = ctx.reader.execute("SELECT type, payload FROM events ORDER BY epoch, seq")
    return [(kind, json.loads(payload)) for kind, payload in rows if kind.startswith(prefix)]


@pytest.fixture
def screen(make_ctx, qtbot):
    ctx = make_ctx()
    ctx.log(ctx.flow.start_visit())
    widget = CareersScreen(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.start()
    return widget


def play(qtbot, screen, levels=LEVELS, skip_first=True):
    """Tap through every card: the first one skipped, then the level of each card's type."""
    tap(qtbot, screen.intro.start)
    expected = Questionnaire(screen.catalogue.deck)
    first = True
    while screen.pages.currentWidget() is screen.card:
        card = screen.card.card
        if first and skip_first:
            tap(qtbot, screen.card.skip)
            expected.skip(card.id)
        else:
            tap(qtbot, screen.card.level_button(levels[card.type]))
            expected.answer(card.id, levels[card.type])
        first = False
    return expected.result(screen.catalogue.jobs)


def grey(widget: QWidget) -> np.ndarray:
    """What ``widget`` shows, as a grey-level array (a copy: the QImage dies with this call)."""
    return grey_pixmap(widget.grab())


def grey_pixmap(pixmap) -> np.ndarray:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return rows[:, :width].copy()


def decode(pixels: np.ndarray) -> str:
    padded = cv2.copyMakeBorder(pixels, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(padded)
    return text


def test_intro_says_it_is_not_a_test(screen):
    assert screen.pages.currentWidget() is screen.intro
    assert screen.intro.heading.text() == "Ce n'est pas un test"
    assert screen.intro.intro.text().startswith("Il n'y a pas de bonnes ou de mauvaises réponses")


def test_questionnaire_to_result_hexagon_and_a_job_card(screen, qtbot):
    expected = play(qtbot, screen)
    assert screen.pages.currentWidget() is screen.result_page
    assert screen.result.code == expected.code == "AIS"
    plotted = screen.result_page.hexagon.plotted_values()
    assert plotted == pytest.approx(dict(expected.scores), abs=1e-9)
    assert plotted["A"] == pytest.approx(1.0) and plotted["E"] == 0.0
    assert screen.result_page.heading.text() == "Ton code\u00a0: A I S"
    assert "Artistique" in screen.result_page.types.text()
    assert "Tes intérêts vont changer" in screen.result_page.reminder.text()
    tiles = screen.result_page.tiles
    assert [t.job.id for t in tiles] == list(expected.top_jobs(6))
    tap(qtbot, tiles[1])
    job = screen.catalogue.job(expected.top_jobs(6)[1])
    assert screen.pages.currentWidget() is screen.job
    assert screen.job.title.text().lower() == job.title.fr.lower()
    texts = screen.job.texts()
    assert texts["mission"] == job.mission.fr
    assert job.tasks[0].fr in texts["day"] and job.paths[0].program.fr in texts["paths"]
    assert job.myth.fr in texts["myth"] and job.next_step.fr in texts["next_step"]
    tap(qtbot, screen.job.back)
    assert screen.pages.currentWidget() is screen.result_page
    events = logged(screen.ctx)
    assert events == [
        ("career_started", {"cards_version": 2}),
        ("career_completed", {"code": "AIS", "answered": 29, "skipped": 1}),
        ("career_job_opened", {"job_id": job.id}),
    ]


def test_strip_buttons_scroll_the_job_cards(screen, qtbot):
    play(qtbot, screen)
    bar = screen.result_page.strip.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # six cards do not fit: the strip scrolls
    assert screen.width() == 1280
    tap(qtbot, screen.result_page.next)
    assert bar.value() > 0
    tap(qtbot, screen.result_page.previous)
    assert bar.value() == 0


def test_related_job_opens_and_is_logged(screen, qtbot):
    play(qtbot, screen)
    tap(qtbot, screen.result_page.tiles[0])
    first = screen.job.job
    tap(qtbot, screen.job.related_buttons[0])
    assert screen.job.job.id == first.related[0]
    tap(qtbot, screen.job.back)  # back to the first job, then to the result
    assert screen.job.job == first and screen.pages.currentWidget() is screen.job
    tap(qtbot, screen.job.back)
    assert screen.pages.currentWidget() is screen.result_page
    opened = [p["job_id"] for kind, p in logged(screen.ctx) if kind == "career_job_opened"]
    assert opened == [first.id, first.related[0]]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_takeaway_qr_decodes_to_the_expected_text(screen, qtbot, lang):
    expected = play(qtbot, screen)
    if lang == "en":  # what the main window does on a language switch
        screen.ctx.tr.language = "en"
        screen.retranslate()
    tap(qtbot, screen.result_page.takeaway)
    assert screen.pages.currentWidget() is screen.takeaway
    text = takeaway_text(expected, screen.catalogue, lang=lang)
    assert decode(grey(screen.takeaway.qr)) == text
    assert screen.takeaway.plain.text() == text


def test_reset_midway_logs_abandoned_and_forgets(screen, qtbot):
    tap(qtbot, screen.intro.start)
    for level in (4, 0, 2):
        tap(qtbot, screen.card.level_button(level))
    tap(qtbot, screen.card.skip)
    screen.reset()
    assert screen.questionnaire is None and screen.result is None
    assert screen.pages.currentWidget() is screen.intro
    assert logged(screen.ctx) == [("career_started", {"cards_version": 2}), ("career_abandoned", {"answered": 4})]
    screen.reset()  # nothing under way any more: nothing more logged
    assert len(logged(screen.ctx)) == 2


def test_reset_after_the_result_logs_no_abandon(screen, qtbot):
    play(qtbot, screen)
    screen.reset()
    assert [kind for kind, _ in logged(screen.ctx)] == ["career_started", "career_completed"]


def test_home_button_midway_abandons_and_goes_home(screen, qtbot):
    tap(qtbot, screen.intro.start)
    tap(qtbot, screen.card.level_button(3))
    with qtbot.waitSignal(screen.ctx.signals.go_home):
        tap(qtbot, screen.header.home)
    assert logged(screen.ctx)[-1] == ("career_abandoned", {"answered": 1})


def test_back_shows_the_previous_card_with_its_level(screen, qtbot):
    tap(qtbot, screen.intro.start)
    first = screen.card.card
    tap(qtbot, screen.card.level_button(3))
    tap(qtbot, screen.card.back)
    assert screen.card.card == first
    assert screen.card.level_button(3).isChecked() and not screen.card.level_button(4).isChecked()
    assert screen.card.progress.value() == 1
    tap(qtbot, screen.card.back)  # before the first card: the intro, offering to continue
    assert screen.pages.currentWidget() is screen.intro
    assert screen.intro.start.text().endswith("Continuer")
    tap(qtbot, screen.intro.start)
    assert screen.card.card == first
    assert [kind for kind, _ in logged(screen.ctx)] == ["career_started"]


def test_language_switch_keeps_the_card(screen, qtbot):
    tap(qtbot, screen.intro.start)
    tap(qtbot, screen.card.level_button(2))
    card = screen.card.card
    screen.ctx.tr.language = "en"
    screen.retranslate()
    assert screen.card.card == card and screen.card.text.text() == card.text.en
    assert screen.card.counter.text() == f"Card 2 of {screen.questionnaire.total}"
    assert screen.card.skip.text().startswith("Skip")


def test_every_card_skipped_gives_a_kind_message_and_browsing(screen, qtbot):
    tap(qtbot, screen.intro.start)
    while screen.pages.currentWidget() is screen.card:
        tap(qtbot, screen.card.skip)
    page = screen.result_page
    assert screen.result.code == "" and page.tiles == []
    assert page.message.text() == screen.catalogue.deck.messages["no_answers"].fr
    assert not page.strip.isVisible() and page.browse.isVisible()
    assert logged(screen.ctx)[-1] == ("career_completed", {"code": "", "answered": 0, "skipped": 30})


def test_browse_by_type_opens_a_job(screen, qtbot):
    tap(qtbot, screen.intro.browse)
    assert screen.pages.currentWidget() is screen.browse
    tap(qtbot, screen.browse.type_buttons.button(5))  # C
    jobs = screen.catalogue.jobs_by_type("C")
    assert [t.job.id for t in screen.browse.tiles] == [j.id for j in jobs]
    qtbot.waitUntil(lambda: screen.browse.tiles[0].isVisible())  # new tiles show on the next turn of the loop
    tap(qtbot, screen.browse.tiles[0])
    assert screen.job.job == jobs[0]
    tap(qtbot, screen.job.back)
    assert screen.pages.currentWidget() is screen.browse
    assert logged(screen.ctx) == [("career_job_opened", {"job_id": jobs[0].id})]


def test_touch_targets_are_large_enough(screen, qtbot):
    play(qtbot, screen)
    tap(qtbot, screen.result_page.tiles[0])
    for page in (screen.card, screen.result_page, screen.job):
        screen.pages.setCurrentWidget(page)
        qtbot.wait(10)
        for button in page.findChildren(QPushButton):
            if button.isVisible():
                assert min(button.width(), button.height()) >= MIN_TOUCH_PX, button.objectName()
    assert min(screen.card.level_button(0).width(), screen.card.level_button(0).height()) >= 120


def test_careers_is_a_registered_activity(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    tap(qtbot, window.home.cards["careers"])
    careers = window.activities["careers"]
    assert window.stack.currentWidget() is careers
    assert careers.pages.currentWidget() is careers.intro


def test_qr_pixmap_is_pixel_exact_for_any_width(qapp):
    modules = np.full((85, 85), 255, np.uint8)  # 85 × 6 = 510 px: rows not 32-bit aligned
    modules[::3, ::2] = 0
    pixels = grey_pixmap(qr_pixmap(modules, 512))
    assert pixels.shape == (510, 510)
    assert np.array_equal(pixels, np.repeat(np.repeat(modules, 6, axis=0), 6, axis=1))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_intro_says_not_a_test_once(screen, lang):
    screen.ctx.tr.language = lang
    screen.retranslate()
    heading, intro = screen.intro.heading.text(), screen.intro.intro.text()
    assert heading and heading.casefold().rstrip(".") not in intro.casefold()


def test_job_cards_name_the_types_in_words(screen, qtbot):
    play(qtbot, screen)
    tile = screen.result_page.tiles[0]
    names = " · ".join(screen.catalogue.deck.types[letter].name.fr for letter in tile.job.code)
    assert tile.types.text() == names and "RIASEC" not in tile.types.text()
    tap(qtbot, tile)
    assert screen.job.code.text().startswith(f"Intérêts\u00a0: {names}")
    screen.ctx.tr.language = "en"
    screen.retranslate()
    english = " · ".join(screen.catalogue.deck.types[letter].name.en for letter in tile.job.code)
    assert screen.job.code.text().startswith(f"Interests: {english}") and "RIASEC" not in screen.job.code.text()

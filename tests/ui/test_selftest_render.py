"""The screens part of kiosk --selftest: the real window rendered offscreen, home and one quiz question."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.app import build_context
from kiosk.commands.selftest import screens_check
from kiosk.log.clock import FakeClock
from kiosk.settings import Settings
from kiosk.ui.selftest_render import MIN_COLOURS, distinct_colours, render_screens, save

pytestmark = pytest.mark.qt


def test_home_and_a_question_are_rendered_with_text_and_colour(qapp, tmp_path):
    font, style = qapp.font(), qapp.styleSheet()
    rendered = render_screens(lambda paths: build_context(paths, Settings(), FakeClock()))
    assert set(rendered.images) == {"home", "question"}
    for image in rendered.images.values():
        assert image.width() >= 1280 and image.height() >= 800  # the window grows to its content's minimum size
        assert distinct_colours(image) >= MIN_COLOURS
    assert rendered.images["home"] != rendered.images["question"]
    assert rendered.fonts > 0 and rendered.quiz_id
    files = save(rendered, tmp_path / "shots")
    assert sorted(f.name for f in files) == ["home.png", "question.png"]
    assert all(QImage(str(f)).width() == 1280 for f in files)
    assert (qapp.font(), qapp.styleSheet()) == (font, style)  # a shared application is left as it was


def test_a_blank_render_has_too_few_colours():
    blank = QImage(320, 200, QImage.Format.Format_RGB32)
    blank.fill(QColor("#ffffff"))
    assert distinct_colours(blank) == 1 < MIN_COLOURS


def test_the_screens_check_reports_the_quiz_and_saves_screenshots_on_request(qapp, tmp_path):
    detail = screens_check(tmp_path / "shots")
    assert detail.key == "selftest.screens_ok" and detail.values["fonts"] > 0
    assert (tmp_path / "shots" / "home.png").exists() and (tmp_path / "shots" / "question.png").exists()

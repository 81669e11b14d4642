"""The screens part of ``kiosk --selftest``: build the real window offscreen and render two screens.

The home screen and the first question of one quiz are rendered exactly as a visitor would see them (the
application's style sheet and fonts, the registered activities), in a throw-away data folder, on Qt's
``offscreen`` platform so that nothing appears on a kiosk in service. A render counts when it is not blank
(enough distinct colours) and a font was found (without one every glyph is an empty box).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.flow import Screen
from kiosk.paths import Paths, resource_root
from kiosk.ui.activities import activity_screens
from kiosk.ui.context import KioskContext
from kiosk.ui.theme import load_fonts, stylesheet
from kiosk.ui.window import MainWindow

SIZE = (1280, 800)
MIN_COLOURS = 12  # a blank or single-colour render has a handful at most


class RenderError(KioskError):
    """A screen could not be rendered, or came out blank."""


@dataclass
class Rendered:
    """What the render produced: the screens by name, and the quiz whose question was shown."""

    images: dict[str, QImage] = field(default_factory=dict)
    quiz_id: str = ""
    fonts: int = 0


def distinct_colours(image: QImage, step: int = 8) -> int:
    """How many distinct colours a grid of every ``step``-th pixel holds (cheap blank-screen detector)."""
    return len({image.pixel(x, y) for y in range(0, image.height(), step) for x in range(0, image.width(), step)})


def offscreen_app() -> tuple[QApplication, bool]:
    """The running QApplication, or a new one on the offscreen platform; ``True`` if it was created here."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing, False
    return QApplication([sys.argv[0] if sys.argv else "kiosk", "-platform", "offscreen"]), True


def _grab(window: MainWindow, name: str, rendered: Rendered) -> None:
    QApplication.processEvents()
    image = window.grab().toImage()
    colours = distinct_colours(image)
    if image.isNull() or colours < MIN_COLOURS:
        raise RenderError("selftest.screen_blank", screen=name, colours=colours)
    rendered.images[name] = image


def render_screens(build_context: Callable[[Paths], KioskContext]) -> Rendered:
    """Render the home screen and one quiz question; ``build_context`` is :func:`kiosk.app.build_context`'s
    partial (the UI layer does not import the app). Raises :class:`RenderError` when a screen is wrong."""
    app, _ = offscreen_app()
    font, style = app.font(), app.styleSheet()  # restored after: the application may be a shared one (tests)
    rendered = Rendered()
    try:
        app.setFont(load_fonts())
        rendered.fonts = len(QFontDatabase.families())
        if rendered.fonts == 0:
            raise RenderError("selftest.no_fonts")
        app.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
        with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as folder:
            ctx = build_context(Paths(home=Path(folder), resources=resource_root()).ensure())
            window = MainWindow(ctx, kiosk_mode=False, activities=activity_screens())
            try:
                _render(window, rendered)
            finally:
                window.close()
                ctx.close()
                window.deleteLater()
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        app.setFont(font)
        app.setStyleSheet(style)
    return rendered


def _render(window: MainWindow, rendered: Rendered) -> None:
    window.resize(*SIZE)
    window.show()
    window.start_visit()
    _grab(window, "home", rendered)
    _show_question(window, rendered)
    _grab(window, "question", rendered)


def _show_question(window: MainWindow, rendered: Rendered) -> None:
    quizzes = window.ctx.catalogue.visitor_quizzes
    if not quizzes or Screen.QUIZ.value not in window.activities:
        raise RenderError("selftest.no_quiz")
    window.open_activity(Screen.QUIZ.value)
    screen = window.activities[Screen.QUIZ.value]
    screen.begin(quizzes[0].id)
    if screen.stack.currentWidget() is not screen.question or not screen.question.prompt.text():
        raise RenderError("selftest.no_question", quiz=quizzes[0].id)
    rendered.quiz_id = quizzes[0].id


def save(rendered: Rendered, folder: Path) -> list[Path]:
    """Write each rendered screen as ``<folder>/<name>.png``; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, image in rendered.images.items():
        path = folder / f"{name}.png"
        if not image.save(str(path)):
            raise RenderError("selftest.cannot_save", file=str(path))
        files.append(path)
    return files

"""Fixtures for the Qt tests (offscreen): a real KioskContext on a temp data folder, and the window.

``make_ctx(**settings)`` builds the services exactly as the app does (:func:`kiosk.app.build_context`)
with a :class:`~kiosk.log.clock.FakeClock`; ``make_window(**settings)`` wraps it in the main window with
the registered activity screens. Everything is closed after the test.
"""

from __future__ import annotations

import pytest

from kiosk.app import build_context
from kiosk.log.clock import FakeClock
from kiosk.paths import Paths, resource_root
from kiosk.settings import Settings

PIN = "2468"


@pytest.fixture(autouse=True)
def _no_widget_outlives_its_test(qapp):
    """Carry out the deletions pytest-qt asked for once the test is over (torn down last: autouse).

    pytest-qt closes each widget given to ``qtbot.addWidget`` and calls ``deleteLater``, but deferred
    deletions only run inside an event loop, so windows piled up across tests and every application-wide
    style change (« Texte plus grand ») re-polished all of them: the Qt tests slowed down as they went
    (24 min instead of a few). Only what was handed to qtbot is deleted (deleting every top-level widget
    also hit windows their owners delete, and crashed once).
    """
    yield
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def small_patterns(monkeypatch):
    """The dome's test patterns drawn at 1024×512 (not 4096×2048): the same code, a few times faster."""
    import kiosk.show.patterns as patterns

    monkeypatch.setattr(patterns, "SOURCE_SIZE", (1024, 512))


@pytest.fixture
def make_ctx(tmp_path, qapp):
    contexts = []

    def factory(pin: str | None = PIN, **settings):
        from kiosk.pin import PinStore
        from kiosk.ui.theme import stylesheet

        paths = Paths(home=tmp_path / f"home{len(contexts)}", resources=resource_root()).ensure()
        if pin:
            PinStore(paths.pin_file).set(pin)
        ctx = build_context(paths, Settings(**settings), FakeClock())
        qapp.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
        contexts.append(ctx)
        return ctx

    yield factory
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def make_window(make_ctx, qtbot):
    def factory(*, kiosk_mode: bool = False, **settings):
        from kiosk.ui.activities import activity_screens
        from kiosk.ui.window import MainWindow

        ctx = make_ctx(**settings)
        window = MainWindow(ctx, kiosk_mode=kiosk_mode, activities=activity_screens())
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    return factory


def logged_types(ctx) -> list[str]:
    """Event types in the log, in order (waits for queued writes first)."""
    ctx.writer.call(lambda book: None).result()
    return [row[0] for row in ctx.reader.execute("SELECT type FROM events ORDER BY epoch, seq")]


def unlock(window, page: str = "panel"):
    """Open a facilitator page the way a facilitator does: the request, then the PIN on the pad; the page."""
    window.request_facilitator(page)
    if window.stack.currentWidget() is window.pinpad:
        for digit in PIN:
            window.pinpad.press(digit)
        window.pinpad.submit()
    assert window.stack.currentWidget() is window.pages[page]
    return window.pages[page]

"""The visitor 360° viewer: opens the first demo picture, turns with a drag, zooms, logs shows."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import logged_types

pytestmark = pytest.mark.qt


def test_viewer_shows_turns_zooms_and_logs(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.home.cards["dome"], Qt.MouseButton.LeftButton)
    screen = window.activities["dome"]
    assert window.stack.currentWidget() is screen
    assert screen.media_id == "demo-360-paysage"
    before = screen.frame.copy()
    assert not screen.view.pixmap().isNull()
    assert before.std() > 10  # a real picture, not a blank
    qtbot.mousePress(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(screen.view, QPoint(250, 300))
    qtbot.mouseRelease(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(250, 300))
    qtbot.waitUntil(lambda: not screen._render_timer.isActive())
    assert screen.state.yaw_deg > 5  # dragging left turns the view right
    after = screen.frame
    assert np.abs(after.astype(int) - before.astype(int)).mean() > 3
    hfov = screen.state.hfov_deg
    qtbot.mouseClick(screen.zoom_in, Qt.MouseButton.LeftButton)
    assert screen.state.hfov_deg < hfov
    window.reset_visitor()
    types = logged_types(window.ctx)
    assert types.count("dome_show_started") == 1 and types.count("dome_show_ended") == 1


def shown_at_view_size(screen) -> bool:
    """The last rendered picture is exactly the view's area (nothing scaled, nothing left empty)."""
    view = screen.view
    return screen.frame is not None and screen.frame.shape[:2] == (view.height(), view.width())


def test_the_picture_fills_its_area_from_the_start_and_follows_resizes(make_window, qtbot):
    window = make_window()  # 1280×800
    window.start_visit()
    window.open_activity("dome")
    screen = window.activities["dome"]
    assert shown_at_view_size(screen)  # the first picture, before any drag
    assert screen.view.width() > 800 and screen.view.pixmap().size() == screen.view.size()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: screen.view.width() > 1200 and shown_at_view_size(screen))
    window.ctx.set_accessibility(large_text=True, high_contrast=False)  # the header grows, the view shrinks
    qtbot.waitUntil(lambda: shown_at_view_size(screen))

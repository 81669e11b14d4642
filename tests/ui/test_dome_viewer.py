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

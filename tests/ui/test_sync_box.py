"""The facilitator's « Synchroniser » box: status, verified USB export, a clear message when HQ is away."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from kiosk.sync.enrolment import enrol
from tests.ui.conftest import logged_types

pytestmark = pytest.mark.qt


def test_not_enrolled_kiosk_says_so_and_cannot_upload(make_window):
    window = make_window(hq_url="http://127.0.0.1:9")
    box = window.facilitator.sync_box
    box.refresh()
    assert "kiosk enrol" in box.status.text()
    assert not box.sync_button.isEnabled()


def test_export_to_a_folder_then_pending_stays_until_hq_acknowledges(make_window, qtbot, tmp_path):
    window = make_window()
    ctx = window.ctx
    enrol(ctx.paths, label="Kiosque test", now=datetime(2026, 10, 1, tzinfo=UTC))
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    logged_types(ctx)
    box = window.facilitator.sync_box
    box.refresh()
    assert box.export_button.isEnabled()
    assert not box.sync_button.isEnabled()  # no hq_url set: USB only
    stick = tmp_path / "stick"
    stick.mkdir()
    box.export(stick)
    qtbot.waitUntil(lambda: not box.busy and "stick" in box.outcome.text(), timeout=20000)
    assert list(stick.glob("*.cnb")), "no bundle on the key"
    assert "1 " in box.outcome.text() or "lot" in box.outcome.text()


def test_upload_with_hq_unreachable_shows_a_message(make_window, qtbot):
    window = make_window(hq_url="http://127.0.0.1:9")  # nothing listens on the discard port
    ctx = window.ctx
    enrol(ctx.paths, label="Kiosque test", now=datetime(2026, 10, 1, tzinfo=UTC))
    window.open_facilitator()
    box = window.facilitator.sync_box
    box.refresh()
    assert box.sync_button.isEnabled()
    window.facilitator.findChild(QScrollArea).ensureWidgetVisible(box.sync_button)  # a finger would scroll
    assert box.sync_button.isVisible()
    box.sync_button.click()  # QTest's instant press/release does not pass QScroller once the area scrolled
    qtbot.waitUntil(lambda: not box.busy and box._worker is None, timeout=30000)
    assert box.outcome.text().startswith("⚠️"), box.outcome.text()

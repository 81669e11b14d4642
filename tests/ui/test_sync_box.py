"""The facilitator's « Synchroniser » box: status, verified USB export, a clear message when HQ is away,
the pinned HQ key's fingerprint, and forgetting that key behind the PIN (issue 13 item 2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from kiosk.sync.enrolment import enrol, hq_key_path
from kiosk.sync.signing import key_fingerprint, public_key_text
from kiosk.sync.trust import pin_hq_key
from tests.ui.conftest import PIN, logged_types, unlock

pytestmark = pytest.mark.qt

HQ_KEY = public_key_text(Ed25519PrivateKey.generate())


def test_not_enrolled_kiosk_says_so_and_cannot_upload(make_window):
    window = make_window(hq_url="http://127.0.0.1:9")
    box = window.facilitator.sync_box
    box.refresh()
    assert "kiosk enrol" in box.status.text()
    assert not box.sync_button.isEnabled()
    assert "pas encore connue" in box.hq_key.text() and not box.repin_button.isEnabled()


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
    assert box.outcome.objectName() == "sync_outcome"


def test_upload_with_hq_unreachable_shows_a_message(make_window, qtbot):
    window = make_window(hq_url="http://127.0.0.1:9")  # nothing listens on the discard port
    ctx = window.ctx
    enrol(ctx.paths, label="Kiosque test", now=datetime(2026, 10, 1, tzinfo=UTC))
    box = unlock(window).sync_box
    box.refresh()
    assert box.sync_button.isEnabled()
    window.facilitator.findChild(QScrollArea).ensureWidgetVisible(box.sync_button)  # a finger would scroll
    assert box.sync_button.isVisible()
    box.sync_button.click()  # QTest's instant press/release does not pass QScroller once the area scrolled
    qtbot.waitUntil(lambda: not box.busy and box.outcome.text().startswith("⚠️"), timeout=30000)
    assert "injoignable" in box.outcome.text() and "127.0.0.1:9" in box.outcome.text()
    assert box.outcome.objectName() == "error_message"


def test_the_pinned_hq_key_is_forgotten_only_with_the_pin(make_window, qtbot):
    window = make_window()
    ctx = window.ctx
    enrol(ctx.paths, label="Kiosque test", now=datetime(2026, 10, 1, tzinfo=UTC))
    pin_hq_key(ctx.paths, HQ_KEY)
    box = window.facilitator.sync_box
    box.refresh()
    assert key_fingerprint(HQ_KEY) in box.hq_key.text()
    assert box.repin_button.isEnabled()
    box.repin_button.click()
    dialog = box.repin_dialog
    assert dialog is not None and dialog.isVisible()
    assert key_fingerprint(HQ_KEY) in dialog.warning.text() and "NIP" in dialog.warning.text()
    for digit in "1111":
        dialog.pad.press(digit)
    dialog.pad.submit()  # a wrong PIN: nothing forgotten
    assert hq_key_path(ctx.paths).exists() and dialog.isVisible()
    for digit in PIN:
        dialog.pad.press(digit)
    dialog.pad.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not hq_key_path(ctx.paths).exists()
    assert "pas encore connue" in box.hq_key.text() and "envoyés de nouveau" in box.outcome.text()


def test_screenshot_of_the_box(make_window, qtbot, tmp_path):
    """Rendered offscreen for a person to look at (saved under tests' tmp folder)."""
    window = make_window(hq_url="https://siege.example.org")
    ctx = window.ctx
    enrol(ctx.paths, label="Kiosque test", now=datetime(2026, 10, 1, tzinfo=UTC))
    pin_hq_key(ctx.paths, HQ_KEY)
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    logged_types(ctx)
    box = window.facilitator.sync_box
    box.refresh()
    box.resize(620, box.sizeHint().height())
    image = box.grab()
    assert not image.isNull() and image.width() > 300
    image.save(str(tmp_path / "sync_box.png"))


def test_screenshot_of_the_repin_warning(make_window, qtbot, tmp_path):
    window = make_window()
    ctx = window.ctx
    enrol(ctx.paths, label="Kiosque test", now=datetime(2026, 10, 1, tzinfo=UTC))
    pin_hq_key(ctx.paths, HQ_KEY)
    box = window.facilitator.sync_box
    box.refresh()
    box.ask_repin()
    dialog = box.repin_dialog
    qtbot.waitUntil(dialog.isVisible)
    image = dialog.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "repin.png"))
    dialog.reject()
    assert hq_key_path(ctx.paths).exists()  # cancelled: the key stays

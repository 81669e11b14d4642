"""The kiosk shell, driven with qtbot offscreen: attract → home, language, idle reset, PIN, lock-down."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.flow import Screen
from kiosk.ui.theme import MIN_TOUCH_PX
from kiosk.ui.widgets.corner import POLL_MS
from tests.ui.conftest import PIN, logged_types, unlock

pytestmark = pytest.mark.qt


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def enter_pin(qtbot, window, pin):
    for digit in pin:
        tap(qtbot, window.pinpad.keys[digit])
    tap(qtbot, window.pinpad.ok)


def test_attract_touch_opens_home_and_logs_a_visitor(make_window, qtbot):
    window = make_window()
    assert window.stack.currentWidget() is window.attract
    tap(qtbot, window.attract)
    assert window.stack.currentWidget() is window.home
    assert window.ctx.flow.visitor is not None
    assert logged_types(window.ctx)[-1] == "visitor_started"


def test_language_switch_applies_at_once(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    assert window.home.title.text() == "Qu'est-ce qu'on explore\u202f?"
    tap(qtbot, window.home.header.language)
    assert window.home.title.text() == "What shall we explore?"
    assert window.home.header.language.text().endswith("Français")
    assert window.attract.touch.text() == "Touch the screen to start"
    tap(qtbot, window.home.header.language)
    assert window.home.title.text() == "Qu'est-ce qu'on explore\u202f?"
    assert logged_types(window.ctx)[-2:] == ["language_changed", "language_changed"]


def test_idle_countdown_then_full_reset(make_window, qtbot):
    window = make_window(idle_timeout_s=60, idle_countdown_s=10)
    clock = window.ctx.clock
    tap(qtbot, window.attract)
    tap(qtbot, window.home.header.language)
    token = window.ctx.flow.visitor
    clock.advance(61)
    window.tick()
    assert window.idle_overlay.isVisible()
    assert "Back to the start in 9 s" in window.idle_overlay.body.text()
    tap(qtbot, window.idle_overlay.button)  # « je suis là »
    assert not window.idle_overlay.isVisible() and window.ctx.flow.visitor == token
    clock.advance(71)
    window.tick()
    assert window.stack.currentWidget() is window.attract
    assert window.ctx.flow.visitor is None
    assert window.ctx.tr.language == "fr"  # the next visitor starts in French
    assert not window.idle_overlay.isVisible()
    assert logged_types(window.ctx)[-1] == "idle_reset"  # the visitor's events stay


def test_long_press_corner_opens_pin_pad(make_window, qtbot):
    window = make_window(facilitator_hold_ms=1500)
    clock = window.ctx.clock
    qtbot.mousePress(window.corner, Qt.MouseButton.LeftButton)
    clock.advance(1.0)
    qtbot.mouseRelease(window.corner, Qt.MouseButton.LeftButton)  # a short press does nothing…
    clock.advance(5.0)
    qtbot.wait(3 * POLL_MS)
    assert window.stack.currentWidget() is window.attract  # …even long after it ended
    qtbot.mousePress(window.corner, Qt.MouseButton.LeftButton)
    clock.advance(1.4)
    qtbot.wait(3 * POLL_MS)
    assert window.stack.currentWidget() is window.attract  # not yet: 1.4 s < 1.5 s
    clock.advance(0.2)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.pinpad, timeout=2000)
    qtbot.mouseRelease(window.corner, Qt.MouseButton.LeftButton)


def test_pin_pad_wrong_then_locked_then_right(make_window, qtbot):
    window = make_window(pin_max_tries=5, pin_lock_s=60)
    window.request_facilitator()
    assert window.stack.currentWidget() is window.pinpad
    for left in (4, 3, 2, 1):
        enter_pin(qtbot, window, "0000")
        assert f"{left} essai" in window.pinpad.message.text()  # « encore 4 essais », never « essai(s) »
    enter_pin(qtbot, window, "0000")
    assert "dans 1\u00a0min." in window.pinpad.message.text()  # a minute or more: minutes, never « 900 s »
    assert not window.pinpad.keys["1"].isEnabled()
    window.ctx.clock.advance(30)
    window.pinpad._refresh_lock()
    assert "dans 30\u00a0s." in window.pinpad.message.text()  # the last minute counts down in seconds
    window.ctx.clock.advance(31)
    window.pinpad._refresh_lock()
    enter_pin(qtbot, window, PIN)
    assert window.stack.currentWidget() is window.facilitator
    assert window.ctx.flow.screen is Screen.FACILITATOR


def test_kiosk_mode_refuses_close_and_keys_until_pin(make_window, qtbot):
    window = make_window(kiosk_mode=True)
    close = QCloseEvent()
    window.closeEvent(close)
    assert not close.isAccepted()
    for key, mods in (
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    ):
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods)
        assert window.eventFilter(window, event) is True
    window.request_facilitator()
    enter_pin(qtbot, window, PIN)
    tap(qtbot, window.facilitator.quit)
    with qtbot.waitSignal(QApplication.instance().aboutToQuit, timeout=2000, raising=False):
        tap(qtbot, window.facilitator.confirm.action)  # « Quitter l'application » asks for one more tap
    assert not window.isVisible()


def test_windowed_mode_lets_keys_through(make_window):
    window = make_window(kiosk_mode=False)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert window.eventFilter(window, event) is False


def test_facilitator_starts_session_counts_groups_and_ends(make_window, qtbot):
    window = make_window()
    panel = window.facilitator
    unlock(window)
    box = panel.session_box
    box.venue_type.chips()[0].click()
    box.venue_name.setText("École secondaire Jeanne-Mance")
    box.region.set_value("06")
    box.audience.chips()[2].click()
    box.start.click()  # (a synthetic tap inside the panel's kinetic area is not delivered)
    session = window.ctx.flow.session
    assert session is not None and session.region == "06" and session.audience == "sec3"
    panel.stations.buttons[1].click()  # first station, + 5
    assert panel.count_labels["station_visitors"][1].text() == "5"
    window.close_facilitator()
    tap(qtbot, window.attract)  # a visitor: counted in the live figures
    logged_types(window.ctx)  # the visitor's event is committed (the panel re-reads every 2 s)
    unlock(window)
    assert panel.count_labels["kiosk_visitors"][1].text() == "1"
    assert panel.count_labels["total"][1].text() == "6"
    box.end.click()
    tap(qtbot, panel.confirm.action)
    assert window.ctx.flow.session is None
    assert {"session_started", "station_group", "session_ended"} <= set(logged_types(window.ctx))


def test_unhandled_exception_shows_friendly_screen_and_returns_to_attract(make_window, qtbot):
    import sys

    from kiosk.ui.errors import install_excepthook

    window = make_window()
    tap(qtbot, window.attract)
    saved = sys.excepthook
    install_excepthook(window)
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = saved
    assert window.error_overlay.isVisible()
    assert window.stack.currentWidget() is window.attract


def test_every_visible_button_is_a_touch_target(make_window, qtbot):
    window = make_window()
    for screen in window.screens():
        window.stack.setCurrentWidget(screen)
        qtbot.wait(10)
        for button in screen.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= MIN_TOUCH_PX and button.width() >= MIN_TOUCH_PX, button.text()


def test_large_text_and_contrast_switches(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    tap(qtbot, window.home.header.larger)
    assert "font-size: 28px" in QApplication.instance().styleSheet()
    tap(qtbot, window.home.header.contrast)
    assert "#000000" in QApplication.instance().styleSheet()
    window.reset_visitor()
    assert "font-size: 22px" in QApplication.instance().styleSheet()
    assert not window.home.header.larger.isChecked()


def test_accessibility_switch_on_an_activity_header_applies_everywhere(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    tap(qtbot, window.home.cards["dome"])
    header = window.activities["dome"].header
    tap(qtbot, header.larger)
    assert "font-size: 28px" in QApplication.instance().styleSheet()
    assert window.home.header.larger.isChecked()  # every header shows the same state
    assert window.activities["careers"].header.larger.isChecked()


def test_idle_reset_logs_an_abandoned_activity_with_the_visitor_token(make_window, qtbot):
    window = make_window(idle_timeout_s=60, idle_countdown_s=10)
    tap(qtbot, window.attract)
    tap(qtbot, window.home.cards["careers"])
    careers = window.activities["careers"]
    careers.begin()
    careers.answer(3)
    token = window.ctx.flow.visitor
    window.ctx.clock.advance(75)
    window.tick()
    logged_types(window.ctx)
    rows = window.ctx.reader.execute(
        "SELECT type, visitor FROM events WHERE type IN ('career_abandoned', 'idle_reset') ORDER BY seq"
    ).fetchall()
    assert rows == [("career_abandoned", token), ("idle_reset", token)]


def test_a_session_left_open_goes_on_after_a_restart(make_ctx, qtbot):
    from kiosk.app import build_context
    from kiosk.cafe import CafeSession

    ctx = make_ctx()
    session = CafeSession.new(
        venue_type="museum", venue_name="Musée de la civilisation", region="03", audience="mixed", expected_size=40
    )
    ctx.log_now([session.started_event("Kiosque 1")])
    ctx.close()
    again = build_context(ctx.paths, ctx.settings, ctx.clock)  # the kiosk restarted (crash, supervisor)
    try:
        assert again.flow.session_id == session.session_id
        again.log_now(again.flow.start_visit())
        row = again.reader.execute("SELECT session_id FROM events WHERE type = 'visitor_started'").fetchone()
        assert row == (session.session_id,)
    finally:
        again.close()

"""The facilitator side, locked tight (issue 14): the PIN on every way in, its own idle delay, confirmations,
translated errors, touch controls, counters with an undo, and a session box that follows the state."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox

from kiosk.cafe import CafeSession
from kiosk.errors import ContentError, LogbookError
from kiosk.flow import Screen
from kiosk.stations import UNDO_S
from kiosk.ui.facilitator.careers_group import CareersGroupView
from kiosk.ui.theme import MIN_TOUCH_PX
from tests.ui.conftest import PIN, logged_types, unlock

pytestmark = pytest.mark.qt


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_pin(window, pin=PIN):
    for digit in pin:
        window.pinpad.press(digit)
    window.pinpad.submit()


def open_session(ctx, venue="École secondaire du Plateau"):
    session = CafeSession.new(venue_type="school", venue_name=venue, region="06", audience="sec3", expected_size=28)
    ctx.log_now(ctx.flow.open_session(session))
    return session


def idle(window, seconds):
    window.ctx.clock.advance(seconds)
    window.tick()


def hand_kiosk_to_the_room(window):
    """Open a session, go to the pause-débat and start the room's vote: the vote page, the flow locked."""
    open_session(window.ctx)
    debate = unlock(window, "debate")
    debate.set_mode(1)
    debate.round1.click()
    assert window.stack.currentWidget() is window.vote and window.ctx.flow.screen is Screen.VOTE
    return debate


# --- 1. every way in goes through the PIN -----------------------------------------------------------------
def test_the_corner_opens_the_pin_pad_and_only_the_pin_opens_the_panel(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    window.corner.activated.emit()  # the long press itself is tested in test_shell
    assert window.stack.currentWidget() is window.pinpad
    type_pin(window, "0000")
    assert window.stack.currentWidget() is window.pinpad
    type_pin(window)
    assert window.stack.currentWidget() is window.facilitator


def test_ending_the_rooms_vote_needs_the_pin(make_window, qtbot):
    window = make_window()
    hand_kiosk_to_the_room(window)
    assert not window.ctx.flow.unlocked
    window.vote.buttons[next(iter(window.vote.buttons))].click()
    tap(qtbot, window.vote.end)  # « Terminer le vote »
    assert window.stack.currentWidget() is window.pinpad  # not the pause-débat
    tap(qtbot, window.pinpad.cancel)
    assert window.stack.currentWidget() is window.vote  # the room goes on voting
    rounds = [
        json.loads(p)["action"]
        for (p,) in window.ctx.reader.execute("SELECT payload FROM events WHERE type = 'debate_round'")
    ]
    assert rounds == ["start"]  # nothing closed without the PIN
    tap(qtbot, window.vote.end)
    type_pin(window)
    assert window.stack.currentWidget() is window.pages["debate"]
    logged_types(window.ctx)
    rounds = [
        json.loads(p)["action"]
        for (p,) in window.ctx.reader.execute("SELECT payload FROM events WHERE type = 'debate_round'")
    ]
    assert rounds == ["start", "close"]


def test_back_to_the_panel_from_the_debate_needs_a_still_valid_unlock(make_window, qtbot):
    window = make_window(facilitator_idle_s=120)
    debate = unlock(window, "debate")
    tap(qtbot, debate.back)  # « Retour à l'animation » with a valid unlock: straight there
    assert window.stack.currentWidget() is window.facilitator
    debate = unlock(window, "debate")
    window.ctx.clock.advance(200)  # the unlock lapsed (before the idle tick noticed)
    tap(qtbot, debate.back)
    assert window.stack.currentWidget() is window.pinpad


def test_the_class_hexagon_is_behind_the_pin(make_window, qtbot):
    window = make_window()
    window.request_facilitator("careers_group")
    assert window.stack.currentWidget() is window.pinpad
    type_pin(window)
    assert isinstance(window.stack.currentWidget(), CareersGroupView)
    tap(qtbot, window.stack.currentWidget().close_button)
    assert window.stack.currentWidget() is window.facilitator


def test_leaving_for_the_kiosk_locks_again(make_window, qtbot):
    window = make_window()
    unlock(window)
    tap(qtbot, window.facilitator.back)  # « Retour au kiosque »
    assert window.stack.currentWidget() is window.attract and not window.ctx.flow.unlocked
    window.request_facilitator()
    assert window.stack.currentWidget() is window.pinpad


def test_cancelling_the_pin_pad_keeps_the_visitors_screen_and_language(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    tap(qtbot, window.home.header.language)
    window.request_facilitator()
    tap(qtbot, window.pinpad.cancel)
    assert window.stack.currentWidget() is window.home
    assert window.ctx.tr.language == "en" and window.home.title.text() == "What shall we explore?"


def test_opening_the_panel_ends_the_visit_with_the_visitors_token(make_window, qtbot):
    window = make_window()
    tap(qtbot, window.attract)
    token = window.ctx.flow.visitor
    window.open_activity("careers")
    window.activities["careers"].begin()
    unlock(window)
    assert window.ctx.flow.visitor is None
    logged_types(window.ctx)
    rows = window.ctx.reader.execute(
        "SELECT type, visitor FROM events WHERE type IN ('career_abandoned', 'idle_reset') ORDER BY seq"
    ).fetchall()
    assert rows == [("career_abandoned", token), ("idle_reset", token)]


# --- 2. facilitator pages time out on their own delay ----------------------------------------------------
def test_a_panel_left_open_returns_to_attract_after_its_own_delay(make_window, qtbot):
    window = make_window(idle_timeout_s=60, idle_countdown_s=15, facilitator_idle_s=120)
    unlock(window)
    idle(window, 100)  # longer than a visitor's 60 s: still there
    assert window.stack.currentWidget() is window.facilitator and not window.idle_overlay.isVisible()
    idle(window, 25)
    assert window.idle_overlay.isVisible()  # « Toujours là ? »
    idle(window, 15)
    assert window.stack.currentWidget() is window.attract and not window.ctx.flow.unlocked
    window.request_facilitator()
    assert window.stack.currentWidget() is window.pinpad


def test_a_pin_pad_left_open_times_out_too(make_window, qtbot):
    window = make_window(facilitator_idle_s=120, idle_countdown_s=15)
    window.request_facilitator()
    idle(window, 136)
    assert window.stack.currentWidget() is window.attract


def test_the_debate_projection_closes_with_the_idle_reset(make_window, qtbot):
    window = make_window(facilitator_idle_s=120, idle_countdown_s=15)
    debate = unlock(window, "debate")
    debate.project.click()
    projection = debate.projection
    assert projection is not None and projection.isVisible()
    idle(window, 136)
    assert window.stack.currentWidget() is window.attract
    assert debate.projection is None and not projection.isVisible()


def test_the_rooms_vote_and_its_projection_stay_up_without_the_facilitators_controls(make_window, qtbot):
    window = make_window(facilitator_idle_s=120, idle_countdown_s=15)
    open_session(window.ctx)
    debate = unlock(window, "debate")
    debate.set_mode(1)
    debate.project.click()
    debate.round1.click()
    idle(window, 3600)  # the room votes as long as it needs
    assert window.stack.currentWidget() is window.vote and not window.idle_overlay.isVisible()
    assert debate.projection is not None and debate.projection.isVisible()
    assert not debate.isVisible() and not window.ctx.flow.unlocked  # no facilitator control on screen
    window.request_facilitator()
    idle(window, 136)  # a PIN pad left over the vote gives the kiosk back to the room
    assert window.stack.currentWidget() is window.vote


# --- 3. one more tap for what cannot be undone ----------------------------------------------------------
def test_quitting_asks_for_one_more_tap_showing_what_will_happen(make_window, qtbot):
    window = make_window()
    open_session(window.ctx, "Bibliothèque de Rimouski")
    for _ in range(2):
        window.ctx.log_now(window.ctx.flow.start_visit())
        window.reset_visitor()
    panel = unlock(window)
    tap(qtbot, panel.quit)
    assert window.isVisible() and panel.confirm.isVisible()  # nothing happened yet
    assert "Bibliothèque de Rimouski" in panel.confirm.body.text()
    assert "2 personnes comptées" in panel.confirm.body.text()
    tap(qtbot, panel.confirm.cancel)
    assert not panel.confirm.isVisible() and window.isVisible()
    tap(qtbot, panel.quit)
    with qtbot.waitSignal(QApplication.instance().aboutToQuit, timeout=2000, raising=False):
        tap(qtbot, panel.confirm.action)
    assert not window.isVisible()


def test_ending_the_session_asks_for_one_more_tap(make_window, qtbot):
    window = make_window()
    open_session(window.ctx)
    panel = unlock(window)
    panel.stations.buttons[0].click()  # + 1 at the first station
    panel.session_box.end.click()
    assert window.ctx.flow.session is not None and panel.confirm.isVisible()
    assert "1 personne comptée" in panel.confirm.body.text()  # a real singular
    tap(qtbot, panel.confirm.cancel)
    assert window.ctx.flow.session is not None
    panel.session_box.end.click()
    tap(qtbot, panel.confirm.action)
    assert window.ctx.flow.session is None and "session_ended" in logged_types(window.ctx)


# --- 9. errors in the language of the moment ------------------------------------------------------------
def test_a_refused_session_form_speaks_the_current_language(make_window, qtbot):
    window = make_window()
    box = unlock(window).session_box
    box.venue_type.chips()[0].click()
    box.region.set_value("06")
    box.audience.chips()[0].click()
    box.start.click()  # no venue name
    assert box.error.isVisible() and "Le nom du lieu doit avoir de 1 à 80" in box.error.text()
    assert window.ctx.flow.session is None
    window.set_language("en")
    box.start.click()
    assert "The venue name must have 1 to 80 characters" in box.error.text()


def test_the_class_hexagon_says_why_the_type_names_are_missing(make_ctx, qtbot):
    ctx = make_ctx()
    ctx.careers = None
    ctx.careers_error = ContentError("errors.content.bad_lock", file="cards.toml")
    view = CareersGroupView(ctx)
    qtbot.addWidget(view)
    view.show()
    assert view.problem.isVisible() and "cards.toml" in view.problem.text()
    assert view.hexagon.plotted_values() == dict.fromkeys("RIASEC", 0.0)  # the letters still show


def test_a_failed_write_reaches_the_panel_on_the_gui_thread(make_window, qtbot, monkeypatch):
    window = make_window()
    gui = QThread.currentThread()
    seen = []
    window.ctx.signals.notices_changed.connect(lambda: seen.append(QThread.currentThread() is gui))

    def refuse(events):
        raise LogbookError("errors.log.cannot_write", file="p.db", count=1, reason="disk full")

    monkeypatch.setattr(window.ctx.writer.book, "append", refuse)
    window.ctx.log(window.ctx.flow.start_visit())
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [True]
    panel = unlock(window)
    assert "disk full" in panel.notices.text()


# --- 13. touch controls, counters with an undo, whole-number charts --------------------------------------
def test_the_session_form_has_touch_controls_only(make_window, qtbot):
    window = make_window()
    box = unlock(window).session_box
    assert not window.facilitator.findChildren(QSpinBox) and not window.facilitator.findChildren(QComboBox)
    for chip in box.venue_type.chips() + box.region.chips() + box.audience.chips():
        assert chip.height() >= MIN_TOUCH_PX, chip.text()
    for key in box.expected.keys.values():
        assert key.height() >= MIN_TOUCH_PX and key.width() >= MIN_TOUCH_PX
    box.expected.keys[10].click()
    box.expected.keys[-1].click()
    assert box.expected.value() == 39
    box.expected.setValue(1)
    assert not box.expected.keys[-10].isEnabled() and box.expected.keys[10].isEnabled()


def test_a_counter_tap_can_be_undone_for_ten_seconds_as_a_correction(make_window, qtbot):
    window = make_window()
    open_session(window.ctx)
    panel = unlock(window)
    stations = panel.stations
    assert not stations.undo_button.isVisible()
    stations.buttons[2].click()  # first station, + 10
    assert panel.count_labels["station_visitors"][1].text() == "10"
    assert stations.undo_button.isVisible() and "10" in stations.undo_button.text()
    stations.undo_button.click()
    assert panel.count_labels["station_visitors"][1].text() == "0"
    counts = [
        json.loads(p)["count"]
        for (p,) in window.ctx.reader.execute("SELECT payload FROM events WHERE type = 'station_group' ORDER BY seq")
    ]
    assert counts == [10, -10]  # the tap stays in the log, corrected
    stations.buttons[1].click()
    window.ctx.clock.advance(UNDO_S + 1)
    stations.show_undo()
    assert not stations.undo_button.isVisible()


def test_vote_charts_count_in_whole_numbers(make_window, qtbot):
    window = make_window()
    open_session(window.ctx)
    debate = unlock(window, "debate")
    debate.set_mode(1)
    debate.round1.click()
    window.vote.cooldown_ms = 0
    window.vote.buttons[next(iter(window.vote.buttons))].click()
    tap(qtbot, window.vote.end)
    type_pin(window)
    debate.reveal_votes.click()
    ticks = debate.chart.plot.getAxis("left")._tickLevels[0]
    assert [value for value, _ in ticks] == [0, 1] and [text for _, text in ticks] == ["0", "1"]


# --- 14. the session box follows the state; the pending count moves --------------------------------------
def test_the_session_heading_follows_the_state_at_once(make_window, qtbot):
    window = make_window()
    box = unlock(window).session_box
    assert box.heading.text() == "Nouvelle session"
    box.venue_type.chips()[0].click()
    box.venue_name.setText("École Louis-Riel")
    box.region.set_value("06")
    box.audience.chips()[0].click()
    box.start.click()
    assert box.heading.text() == "Session en cours" and "École Louis-Riel" in box.state.text()
    assert not box.start.isVisible() and box.end.isVisible()


def test_the_form_starts_from_the_last_sessions_venue(make_window, qtbot):
    window = make_window()
    session = open_session(window.ctx, "École Jean-de-Brébeuf")
    window.ctx.log_now(window.ctx.flow.close_session())
    box = unlock(window).session_box
    assert box.venue_name.text() == session.venue_name
    assert (box.venue_type.value(), box.region.value()) == ("school", "06")


def test_the_pending_count_moves_when_a_counter_is_tapped(make_window, qtbot):
    from kiosk.sync.service import sync_status

    window = make_window()
    open_session(window.ctx)
    panel = unlock(window)
    before = sync_status(window.ctx.paths).pending_events
    panel.stations.buttons[0].click()
    after = sync_status(window.ctx.paths).pending_events
    assert after == before + 1
    qtbot.waitUntil(lambda: f"{after}" in panel.sync_box.status.text(), timeout=3000)


# --- the class hexagon (moved here from test_careers_screens: it is a facilitator page) -------------------
def test_class_hexagon_from_the_panel(make_window, qtbot):
    window = make_window()
    ctx = window.ctx
    open_session(ctx)
    ctx.log_now(
        [
            ctx.flow.event("career_completed", {"code": code, "answered": 30, "skipped": 0})
            for code in ("AIS", "ASE", "IRC", "")
        ]
    )
    panel = unlock(window)
    panel.careers_group.click()  # (a synthetic tap inside the panel's kinetic area is not delivered)
    view = window.stack.currentWidget()
    assert view is window.pages["careers_group"] and view.isVisible()
    assert view.hexagon.plotted_values() == pytest.approx({"R": 0, "I": 0.5, "A": 1, "S": 0, "E": 0, "C": 0})
    assert view.count.text() == "4 questionnaires terminés dans cette session, 3 avec un code"
    assert view.hexagon.label_text("A").endswith("2 · 67\u00a0%")
    tap(qtbot, view.view_buttons.button(1))  # all letters, weighted: A = 3/6 + 3/6, S = 1/6 + 2/6 …
    assert view.hexagon.plotted_values()["A"] == pytest.approx(1.0)
    assert view.hexagon.plotted_values()["S"] == pytest.approx(0.5)
    assert not view.problem.isVisible()  # the career cards loaded: nothing to explain
    tap(qtbot, view.close_button)
    assert window.stack.currentWidget() is panel


def test_class_hexagon_without_a_session(make_ctx, qtbot):
    ctx = make_ctx()
    view = CareersGroupView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.start()
    assert view.count.text().startswith("Aucune session de café en cours")
    assert view.hexagon.plotted_values() == dict.fromkeys("RIASEC", 0.0)


def test_the_panel_goes_to_one_column_when_two_would_be_cut(make_ctx, qtbot):
    from kiosk.ui.facilitator.panel import FacilitatorPanel
    from kiosk.ui.theme import stylesheet

    ctx = make_ctx()
    panel = FacilitatorPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1920, 1080)
    panel.show()
    qtbot.waitUntil(lambda: panel.scroll.viewport().width() > 1500)
    assert panel.two_columns
    QApplication.instance().setStyleSheet(stylesheet(large_text=True, high_contrast=False))
    panel.resize(1024, 768)
    qtbot.waitUntil(lambda: not panel.two_columns)
    viewport = panel.scroll.viewport()
    for box in (*panel.columns[0], *panel.columns[1]):
        assert box.geometry().right() <= viewport.width(), box  # nothing cut at the right edge
    panel.resize(1920, 1080)
    qtbot.waitUntil(lambda: panel.two_columns)

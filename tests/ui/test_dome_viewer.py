"""The visitor 360° viewer: opens the first demo picture, turns with a drag, zooms, logs shows."""

from __future__ import annotations

import json
import logging

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
    assert types.count("vr_view_started") == 1 and types.count("vr_view_ended") == 1


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


# --- videos, inertia, the drawing path ---------------------------------------------------------------

VIDEO = "demo-dome-aurores"  # the dome's demo show (equirectangular): offered in the viewer too


def shows_logged(ctx) -> list[tuple[str, dict]]:
    """The viewer's events in the log, in order, with their payloads."""
    ctx.writer.call(lambda book: None).result()
    rows = ctx.reader.execute(
        "SELECT type, payload FROM events WHERE type LIKE 'vr_view_%' ORDER BY epoch, seq"
    ).fetchall()
    return [(kind, json.loads(payload)) for kind, payload in rows]


def open_viewer(make_window):
    window = make_window()
    window.start_visit()
    window.open_activity("dome")
    return window, window.activities["dome"]


def choose(screen, qtbot, media_id: str) -> None:
    button = next(button for item, button in screen.choices if item.id == media_id)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def play_video(screen, qtbot) -> np.ndarray:
    choose(screen, qtbot, VIDEO)
    assert screen.media_id == VIDEO and screen.video.playing
    qtbot.waitUntil(lambda: screen.planes is not None and screen.frame is not None, timeout=5000)
    return screen.frame.copy()


def test_the_demo_show_plays_in_the_viewer_and_turns_with_the_finger(make_window, qtbot):
    window, screen = open_viewer(make_window)
    assert VIDEO in [item.id for item, _ in screen.choices]
    assert next(b for i, b in screen.choices if i.id == VIDEO).text().startswith("🎬")
    first = play_video(screen, qtbot)
    assert screen.frame.shape[:2] == (screen.view.height(), screen.view.width())
    qtbot.waitUntil(lambda: np.abs(screen.frame.astype(int) - first.astype(int)).mean() > 0.5, timeout=5000)
    pts = screen.planes.pts_s
    qtbot.waitUntil(lambda: screen.planes.pts_s > pts, timeout=3000)  # frames keep coming
    yaw = screen.state.yaw_deg
    qtbot.mousePress(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(screen.view, QPoint(250, 300))
    qtbot.mouseRelease(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(250, 300))
    assert screen.state.yaw_deg > yaw + 5 and screen.video.playing


def test_the_view_coasts_after_release_slows_down_and_stops(make_window, qtbot):
    window, screen = open_viewer(make_window)
    clock = window.ctx.clock
    qtbot.mousePress(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(600, 300))
    for x in range(560, 340, -40):  # a flick to the left: 40 px every 20 ms
        clock.advance(0.02)
        qtbot.mouseMove(screen.view, QPoint(x, 300))
    qtbot.mouseRelease(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(360, 300))
    assert screen._coast_timer.isActive() and screen.look.inertia.yaw_deg_s > 100
    released = screen.state.yaw_deg
    speed = screen.look.inertia.yaw_deg_s
    clock.advance(0.1)
    qtbot.waitUntil(lambda: screen.state.yaw_deg > released + 5)  # it goes on turning the same way…
    assert screen.look.inertia.yaw_deg_s < speed  # … slower
    qtbot.waitUntil(lambda: screen.frame is not None and not screen._render_timer.isActive())
    coasted = screen.frame.copy()
    clock.advance(0.1)
    qtbot.waitUntil(lambda: np.abs(screen.frame.astype(int) - coasted.astype(int)).mean() > 1)  # drawn as it turns
    qtbot.mousePress(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))  # a touch stops it
    assert not screen._coast_timer.isActive() and not screen.look.inertia.moving
    qtbot.mouseRelease(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    # a second flick, left alone: it stops on its own
    qtbot.mousePress(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    clock.advance(0.02)
    qtbot.mouseMove(screen.view, QPoint(360, 300))
    clock.advance(0.02)
    qtbot.mouseMove(screen.view, QPoint(320, 300))
    qtbot.mouseRelease(screen.view, Qt.MouseButton.LeftButton, pos=QPoint(320, 300))
    assert screen._coast_timer.isActive()
    clock.advance(5.0)
    qtbot.waitUntil(lambda: not screen._coast_timer.isActive())
    stopped = screen.state
    clock.advance(1.0)
    qtbot.wait(50)
    assert screen.state == stopped


def test_choosing_a_picture_stops_the_video_and_logs_its_seconds(make_window, qtbot):
    window, screen = open_viewer(make_window)
    play_video(screen, qtbot)
    qtbot.waitUntil(lambda: screen.look.watched_s >= 1.0, timeout=5000)
    player = screen.video.player
    choose(screen, qtbot, "demo-360-grille")
    assert not screen.video.playing and player._threads == [] and not screen._video_timer.isActive()
    assert screen.media_id == "demo-360-grille" and screen.planes is None and screen.source is not None
    shows = shows_logged(window.ctx)
    assert [(kind, p["media_id"]) for kind, p in shows] == [
        ("vr_view_started", "demo-360-paysage"),
        ("vr_view_ended", "demo-360-paysage"),
        ("vr_view_started", VIDEO),
        ("vr_view_ended", VIDEO),
        ("vr_view_started", "demo-360-grille"),
    ]
    ended = shows[3][1]
    assert ended["target"] == "viewer" and 1 <= ended["seconds"] <= 10
    assert set(ended) == {"media_id", "target", "seconds"}  # nothing about the visitor


@pytest.mark.parametrize("leave", ["home", "idle"])
def test_leaving_stops_the_video_and_logs_started_and_ended(make_window, qtbot, leave):
    window, screen = open_viewer(make_window)
    play_video(screen, qtbot)
    qtbot.waitUntil(lambda: screen.look.watched_s >= 1.0, timeout=5000)
    player = screen.video.player
    if leave == "home":
        qtbot.mouseClick(screen.header.home, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.home
    else:
        window.reset_visitor(reason="idle")
    assert not screen.video.playing and player._threads == [] and not screen._video_timer.isActive()
    video = [(kind, p) for kind, p in shows_logged(window.ctx) if p["media_id"] == VIDEO]
    assert [kind for kind, _ in video] == ["vr_view_started", "vr_view_ended"]
    assert video[1][1]["seconds"] >= 1
    window.ctx.writer.call(lambda book: None).result()
    rows = window.ctx.reader.execute("SELECT session_id FROM events WHERE type LIKE 'vr_view_%'")
    sessions = {row[0] for row in rows}
    assert len(sessions) == 1  # stamped by the flow like every event


def test_a_hidden_page_pauses_the_video_and_goes_on_where_it_was(make_window, qtbot):
    window, screen = open_viewer(make_window)
    play_video(screen, qtbot)
    qtbot.waitUntil(lambda: screen.video.position_s() >= 0.5, timeout=5000)
    window.open_pinpad()  # the PIN pad over the viewer: no sound behind it
    assert not screen.video.playing and screen.video.resume_at >= 0.5
    at = screen.video.resume_at
    window._pin_cancelled()
    assert screen.video.playing and screen.video.position_s() >= at - 0.05


def test_a_broken_video_says_so_and_the_viewer_stays_usable(make_window, qtbot, tmp_path, monkeypatch):
    from kiosk.content.media import MediaManifest
    from kiosk.errors import Message

    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)  # an MP4 header, then garbage
    real = MediaManifest.path_of

    def path_of(self, media_id, language="fr"):
        return broken if media_id == VIDEO else real(self, media_id, language)

    monkeypatch.setattr(MediaManifest, "path_of", path_of)
    window, screen = open_viewer(make_window)
    choose(screen, qtbot, VIDEO)
    assert screen.message.isVisible() and Message("dome.video_unreadable").text("fr") in screen.message.text()
    assert screen.media_id is None and not screen.video.playing
    assert window.ctx.notices[-1].key == "notices.video_unreadable"
    window.set_language("en")
    assert Message("dome.video_unreadable").text("en") in screen.message.text()
    choose(screen, qtbot, "demo-360-grille")  # still usable
    assert not screen.message.isVisible() and screen.media_id == "demo-360-grille" and screen.frame is not None
    window.reset_visitor()
    assert [(kind, p["media_id"]) for kind, p in shows_logged(window.ctx)] == [
        ("vr_view_started", "demo-360-paysage"),
        ("vr_view_ended", "demo-360-paysage"),
        ("vr_view_started", "demo-360-grille"),
        ("vr_view_ended", "demo-360-grille"),
    ]


def test_the_gpu_path_is_chosen_only_with_a_usable_probe_on_a_real_platform():
    from kiosk.ui.output.gl_context import GlCapability
    from kiosk.ui.screens.dome.render_path import choose_path

    hardware = GlCapability(True, hardware=True, widgets=True, platform="xcb", api="OpenGL", version="4.6")
    software = GlCapability(True, hardware=False, widgets=True, platform="xcb", renderer="llvmpipe")

    def never() -> GlCapability:
        raise AssertionError("probed")

    assert choose_path("offscreen", never, {})[0] == "cpu"  # the tests: nothing is probed
    assert choose_path("xcb", lambda: hardware, {})[0] == "gpu"
    assert choose_path("wayland", lambda: software, {})[0] == "cpu"
    assert choose_path("xcb", lambda: GlCapability(False, reason="no GL"), {})[0] == "cpu"
    assert choose_path("xcb", never, {"KIOSK_DOME_RENDER": "cpu"})[0] == "cpu"
    assert choose_path("xcb", lambda: software, {"KIOSK_DOME_RENDER": "gpu"})[0] == "gpu"


def test_the_viewer_says_which_path_draws(make_window, caplog):
    with caplog.at_level(logging.INFO, logger="kiosk"):
        window, screen = open_viewer(make_window)
    assert screen.path == "cpu" and any("360° viewer: cpu path" in r.getMessage() for r in caplog.records)


def test_a_sideways_turn_is_a_shift_of_the_maps():
    """The CPU path's maps at yaw a are the yaw-0 maps shifted by a/360 of the width (built once)."""
    import cv2

    from dome import build_maps
    from kiosk.look import LookState
    from kiosk.ui.screens.dome.cpu_view import PerspectiveWarp

    rng = np.random.default_rng(0)
    source = cv2.GaussianBlur(rng.integers(0, 255, (512, 1024, 3), np.uint8), (0, 0), 2)
    i420 = cv2.cvtColor(source, cv2.COLOR_BGR2YUV_I420).reshape(-1)
    y = i420[: 512 * 1024].reshape(512, 1024)
    u = i420[512 * 1024 : 512 * 1024 * 5 // 4].reshape(256, 512)
    v = i420[512 * 1024 * 5 // 4 :].reshape(256, 512)
    warp = PerspectiveWarp()

    def expected(state, width, height):
        maps = build_maps(PerspectiveWarp.mapping(1024, 512, state, width, height))
        return cv2.remap(source, maps.map_x, maps.map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP)

    for yaw in (0.0, 37.5, -150.0, 179.0):
        state = LookState(yaw, 20.0, 80.0)
        assert np.abs(warp.bgr(source, state, 320, 200).astype(int) - expected(state, 320, 200)).max() <= 2
    assert warp.builds == 1  # turning sideways built no maps
    for yaw in (0.0, 37.5, -150.0, 179.0):
        state = LookState(yaw, 20.0, 80.0)
        video = warp.yuv420(y, u, v, state, 321, 199)  # any size: 4:2:0 rendered at 322×200, then cut
        assert video.shape == (199, 321, 3)
        error = np.abs(video.astype(int) - expected(state, 322, 200)[:199, :321])
        assert error.mean() < 3  # colour at half resolution, BT.601 both ways
    assert warp.builds == 2

"""The dome console (offscreen): the projector shows a pattern at once, a control changes the projector's
image within a few frames, profiles save/load/export/import, the mesh order is detected or refused."""

from __future__ import annotations

import numpy as np
import pytest

from dome.mesh import identity_mesh, write_mesh
from kiosk.ui.facilitator.dome_console import DomeConsole

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("small_patterns")]

TIMEOUT_MS = 30_000


@pytest.fixture
def console(make_ctx, qtbot):
    ctx = make_ctx()
    parent = __import__("PySide6.QtWidgets", fromlist=["QWidget"]).QWidget()
    qtbot.addWidget(parent)
    parent.resize(1280, 800)
    parent.show()
    console = DomeConsole.cover(parent, ctx)
    yield console
    console.shut_down()


def _image(console):
    image = console.backend.last_image()
    return None if image is None else image.copy()


def test_the_projector_shows_a_pattern_at_once(console, qtbot):
    qtbot.waitUntil(lambda: _image(console) is not None and _image(console).any(), timeout=TIMEOUT_MS)
    image = _image(console)
    profile = console.station.profile
    assert image.shape == (profile.projector_height, profile.projector_width, 3)
    assert console.output.isVisible() and console.output.rehearsal  # one screen: the rehearsal window


def test_moving_a_control_changes_the_projector_image(console, qtbot):
    qtbot.waitUntil(lambda: console.station.geometry.version > 0 and _image(console) is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not console.requested_at, timeout=TIMEOUT_MS)
    before = _image(console)
    console.calibration.nudge_named("yaw_deg", 30.0)
    assert console.station.profile.yaw_deg == 30.0
    qtbot.waitUntil(lambda: not np.array_equal(_image(console), before), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: console.latency_ms is not None, timeout=TIMEOUT_MS)


def test_profiles_save_load_export_import(console, qtbot, tmp_path):
    from kiosk.ui.facilitator import dome_console_files as files

    console.change_value("tilt_deg", 12.0)
    console.profiles.name.setText("Dôme gonflable 5 m — projecteur A")
    files.save_profile(console, save_as=True)
    assert "Dôme gonflable 5 m — projecteur A" in console.store.names()
    assert console.store.last().tilt_deg == 12.0
    console.change_value("tilt_deg", 0.0)
    files.load_profile(console)
    assert console.station.profile.tilt_deg == 12.0
    exported = console.store.export(console.station.profile.name, tmp_path)
    console.store.delete(console.station.profile.name)
    assert console.store.names() == []
    imported = console.store.import_file(exported)
    assert imported.tilt_deg == 12.0 and console.store.names() == [imported.name]


def test_a_column_major_mesh_is_detected_and_a_garbage_one_refused(console, qtbot, tmp_path):
    from kiosk.ui.facilitator import dome_console_files as files

    mesh = identity_mesh(1920, 1080, 9, 5)
    ny, nx = mesh.x.shape
    body = np.stack([a.T.ravel() for a in (mesh.x, mesh.y, mesh.u, mesh.v, mesh.i)], axis=1)
    path = tmp_path / "by-columns.data"
    path.write_text(f"2\n{nx} {ny}\n" + "\n".join(" ".join(f"{v:.6f}" for v in row) for row in body) + "\n")
    files.import_mesh(console, path)
    assert console.station.profile.mesh_name == "by-columns.data"
    assert "colonne par colonne" in console.profiles.mesh.text()
    garbage = tmp_path / "garbage.data"
    rng = np.random.default_rng(2)
    write_mesh(garbage, identity_mesh(64, 48, 7, 5))
    lines = garbage.read_text().splitlines()
    nodes = lines[2:]
    rng.shuffle(nodes)
    garbage.write_text("\n".join(lines[:2] + nodes) + "\n")
    files.import_mesh(console, garbage)
    assert console.station.profile.mesh_name == "by-columns.data"  # nothing lost
    assert "garbage.data" in console.profiles.message.text() and "⚠" in console.profiles.message.text()


def test_a_pulled_projector_cable_falls_back_to_the_rehearsal_window(console, qtbot):
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    console.output.place(screen)
    assert not console.output.rehearsal
    with qtbot.waitSignal(console.output.screen_lost):
        console.output._screen_removed(screen)  # what Qt calls when the cable is pulled
    assert console.output.rehearsal and console.output.isVisible()
    assert screen.name() in console.controls.message.text()
    console.output._screen_added(screen)  # plugged back: the picture returns to it
    assert not console.output.rehearsal


def test_a_corrupt_show_is_skipped_with_a_message(console, qtbot, tmp_path):
    from kiosk.show.playlist import Show
    from tests.kiosk.show_media import make_show

    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    good = make_show(tmp_path / "good.mp4", seconds=3.0)
    console.station.shows[:] = [
        Show("broken", broken, "video", "equirect", "Cassé", "Broken", 10.0),
        Show("good", good, "video", "equirect", "Bon", "Good", 3.0),
    ]
    console.play_show(0)
    assert console.station.current_show is not None and console.station.current_show.media_id == "good"
    assert "broken.mp4" in console.shows.message.text()
    qtbot.waitUntil(lambda: console.station.player.stats.shown > 0, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: console.station.current_show is None, timeout=TIMEOUT_MS)  # ends on black
    console.ctx.writer.call(lambda book: None).result()
    logged = [row[0] for row in console.ctx.reader.execute("SELECT type FROM events ORDER BY seq")]
    assert logged[-2:] == ["dome_show_started", "dome_show_ended"]


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_the_console_says_which_back_end_draws_and_why(console):
    """Offscreen Qt cannot show OpenGL widgets: the CPU back end, and the console says so in both languages."""
    assert console.backend.name == "cpu"
    line = _plain(console.status.text())
    assert line == "🖥  " + _plain(console.backend_message.text("fr"))
    assert line.startswith("🖥  Rendu du dôme : processeur (la plateforme Qt « offscreen »") and "OpenGL" in line
    console.ctx.tr.language = "en"
    console.retranslate()
    line = console.status.text()
    assert line.startswith("🖥  Dome rendering: processor (Qt") and "'offscreen'" in line


def test_without_a_hardware_decoder_the_show_plays_and_the_console_says_software(console, qtbot, tmp_path, monkeypatch):
    import av

    from kiosk.show import hwaccel
    from kiosk.show.playlist import Show
    from tests.kiosk.show_media import make_show

    real_open = av.open

    def no_driver(file, *args, hwaccel=None, **kwargs):  # a laptop whose FFmpeg has cuda but no NVIDIA driver
        if hwaccel is not None:
            raise av.error.PermissionError(1, "Operation not permitted")
        return real_open(file, *args, **kwargs)

    good = make_show(tmp_path / "good.mp4", seconds=2.0)
    monkeypatch.setattr(av, "open", no_driver)
    monkeypatch.setattr(hwaccel, "wanted_devices", lambda prefer=None, environ=None: ["cuda"])
    console.station.shows[:] = [Show("good", good, "video", "equirect", "Bon", "Good", 2.0)]
    assert "Décodage" not in console.status.text()  # no video opened yet
    console.play_show(0)
    qtbot.waitUntil(lambda: console.station.player.stats.shown > 0, timeout=TIMEOUT_MS)
    console.refresh()
    lines = _plain(console.status.text()).splitlines()
    assert lines[1].startswith("🎞  Décodage vidéo : logiciel (cuda: ") and "not permitted" in lines[1]

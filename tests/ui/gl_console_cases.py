"""The dome console on the GPU back end, with qtbot, on a real X server: run by ``test_gl_console.py``.

Not collected by the normal run (the name does not start with ``test_``): ``test_gl_console.py`` starts a
private Xvfb and runs ``python -m pytest tests/ui/gl_console_cases.py`` with ``QT_QPA_PLATFORM=xcb`` and
``KIOSK_DOME_RENDER=gpu`` (Mesa's llvmpipe is a software rasteriser, which the console would otherwise
leave to the CPU back end). Every case skips when no OpenGL 3.3 context can be made on that display.
"""

from __future__ import annotations

import dataclasses
import os

import cv2
import numpy as np
import pytest

from dome.mesh import identity_mesh, write_mesh
from tests.dome.conftest import psnr

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("small_patterns")]

TIMEOUT_MS = 60_000
SIZE = (640, 360)  # the projector: smaller than the GPU preview's 768 px, so last_image() is full size

if os.environ.get("QT_QPA_PLATFORM") != "xcb":
    pytest.skip("run by test_gl_console.py on Xvfb (QT_QPA_PLATFORM=xcb)", allow_module_level=True)


@pytest.fixture
def console(make_ctx, qtbot):
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.facilitator.dome_console import DomeConsole

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1280, 800)
    parent.show()
    console = DomeConsole.cover(parent, make_ctx())
    if console.backend.name != "gpu":
        reason = console.backend_message.text("en")
        console.shut_down()
        pytest.skip(f"no OpenGL 3.3 context on Xvfb: {reason}")
    qtbot.waitExposed(console.output)
    console.station.set_profile(
        dataclasses.replace(console.station.profile, projector_width=SIZE[0], projector_height=SIZE[1])
    )
    yield console
    console.shut_down()


def status(console) -> str:
    """The console's back end / decoder lines, with French typography's no-break spaces made plain."""
    return console.status.text().replace("\xa0", " ").replace("\u202f", " ")


def settled(console) -> bool:
    """The newest request is on the projector, with its full-size maps (the pattern labels) in."""
    backend, version = console.backend, console.station.geometry.version
    return (
        backend._version() == version
        and backend._geometry is not None
        and backend._geometry.version == version
        and not backend._geometry.preview
        and backend.last_image() is not None
        and not console.requested_at
    )


def spy_uploads(console, monkeypatch) -> list[str]:
    """Names of the geometry textures the renderer uploads from now on (the maps and the gain mask)."""
    renderer = console.backend.widget.renderer
    uploads: list[str] = []
    real = renderer._upload

    def upload(slot, *args, **kwargs):
        if slot in ("u_map", "u_mask"):
            uploads.append(slot)
        return real(slot, *args, **kwargs)

    monkeypatch.setattr(renderer, "_upload", upload)
    return uploads


def cpu_picture(console) -> np.ndarray:
    """What the CPU back end would show for the current profile and frame (RGB)."""
    from kiosk.show.calibration import build_geometry
    from kiosk.show.render import ProjectorRenderer

    station, frame = console.station, console.backend._shown
    renderer = ProjectorRenderer(build_geometry(station.profile, frame.source), station.look(), station.pattern, "fr")
    try:
        return renderer.render_bgr(frame.image).copy()
    finally:
        renderer.close()


def test_the_console_draws_on_the_gpu_and_says_so(console, qtbot):
    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    assert console.backend.mode == "analytic"
    text = status(console)
    assert "Rendu du dôme : OpenGL" in text and "KIOSK_DOME_RENDER=gpu" in text
    console.ctx.tr.language = "en"
    console.retranslate()
    assert "Dome rendering: OpenGL" in status(console)


def test_a_slider_on_the_gpu_uploads_no_maps_and_moves_the_picture(console, qtbot, monkeypatch):
    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    uploads = spy_uploads(console, monkeypatch)
    builds: list[bool] = []
    import kiosk.show.geometry_service as service

    real_build = service.build_geometry
    monkeypatch.setattr(service, "build_geometry", lambda *a, **k: (builds.append(k["chroma"]), real_build(*a, **k))[1])
    before = console.backend.last_image().copy()
    slider = console.calibration.rows["tilt_deg"][1]
    slider.setValue(slider.value() + 150)  # the operator drags the dome-tilt slider
    version = console.station.geometry.version
    assert console.backend._analytic.version == version  # on the GPU before the console returned
    assert not console.controls.busy.text()  # nothing to sharpen: the GPU draws it exact at once
    qtbot.waitUntil(lambda: not np.array_equal(console.backend.last_image(), before), timeout=TIMEOUT_MS)
    assert uploads == []
    qtbot.waitUntil(lambda: console.latency_ms is not None and settled(console), timeout=TIMEOUT_MS)
    assert uploads == [] and builds == [False]  # one luma build (for the labels) once the slider rested
    assert psnr(console.backend.last_image(), cpu_picture(console)) >= 40.0


def test_rotation_and_flips_are_the_output_transform(console, qtbot, monkeypatch):
    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    uploads = spy_uploads(console, monkeypatch)
    for name, value in (("yaw_deg", 40.0), ("circle_x", 0.05), ("flip_h", True), ("rotate_deg", 90)):
        console.change_value(name, value)
    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    assert uploads == []
    gpu = console.backend.last_image()
    assert gpu.shape == (SIZE[1], SIZE[0], 3)  # the projector's own shape, the picture turned inside it
    assert psnr(gpu, cpu_picture(console)) >= 40.0


def test_a_mesh_takes_the_maps_mode_and_back(console, qtbot, monkeypatch, tmp_path):
    from kiosk.ui.facilitator import dome_console_files as files

    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    path = tmp_path / "projector.data"
    write_mesh(path, identity_mesh(SIZE[0], SIZE[1], 9, 5))
    files.import_mesh(console, path)
    qtbot.waitUntil(lambda: settled(console) and console.backend.mode == "maps", timeout=TIMEOUT_MS)
    uploads = spy_uploads(console, monkeypatch)
    console.change_value("yaw_deg", 20.0)
    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    assert "u_map" in uploads  # with a mesh, a slider means new maps
    assert psnr(console.backend.last_image(), cpu_picture(console)) >= 40.0
    files.clear_mesh(console)
    qtbot.waitUntil(lambda: settled(console) and console.backend.mode == "analytic", timeout=TIMEOUT_MS)
    assert psnr(console.backend.last_image(), cpu_picture(console)) >= 40.0


def test_a_show_plays_on_the_gpu_and_the_decoder_is_named(console, qtbot, tmp_path, monkeypatch):
    from kiosk.show.playlist import Show
    from tests.kiosk.show_media import make_show

    monkeypatch.setenv("KIOSK_HWACCEL", "off")
    good = make_show(tmp_path / "good.mp4", seconds=4.0)
    console.station.shows[:] = [Show("good", good, "video", "equirect", "Bon", "Good", 4.0)]
    console.play_show(0)
    qtbot.waitUntil(lambda: console.station.player.stats.shown > 0, timeout=TIMEOUT_MS)  # llvmpipe: slow
    console.refresh()
    assert "Décodage vidéo : logiciel (KIOSK_HWACCEL=off)" in status(console)
    assert console.backend.stats().rendered > 0 and console.backend.mode == "analytic"
    qtbot.waitUntil(lambda: console.station.current_show is None, timeout=TIMEOUT_MS)  # ends on black


def test_nv12_frames_are_drawn_as_the_planar_ones(console, qtbot):
    """A hardware decoder's NV12 frame goes to the GPU as it is, and shows what its planar twin shows."""
    from kiosk.show.calibration import SourceKind
    from kiosk.show.decode import VideoPlanes
    from kiosk.show.station import SourceFrame
    from tests.dome.conftest import smooth_equirect

    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    console._tick.stop()  # the test hands the frames itself
    console.station.stop()
    source = smooth_equirect(1024, 512)
    i420 = cv2.cvtColor(source, cv2.COLOR_BGR2YUV_I420)
    y, u, v = i420[:512], i420[512:640].reshape(256, 512), i420[640:].reshape(256, 512)
    kind = SourceKind("equirect", 1024, 512)
    version = console.station.geometry.request(console.station.profile, kind)
    qtbot.waitUntil(lambda: console.backend._version() == version, timeout=TIMEOUT_MS)
    uploads: list[str] = []
    widget = console.backend.widget
    real_nv12, real_yuv = widget.set_nv12, widget.set_yuv420
    widget.set_nv12 = lambda *a: (uploads.append("nv12"), real_nv12(*a))[1]
    widget.set_yuv420 = lambda *a: (uploads.append("yuv420p"), real_yuv(*a))[1]
    console.backend.show_frame(SourceFrame(900, kind, planes=VideoPlanes(0.0, y, u, v), pts_s=0.0))
    planar = console.backend.last_image().copy()
    nv12 = VideoPlanes.nv12(0.04, y, np.stack([u, v], axis=-1))
    console.backend.show_frame(SourceFrame(901, kind, planes=nv12, pts_s=0.04))
    assert uploads == ["yuv420p", "nv12"]
    assert np.array_equal(console.backend.last_image(), planar) and planar.any()
    assert nv12._u is None  # never split for the GPU


def test_a_broken_gpu_hands_the_projector_to_the_cpu(console, qtbot):
    qtbot.waitUntil(lambda: settled(console), timeout=TIMEOUT_MS)
    console.backend.widget._fail("context lost")  # what the widget does when the driver fails
    assert console.backend.name == "cpu"
    assert "la carte graphique a échoué : context lost" in status(console)
    qtbot.waitUntil(lambda: console.backend.last_image() is not None, timeout=TIMEOUT_MS)
    assert console.backend.last_image().shape == (SIZE[1], SIZE[0], 3)
    before = console.backend.last_image().copy()
    console.change_value("yaw_deg", 60.0)  # the CPU path takes the sliders now
    qtbot.waitUntil(lambda: not np.array_equal(console.backend.last_image(), before), timeout=TIMEOUT_MS)

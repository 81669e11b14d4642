"""How the dome console picks its back end (kiosk.ui.output.gl_backend.choose_backend), offscreen.

The GPU back end only where the probe found a graphics card's OpenGL 3.3 on a platform that shows OpenGL
widgets; the CPU back end otherwise, each with the line that says why; ``KIOSK_DOME_RENDER`` overrides.
"""

from __future__ import annotations

import pytest

from kiosk.ui.output.gl_backend import choose_backend
from kiosk.ui.output.gl_context import GlCapability

pytestmark = pytest.mark.qt

CARD = GlCapability(True, hardware=True, widgets=True, platform="xcb", api="OpenGL", version="4.6.0 NVIDIA 550",
                    renderer="NVIDIA GeForce RTX 3050", vendor="NVIDIA", max_texture=32768)  # fmt: skip
LLVMPIPE = GlCapability(True, hardware=False, widgets=True, platform="xcb", api="OpenGL", version="4.5 Mesa",
                        renderer="llvmpipe (LLVM 15)", vendor="Mesa", max_texture=16384)  # fmt: skip


def _choose(capability, environ):
    backend, message = choose_backend("fr", capability, environ)
    try:
        return backend.name, message.text("fr").replace("\xa0", " ").replace("\u202f", " ")
    finally:
        backend.close()


def test_a_graphics_card_takes_the_gpu_back_end(qapp):
    name, line = _choose(CARD, {})
    assert (
        name == "gpu" and line == "Rendu du dôme : carte graphique (NVIDIA GeForce RTX 3050, OpenGL 4.6.0 NVIDIA 550)"
    )


def test_a_software_rasteriser_stays_on_the_cpu_unless_forced(qapp):
    assert _choose(LLVMPIPE, {}) == ("cpu", "Rendu du dôme : processeur (OpenGL est logiciel ici : llvmpipe (LLVM 15))")
    name, line = _choose(LLVMPIPE, {"KIOSK_DOME_RENDER": "gpu"})
    assert name == "gpu" and line.endswith("imposé par KIOSK_DOME_RENDER=gpu") and "llvmpipe" in line


def test_the_cpu_can_be_forced_and_no_gl_means_the_cpu(qapp):
    assert _choose(CARD, {"KIOSK_DOME_RENDER": "cpu"}) == (
        "cpu",
        "Rendu du dôme : processeur (imposé par KIOSK_DOME_RENDER=cpu)",
    )
    none = GlCapability(False, platform="xcb", reason="no OpenGL context of the needed version")
    assert _choose(none, {"KIOSK_DOME_RENDER": "gpu"})[0] == "cpu"


def test_offscreen_qt_is_not_even_probed(qapp, monkeypatch):
    import kiosk.ui.output.gl_backend as gl_backend

    monkeypatch.setattr(gl_backend, "probe", lambda: pytest.fail("probed on a platform without OpenGL widgets"))
    name, line = _choose(None, {})
    assert name == "cpu" and "« offscreen »" in line.replace("\u202f", " ")

"""The GPU back end through Qt on an X server (Xvfb + Mesa llvmpipe): probe, QOpenGLWidget, same picture.

Runs ``gl_qt_check.py`` in a process of its own on a private Xvfb display (``tests/e2e/xvfb.py``), with
Qt's xcb platform and GLX, as the kiosk runs on a laptop. Skips only when Xvfb is missing or no OpenGL
context can be made on it (the probe says so); ``./dev test`` installs Xvfb and Mesa, so it runs in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.xvfb import start_xvfb

pytestmark = [pytest.mark.qt, pytest.mark.slow]

SCRIPT = Path(__file__).with_name("gl_qt_check.py")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (./dev installs it)")
    out = tmp_path_factory.mktemp("gl-qt")
    server, display = start_xvfb(640, 480)
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        run = subprocess.run(
            [sys.executable, str(SCRIPT), str(out)], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        server.terminate()
        server.wait(10)
    assert run.returncode == 0, run.stderr[-3000:]
    data = json.loads((out / "report.json").read_text())
    if not data["probe"]["available"]:
        pytest.skip(f"no OpenGL 3.3 context on Xvfb: {data['probe']['reason']}")
    return data


def test_probe_finds_an_opengl_context_and_says_which_path(report) -> None:
    probe = report["probe"]
    assert probe["api"] in ("OpenGL", "OpenGL ES") and probe["max_texture"] >= 4096
    assert probe["platform"] == "xcb" and probe["widgets"]
    assert probe["renderer"] and probe["version"]
    if probe["hardware"]:
        assert probe["renderer"] in report["message_en"]
    else:  # Mesa's llvmpipe in CI: the player stays on the CPU and the console says why
        assert "llvmpipe" in probe["renderer"] or "pipe" in probe["renderer"]
        assert probe["renderer"] in report["message_fr"] and report["message_fr"] != report["message_en"]


def test_the_widget_shows_the_cpu_picture(report) -> None:
    assert report["platform"] == "xcb" and report["exposed"] and report["error"] is None
    assert report["shape"] == [384, 384, 3]
    assert report["psnr_still_analytic"] >= 40.0
    assert report["psnr_still_maps"] >= 40.0
    assert report["psnr_video_analytic"] >= 40.0

"""The GPU back end (OutputBackend on OpenGL) shows what the CPU renderer shows: run under Xvfb.

``gl_backend_check.py`` runs in a process of its own on a private Xvfb display with Qt's xcb platform
(Mesa's llvmpipe in CI): a calibrated projector profile, a video frame with brightness/gamma/fade, a
still with the polar pattern's labels, black; compared with :class:`kiosk.show.render.ProjectorRenderer`.
Skips only when Xvfb is missing or no OpenGL 3.3 context can be made on it.
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

SCRIPT = Path(__file__).with_name("gl_backend_check.py")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (./dev installs it)")
    out = tmp_path_factory.mktemp("gl-backend")
    server, display = start_xvfb(800, 600)
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        run = subprocess.run(
            [sys.executable, str(SCRIPT), str(out)], env=env, capture_output=True, text=True, timeout=180
        )
    finally:
        server.terminate()
        server.wait(10)
    if "no OpenGL" in run.stderr or "cannot be made current" in run.stderr:
        pytest.skip(f"no OpenGL 3.3 context on Xvfb: {run.stderr.strip().splitlines()[-1]}")
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads((out / "report.json").read_text())


def test_video_frames_look_as_on_the_cpu_back_end(report) -> None:
    assert report["exposed"] and report["error"] is None
    assert report["psnr_video"] >= 40.0  # brightness, gamma, fade, flips, circle offset included


def test_pattern_labels_are_painted_as_on_the_cpu_back_end(report) -> None:
    assert report["label_pixels"] > 200
    assert report["psnr_still_with_labels"] >= 40.0 and report["psnr_labels"] >= 30.0


def test_presented_frames_black_preview_and_figures(report) -> None:
    assert [1.5, 3, False] in report["presented"]  # the video frame's time and the geometry version
    assert report["black_max"] == 0
    assert report["preview_shape"] == [360, 640, 3]
    stats = report["stats"]
    assert stats["rendered"] >= 2 and stats["dropped"] == 0 and 0 < stats["render_ms"] <= stats["paint_ms"]
    assert 0 < report["latency_s"] < 2.0

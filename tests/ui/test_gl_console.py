"""The dome console on the GPU back end (qtbot on Xvfb + Mesa llvmpipe): the cases of ``gl_console_cases.py``.

Qt's platform cannot change inside this pytest run (offscreen), so the cases run in a pytest process of
their own on a private Xvfb display with Qt's xcb platform and ``KIOSK_DOME_RENDER=gpu`` (the console
would leave llvmpipe, a software rasteriser, to the CPU back end). Each test here reports one case: a
slider on the GPU path uploads no maps and moves the picture (and matches the CPU renderer), rotation and
flips are the output transform, a mesh takes the maps mode, a show plays and the decoder is named, NV12
frames go to the GPU as they are, a broken GPU hands the projector to the CPU. Skips only when Xvfb is
missing or no OpenGL 3.3 context can be made on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.e2e.xvfb import start_xvfb

pytestmark = [pytest.mark.qt, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).with_name("gl_console_cases.py")
NAMES = [
    "test_the_console_draws_on_the_gpu_and_says_so",
    "test_a_slider_on_the_gpu_uploads_no_maps_and_moves_the_picture",
    "test_rotation_and_flips_are_the_output_transform",
    "test_a_mesh_takes_the_maps_mode_and_back",
    "test_a_show_plays_on_the_gpu_and_the_decoder_is_named",
    "test_nv12_frames_are_drawn_as_the_planar_ones",
    "test_a_broken_gpu_hands_the_projector_to_the_cpu",
]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """Each case's outcome (``passed``, ``failed``, ``skipped``) and message."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (./dev installs it)")
    out = tmp_path_factory.mktemp("gl-console")
    server, display = start_xvfb(1280, 800)
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "KIOSK_DOME_RENDER": "gpu"}
        env.pop("WAYLAND_DISPLAY", None)
        run = subprocess.run(
            [sys.executable, "-m", "pytest", str(CASES), "-q", "-p", "no:cacheprovider", "-o", "addopts=",
             f"--junitxml={out / 'cases.xml'}", f"--basetemp={out / 'tmp'}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(10)
    report = out / "cases.xml"
    assert report.is_file(), (run.stdout + run.stderr)[-3000:]
    found: dict[str, tuple[str, str]] = {}
    for case in ET.parse(report).iter("testcase"):
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = "skipped" if child.tag == "skipped" else "failed"
                message = (child.get("message") or "") + "\n" + (child.text or "")
        found[case.get("name", "")] = (outcome, message)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_gpu_console_case(outcomes, name) -> None:
    assert name in outcomes, f"{name} did not run: {sorted(outcomes)}"
    outcome, message = outcomes[name]
    if outcome == "skipped":
        pytest.skip(message.strip().splitlines()[0] if message.strip() else "skipped")
    assert outcome == "passed", message[-3000:]


def test_every_case_is_reported() -> None:
    import ast

    tree = ast.parse(CASES.read_text(encoding="utf-8"))
    cases = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    assert cases == NAMES

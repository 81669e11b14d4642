"""The Qt side of the GPU path on a real X server, run by ``test_gl_output_qt.py`` in its own process.

Usage: ``python tests/ui/gl_qt_check.py OUT_DIR`` with ``DISPLAY`` set and ``QT_QPA_PLATFORM=xcb``.
It runs the capability probe, shows a :class:`kiosk.ui.output.gl_widget.GlDomeWidget` window, draws the
smooth test image through both geometry modes (a BGR still and a 4:2:0 frame), grabs what the widget
shows and compares it with the CPU warp. Writes ``OUT_DIR/report.json`` and the images as PNG; the test
asserts on the report (a process of its own because Qt's platform cannot change inside the pytest run,
which is offscreen).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZE = 384


def main(out_dir: Path) -> int:
    import cv2
    import numpy as np
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from dome import Equirect, Mapping, Orientation, Warper, build_maps, domemaster
    from dome.yuv import YuvWarper
    from kiosk.ui.output.gl_context import probe
    from kiosk.ui.output.gl_widget import GlDomeWidget
    from tests.dome.conftest import psnr, smooth_equirect

    app = QApplication([])
    capability = probe()
    report: dict[str, object] = {
        "probe": dataclasses.asdict(capability),
        "message_fr": capability.message().text("fr"),
        "message_en": capability.message().text("en"),
        "platform": app.platformName(),
    }
    source = smooth_equirect(1024, 512)
    mapping = Mapping(Equirect(1024, 512), domemaster(SIZE, tilt_deg=20), Orientation(30, 0, 0))
    maps = build_maps(mapping)
    widget = GlDomeWidget()
    widget.resize(SIZE, SIZE)
    widget.show()
    report["exposed"] = QTest.qWaitForWindowExposed(widget)

    def shown() -> np.ndarray:
        QTest.qWait(50)
        return widget.grab_bgr()

    cpu = Warper(maps).warp(source)
    widget.set_bgr(source)
    widget.set_mapping(mapping)
    analytic = shown()
    widget.set_maps(maps)
    from_maps = shown()
    i420 = cv2.cvtColor(source, cv2.COLOR_BGR2YUV_I420)
    y, u, v = i420[:512], i420[512:640].reshape(256, 512), i420[640:].reshape(256, 512)
    oy, ou, ov = YuvWarper.from_mapping(mapping).warp(y, u, v)
    cpu_video = cv2.cvtColor(np.concatenate([oy, ou.reshape(-1, SIZE), ov.reshape(-1, SIZE)]), cv2.COLOR_YUV2BGR_I420)
    widget.set_yuv420(y, u, v)
    video = shown()
    inner = cv2.erode(maps.valid.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    report.update(
        shape=list(analytic.shape),
        psnr_still_analytic=psnr(analytic, cpu),
        psnr_still_maps=psnr(from_maps, cpu),
        psnr_video_analytic=psnr(video, cpu_video, inner),
        error=widget.error,
    )
    for name, image in (("gpu-analytic", analytic), ("gpu-maps", from_maps), ("gpu-video", video), ("cpu", cpu)):
        cv2.imwrite(str(out_dir / f"{name}.png"), image)
    widget.release()
    widget.close()
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))

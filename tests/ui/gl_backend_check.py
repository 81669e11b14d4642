"""The GPU back end against the CPU renderer, through the OutputBackend interface, on a real X server.

Run by ``test_gl_backend.py`` in its own process: ``python tests/ui/gl_backend_check.py OUT_DIR`` with
``DISPLAY`` set and ``QT_QPA_PLATFORM=xcb``. A projector profile (tilt, yaw, flips, circle offset),
a 4:2:0 video frame with brightness/gamma/fade, and a still with the polar pattern's labels go through
:class:`kiosk.ui.output.gl_backend.GpuBackend` and through :class:`kiosk.show.render.ProjectorRenderer`
(what :class:`~kiosk.ui.output.cpu.CpuBackend` shows); writes ``report.json`` and the images.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(out_dir: Path) -> int:
    import cv2
    import numpy as np
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from dome.pipeline import i420_planes
    from kiosk.show.calibration import SourceKind, build_geometry
    from kiosk.show.decode import VideoPlanes
    from kiosk.show.profiles import Profile
    from kiosk.show.render import Look, ProjectorRenderer
    from kiosk.show.station import SourceFrame
    from kiosk.ui.output.gl_backend import GpuBackend
    from tests.dome.conftest import psnr, smooth_equirect

    app = QApplication([])
    profile = Profile(projector_width=640, projector_height=360, tilt_deg=15, yaw_deg=40, circle_x=0.05,
                      circle_radius=0.95, flip_h=True)  # fmt: skip
    source = smooth_equirect(1024, 512)
    kind = SourceKind("equirect", 1024, 512)
    geometry = build_geometry(profile, kind, version=3)
    y, u, v = i420_planes(cv2.cvtColor(source, cv2.COLOR_BGR2YUV_I420), 512, 1024)
    look = Look(brightness=0.9, gamma=1.3, fade=0.8)
    backend = GpuBackend("fr")
    presented = []
    backend.on_presented = presented.append
    widget = backend.surface()
    widget.resize(640, 360)
    widget.show()
    report: dict[str, object] = {"exposed": QTest.qWaitForWindowExposed(widget)}
    backend.set_geometry(geometry)
    QTest.qWait(20)

    def shown() -> np.ndarray:
        QTest.qWait(80)
        return widget.grab_bgr()[..., ::-1]  # RGB, as the CPU renderer gives

    backend.set_look(look, None, "fr")
    backend.show_frame(SourceFrame(1, kind, planes=VideoPlanes(1.5, y, u, v), pts_s=1.5))
    gpu_video = shown()
    cpu = ProjectorRenderer(geometry, look)
    cpu_video = cpu.render_yuv(y, u, v).copy()
    backend.set_look(Look(), "polar", "fr")
    backend.show_frame(SourceFrame(2, kind, image=source, pattern="polar"))
    gpu_still = shown()
    cpu.look = Look()
    cpu.set_pattern("polar", "fr")
    cpu_still = cpu.render_bgr(source).copy()
    preview = backend.last_image()
    plain = ProjectorRenderer(geometry, Look()).render_bgr(source)
    labels = np.abs(plain.astype(int) - cpu_still.astype(int)).max(axis=2) > 40  # where the labels are
    backend.show_frame(SourceFrame(3, None))
    black = shown()
    inner = cv2.erode(geometry.luma.valid.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    report.update(
        psnr_video=psnr(gpu_video, cpu_video, inner),
        psnr_still_with_labels=psnr(gpu_still, cpu_still),
        label_pixels=int(labels.sum()),
        psnr_labels=psnr(gpu_still, cpu_still, labels),
        preview_shape=list(preview.shape) if preview is not None else None,
        black_max=int(black.max()),
        presented=[[p.pts_s, p.geometry_version, p.preview] for p in presented],
        stats=dataclasses.asdict(backend.stats()),
        latency_s=backend.latency_s(),
        error=widget.error,
    )
    for name, image in (("gpu-video", gpu_video), ("cpu-video", cpu_video), ("gpu-still", gpu_still),
                        ("cpu-still", cpu_still)):  # fmt: skip
        cv2.imwrite(str(out_dir / f"{name}.png"), image[..., ::-1])
    backend.close()
    cpu.close()
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, default=float))
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))

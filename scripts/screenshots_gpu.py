"""Screenshot of the GPU dome renderer next to the CPU warp, for docs/dome.md (docs/screenshots/dome-gpu.png).

The demo 360° landscape (``media/360/demo-paysage.jpg``) as a 4:2:0 frame, on a 20°-tilted domemaster with
the content turned 30°: left the GPU renderer (analytic geometry, headless EGL context: Mesa's llvmpipe
here, the GPU on a machine with one), right the CPU path (``dome.yuv`` + OpenCV's I420 → BGR). The PSNR
between the two is printed and written under the images.
Usage: ``./dev screenshots`` (or ``python scripts/screenshots_gpu.py [OUT_DIR]``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = 768


def main(out_dir: Path) -> int:
    from dome import Equirect, Mapping, Orientation, domemaster
    from dome.yuv import YuvWarper
    from kiosk.ui.output import gl_api
    from kiosk.ui.output.gl_egl import EglContext
    from kiosk.ui.output.gl_framebuffer import Framebuffer
    from kiosk.ui.output.gl_renderer import GlDomeRenderer
    from tests.dome.conftest import psnr

    image = cv2.imread(str(ROOT / "media/360/demo-paysage.jpg"))
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    image = image[:h, :w]
    i420 = cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420)
    y, u, v = i420[:h], i420[h : h + h // 4].reshape(h // 2, w // 2), i420[h + h // 4 :].reshape(h // 2, w // 2)
    mapping = Mapping(Equirect(w, h), domemaster(SIZE, tilt_deg=20), Orientation(30, 0, 0))
    oy, ou, ov = YuvWarper.from_mapping(mapping).warp(y, u, v)
    cpu = cv2.cvtColor(np.concatenate([oy, ou.reshape(-1, SIZE), ov.reshape(-1, SIZE)]), cv2.COLOR_YUV2BGR_I420)
    with EglContext() as ctx:
        renderer = GlDomeRenderer(ctx.gl)
        renderer.set_yuv420(y, u, v)
        renderer.set_mapping(mapping)
        target = Framebuffer(ctx.gl, SIZE, SIZE)
        target.render(renderer)
        gpu = target.read_bgr()
        name = ctx.gl.string(gl_api.RENDERER)
        target.release()
        renderer.release()
    valid = cv2.erode((gpu.max(axis=2) > 0).astype(np.uint8) | (cpu.max(axis=2) > 0), np.ones((5, 5), np.uint8))
    score = psnr(gpu, cpu, valid.astype(bool))
    caption = np.full((40, 2 * SIZE + 16, 3), 255, np.uint8)
    text = f"GPU ({name.split('(')[0].strip()}, analytic)  |  CPU (dome.yuv)   PSNR {score:.1f} dB"
    cv2.putText(caption, text, (12, 27), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (40, 40, 40), 2, cv2.LINE_AA)
    gap = np.full((SIZE, 16, 3), 255, np.uint8)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "dome-gpu.png"
    cv2.imwrite(str(path), np.vstack([np.hstack([gpu, gap, cpu]), caption]))
    print(f"{path}: PSNR GPU vs CPU {score:.1f} dB ({name})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))

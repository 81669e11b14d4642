"""The GPU dome renderer against the CPU warp, on the same 4:2:0 frames, in one run.

One command, also on a GPU server with no display (the context is headless EGL: the GPU's EGL device,
or Mesa's llvmpipe when there is no GPU — the output says which renderer ran)::

    .venv/bin/python bench/gpu_warp.py            # 2048² and 4096², frames + calibration changes + video
    .venv/bin/python bench/gpu_warp.py --quick    # 2048² only, fewer repeats, no video

Per output size, from a 3840×1920 yuv420p source (medians, ms per frame):

* **CPU**: :class:`dome.yuv.YuvWarper` (linear) then OpenCV's I420 → BGR, what the CPU back end does
  before it can show a frame;
* **GPU upload + warp**: the three planes uploaded (``glTexSubImage2D``), drawn through the analytic
  geometry and through the core's maps, ``glFinish`` (a projector would swap here);
* **GPU + readback**: the same plus ``glReadPixels`` of the whole output (what a preview or a file needs);
* **calibration change**: a new tilt — CPU: new maps (``build_maps``, luma + chroma) before the next
  frame; GPU analytic: one uniform change and a draw;
* **video** (not with ``--quick``; at the largest size): generated 3840×1920 H.264 clips, 30 and 60 fps,
  decoded on a thread (hardware
  decoder where there is one, :mod:`kiosk.show.hwaccel`) while the main thread uploads and draws each
  frame: frames per second sustained, against the clip's frame rate.

Writes ``bench/out/gpu_warp.json``. Ratios compare measurements of the same run; on a shared machine
treat absolute times as upper bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dome import Equirect, Mapping, Orientation, build_maps, domemaster  # noqa: E402
from dome.yuv import YuvWarper  # noqa: E402
from kiosk.ui.output import gl_api  # noqa: E402
from kiosk.ui.output.gl_egl import EglContext  # noqa: E402
from kiosk.ui.output.gl_framebuffer import Framebuffer  # noqa: E402
from kiosk.ui.output.gl_renderer import GlDomeRenderer  # noqa: E402

SRC_W, SRC_H = 3840, 1920
RESULTS: dict[str, object] = {}
ROWS: list[tuple[str, str]] = []


def record(key: str, value: float, unit: str, label: str) -> float:
    RESULTS[key] = value
    ROWS.append((label, f"{value:.2f} {unit}" if abs(value) < 100 else f"{value:.0f} {unit}"))
    return value


def median_ms(fn, repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def frames(count: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``count`` different 3840×1920 4:2:0 frames (smooth colour fields + texture, turning in yaw)."""
    rng = np.random.default_rng(5)
    noise = cv2.GaussianBlur(rng.integers(0, 256, (SRC_H, SRC_W, 3), dtype=np.uint8), (0, 0), 1.5)
    x = np.linspace(0, 2 * np.pi, SRC_W, dtype=np.float32)[None, :]
    y = np.linspace(0, np.pi, SRC_H, dtype=np.float32)[:, None]
    x, y = np.broadcast_arrays(x, y)
    smooth = np.stack([np.sin(3 * x) * np.sin(y), np.cos(2 * x + y), np.cos(y)], axis=-1) * 80 + 128
    base = np.clip(smooth + (noise.astype(np.float32) - 128) * 0.5, 0, 255).astype(np.uint8)
    out = []
    for k in range(count):
        i420 = cv2.cvtColor(np.roll(base, k * SRC_W // count, axis=1), cv2.COLOR_BGR2YUV_I420)
        out.append((i420[:SRC_H], i420[SRC_H : SRC_H * 5 // 4].reshape(SRC_H // 2, SRC_W // 2),
                    i420[SRC_H * 5 // 4 :].reshape(SRC_H // 2, SRC_W // 2)))  # fmt: skip
    return out


def size_section(ctx: EglContext, planes: list, size: int, repeats: int) -> None:
    gl = ctx.gl
    mapping = Mapping(Equirect(SRC_W, SRC_H), domemaster(size, tilt_deg=15), Orientation(30, 0, 0))
    maps, chroma = build_maps(mapping), build_maps(mapping.scaled(0.5))
    cpu = YuvWarper(maps, chroma)
    buffer = np.empty((size * 3 // 2, size), np.uint8)
    turn = iter(range(1 << 30))

    def cpu_frame() -> None:
        oy, ou, ov = cpu.warp(*planes[next(turn) % len(planes)])
        buffer[:size] = oy
        buffer[size:].reshape(-1)[: ou.size] = ou.reshape(-1)
        buffer[size:].reshape(-1)[ou.size :] = ov.reshape(-1)
        cv2.cvtColor(buffer, cv2.COLOR_YUV2BGR_I420)

    renderer = GlDomeRenderer(gl)
    target = Framebuffer(gl, size, size)

    def gpu_frame(readback: bool) -> None:
        renderer.set_yuv420(*planes[next(turn) % len(planes)])
        target.render(renderer)
        if readback:
            target.read_rgba()
        gl.glFinish()

    t = f"{size}"
    cpu_ms = record(f"cpu_{t}_ms", median_ms(cpu_frame, repeats), "ms", f"CPU {size}²: dome.yuv warp + I420→BGR")
    renderer.set_mapping(mapping)
    gpu_ms = record(
        f"gpu_{t}_analytic_ms",
        median_ms(lambda: gpu_frame(False), repeats),
        "ms",
        f"GPU {size}²: upload + warp (analytic)",
    )
    record(f"gpu_{t}_analytic_read_ms", median_ms(lambda: gpu_frame(True), repeats), "ms", "  + glReadPixels readback")
    renderer.set_maps(maps)
    record(f"gpu_{t}_maps_ms", median_ms(lambda: gpu_frame(False), repeats), "ms", f"GPU {size}²: upload + warp (maps)")
    record(f"ratio_{t}", cpu_ms / gpu_ms, "×", f"  CPU / GPU (analytic), {size}²")
    tilts = iter(np.linspace(0, 30, 1000))

    def cpu_slider() -> None:
        m = Mapping(Equirect(SRC_W, SRC_H), domemaster(size, tilt_deg=float(next(tilts))), Orientation(30, 0, 0))
        build_maps(m), build_maps(m.scaled(0.5))

    def gpu_slider() -> None:
        m = Mapping(Equirect(SRC_W, SRC_H), domemaster(size, tilt_deg=float(next(tilts))), Orientation(30, 0, 0))
        renderer.set_mapping(m)
        target.render(renderer)
        gl.glFinish()

    record(f"cpu_{t}_slider_ms", median_ms(cpu_slider, max(3, repeats // 3), 1), "ms", f"new tilt, CPU: maps {size}²")
    record(f"gpu_{t}_slider_ms", median_ms(gpu_slider, repeats), "ms", f"new tilt, GPU: uniforms + draw {size}²")
    cpu.close()
    target.release()
    renderer.release()


def video_section(ctx: EglContext, size: int, fps: int, seconds: float) -> None:
    """Decode a generated 4K H.264 clip on a thread while the GPU draws every frame."""
    from kiosk.show import hwaccel
    from kiosk.show.decode import frame_planes

    if shutil.which("ffmpeg") is None:
        ROWS.append(("video", "ffmpeg missing: skipped"))
        return
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
             f"testsrc2=size={SRC_W}x{SRC_H}:rate={fps}:duration={seconds}",
             "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "25M", "-pix_fmt", "yuv420p", str(clip)],
            check=True,
        )  # fmt: skip
        container, path = hwaccel.open_video(clip)
        RESULTS["video_decoder"] = path.device
        ready: queue.Queue = queue.Queue(maxsize=4)

        def decode() -> None:
            with container:
                container.streams.video[0].thread_type = "AUTO"
                for frame in container.decode(video=0):
                    ready.put(frame)
            ready.put(None)

        renderer = GlDomeRenderer(ctx.gl)
        renderer.set_mapping(Mapping(Equirect(SRC_W, SRC_H), domemaster(size, tilt_deg=15)))
        target = Framebuffer(ctx.gl, size, size)
        thread = threading.Thread(target=decode, daemon=True)
        start, shown = time.perf_counter(), 0
        thread.start()
        while (frame := ready.get()) is not None:
            planes = frame_planes(frame, 0.0)  # the player's own conversion: NV12 kept, others planar
            if planes.uv is not None:
                renderer.set_nv12(planes.y, planes.uv)
            else:
                renderer.set_yuv420(planes.y, planes.u, planes.v)
            target.render(renderer)
            ctx.gl.glFinish()
            shown += 1
        elapsed = time.perf_counter() - start
        thread.join()
        target.release()
        renderer.release()
    record(
        f"video_{size}_{fps}_fps",
        shown / elapsed,
        "fps",
        f"video {SRC_W}×{SRC_H} {fps} fps H.264 → GPU {size}² ({path.device} decode)",
    )
    record(
        f"video_{size}_{fps}_ratio", shown / elapsed / fps, "×", "  of the clip's frame rate (≥ 1: plays in real time)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2048² only, fewer repeats, no video")
    parser.add_argument("--sizes", type=int, nargs="+", help="output sizes (default 2048 4096)")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--video-seconds", type=float, default=4.0, help="length of the generated clips")
    args = parser.parse_args()
    sizes = args.sizes or ([2048] if args.quick else [2048, 4096])
    repeats = 5 if args.quick else args.repeats
    with EglContext() as ctx:
        renderer_name = ctx.gl.string(gl_api.RENDERER)
        RESULTS["machine"] = {
            "cpus": os.cpu_count(), "python": platform.python_version(), "opencv": cv2.__version__,
            "egl_platform": ctx.platform, "gl_renderer": renderer_name, "gl_version": ctx.gl.string(gl_api.VERSION),
            "load_average_start": os.getloadavg(),
        }  # fmt: skip
        print(f"OpenGL: {renderer_name} ({ctx.platform} EGL)", flush=True)
        planes = frames(4)
        for size in sizes:
            size_section(ctx, planes, size, repeats)
        if not args.quick:
            for fps in (30, 60):
                video_section(ctx, max(sizes), fps, args.video_seconds)
    RESULTS["machine"]["load_average_end"] = os.getloadavg()  # type: ignore[index]
    width = max(len(label) for label, _ in ROWS)
    for label, value in ROWS:
        print(f"{label.ljust(width)}  {value}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "gpu_warp.json").write_text(json.dumps(RESULTS, indent=2, default=float) + "\n")
    print(f"\nwrote {out / 'gpu_warp.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

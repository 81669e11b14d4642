"""Benchmark of the dome mapping core against FFmpeg v360 and py360convert, in one run.

Run by hand (never in the tests)::

    .venv/bin/python bench/dome.py            # full run, a few minutes on 2 cores
    .venv/bin/python bench/dome.py --quick    # fewer repeats, no 4096², no video

py360convert is optional: put it on PYTHONPATH (e.g. ``pip install --target /tmp/py360site --no-deps
py360convert scipy`` then ``PYTHONPATH=/tmp/py360site``); it is not a project dependency.
Prints a table and writes ``bench/out/dome.json``. Timings are medians; compare ratios, which are taken
from measurements interleaved in the same run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dome import Cubemap, Equirect, Mapping, Orientation, Perspective, Warper, build_maps, domemaster  # noqa: E402
from dome.maps import build_exact, evaluate  # noqa: E402
from dome.warper import YuvWarper  # noqa: E402

SRC_W, SRC_H = 3840, 1920
ROWS: list[tuple[str, str, str]] = []
RESULTS: dict[str, object] = {}


def record(key: str, value: float, unit: str, label: str) -> float:
    RESULTS[key] = value
    shown = f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    ROWS.append((label, f"{shown} {unit}", key))
    return value


def median_ms(fn, repeats: int, warmup: int = 3, clock=time.perf_counter) -> float:
    """Median of ``repeats`` calls in ms after ``warmup`` calls. ``clock=time.process_time`` measures CPU
    time: steadier than wall time when other jobs share the machine, and equal to it for
    single-threaded work such as the map build."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times) * 1e3


def median_cpu_ms(fn, repeats: int) -> float:
    return median_ms(fn, repeats, clock=time.process_time)


def source_frame() -> np.ndarray:
    """Deterministic 3840×1920 BGR equirect: smooth colour fields plus blurred noise texture."""
    rng = np.random.default_rng(7)
    noise = cv2.GaussianBlur(rng.integers(0, 256, (SRC_H, SRC_W, 3), dtype=np.uint8), (0, 0), 1.5)
    d, _ = Equirect(SRC_W, SRC_H).pixel_to_dir(
        np.arange(SRC_W, dtype=np.float32)[None], np.arange(SRC_H, dtype=np.float32)[:, None]
    )
    smooth = np.stack([np.sin(3 * d[..., 0]), np.cos(2 * d[..., 2]), d[..., 1]], axis=-1) * 80 + 128
    return np.clip(smooth + (noise.astype(np.float32) - 128) * 0.5, 0, 255).astype(np.uint8)


def bandwidth_gbs() -> float:
    a = np.ones(256 << 20, np.uint8)
    b = np.empty_like(a)
    ms = median_ms(lambda: np.copyto(b, a), 5)
    return 2 * a.nbytes / (ms / 1e3) / 1e9


def to_i420(frame: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    i420 = cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420)
    h, w = frame.shape[:2]
    return i420[:h], i420[h : h + h // 4].reshape(h // 2, w // 2), i420[h + h // 4 :].reshape(h // 2, w // 2)


# --- FFmpeg ---------------------------------------------------------------------------------------


def ffmpeg_filter_ms(raw: Path, pix_fmt: str, vf: str, frames: int, repeats: int) -> float:
    """Per-frame time of the v360 filter alone: whole-process times with ``frames`` extra loops of a
    raw still, minus the same without v360 (read + format conversion), over ``frames``."""

    def run(loops: int, filt: str) -> float:
        cmd = [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "rawvideo",
            "-pix_fmt",
            pix_fmt,
            "-s",
            f"{SRC_W}x{SRC_H}",
            "-stream_loop",
            str(loops),
            "-i",
            str(raw),
            "-vf",
            filt,
            "-f",
            "null",
            "-",
        ]
        t = time.perf_counter()
        subprocess.run(cmd, check=True)
        return time.perf_counter() - t

    base = "format=gbrp" if pix_fmt == "bgr24" else "format=yuv420p"
    samples = []
    for _ in range(repeats):
        with_v360 = run(frames, f"{base},{vf}") - run(0, f"{base},{vf}")
        without = run(frames, base) - run(0, base)
        samples.append((with_v360 - without) / frames * 1e3)
    return statistics.median(samples)


def pyav_v360_ms(frame: np.ndarray, size: int, interp: str, pix_fmt: str, repeats: int) -> float:
    """Per-frame time of v360 inside this process (PyAV's bundled FFmpeg, graph threads = cores):
    push one frame, pull the result; a steadier figure than differences of process times."""
    from fractions import Fraction

    import av

    src = av.VideoFrame.from_ndarray(frame, format="bgr24").reformat(format=pix_fmt)
    graph = av.filter.Graph()
    graph.threads = os.cpu_count() or 1
    buffer = graph.add_buffer(width=SRC_W, height=SRC_H, format=pix_fmt, time_base=Fraction(1, 30))
    node = graph.add("v360", v360(size, interp).split("=", 1)[1])
    sink = graph.add("buffersink")
    buffer.link_to(node)
    node.link_to(sink)
    graph.configure()
    count = iter(range(10**6))

    def one() -> None:
        src.pts = next(count)
        graph.push(src)
        graph.pull()

    return median_ms(one, repeats)


def av_version() -> str:
    import av

    return str(getattr(av, "ffmpeg_version_info", "?"))


def v360(size: int, interp: str) -> str:
    return f"v360=e:fisheye:h_fov=180:v_fov=180:pitch=90:w={size}:h={size}:interp={interp}"


# --- sections ---------------------------------------------------------------------------------------


def dome_section(frame: np.ndarray, size: int, repeats: int, ff_frames: int, tmp: Path, bw: float) -> None:
    mapping = Mapping(Equirect(SRC_W, SRC_H), domemaster(size))
    tag = f"{size}"
    build_maps(mapping)
    record(
        f"build_{tag}_ms",
        median_ms(lambda: build_maps(mapping), max(3, repeats // 2)),
        "ms",
        f"map build {size}² domemaster (adaptive, float32 maps)",
    )
    record(
        f"build_{tag}_cpu_ms",
        median_cpu_ms(lambda: build_maps(mapping), max(3, repeats // 2)),
        "ms",
        "  same, CPU time",
    )
    t = time.perf_counter()
    build_exact(mapping)
    record(
        f"build_exact_{tag}_ms",
        (time.perf_counter() - t) * 1e3,
        "ms",
        f"map build {size}², exact every pixel (float64)",
    )
    maps = build_maps(mapping)
    record(f"convert_maps_{tag}_ms", median_ms(lambda: maps.fixed_point(), 3), "ms", "cv2.convertMaps → CV_16SC2")
    chroma = build_maps(mapping.scaled(0.5))
    y, u, v = to_i420(frame)
    raw_rgb, raw_yuv = tmp / "frame.bgr", tmp / "frame.yuv"
    if not raw_rgb.exists():
        frame.tofile(raw_rgb)
        np.concatenate([y.ravel(), u.ravel(), v.ravel()]).tofile(raw_yuv)
    m1, m2 = maps.fixed_point()
    full = np.empty((size, size, 3), np.uint8)
    ours: dict[str, list[float] | float] = {}

    def measure_ours() -> None:
        for interp in ("linear", "nearest"):
            rgb, yuv = Warper(maps, interp), YuvWarper(maps, chroma, interp)
            ours.setdefault(f"rgb_{interp}", []).append(median_ms(lambda w=rgb: w.warp(frame), repeats))
            ours.setdefault(f"yuv_{interp}", []).append(median_ms(lambda w=yuv: w.warp(y, u, v), repeats))
            rgb.close()
            yuv.close()

    measure_ours()
    flag = cv2.INTER_LINEAR
    record(
        f"plain_remap_{tag}_ms",
        median_ms(lambda: cv2.remap(frame, m1, m2, flag, dst=full, borderMode=cv2.BORDER_WRAP), repeats),
        "ms",
        "  where the time goes: one plain cv2.remap of the whole square (yardstick)",
    )
    one = Warper(maps, threads=1)
    record(
        f"warp_{tag}_1thread_ms",
        median_ms(lambda: one.warp(frame), repeats),
        "ms",
        "  banded, disc only, 1 worker thread",
    )
    bgra = cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA)
    four = Warper(maps)
    record(f"warp_{tag}_bgra_ms", median_ms(lambda: four.warp(bgra), repeats), "ms", "  banded, 4 channels (BGRA)")
    record(f"disc_fraction_{tag}", float(maps.valid.mean()), "", "  fraction of pixels inside the disc")
    ff: dict[str, float] = {}
    for interp in ("linear", "nearest"):
        short = "line" if interp == "linear" else "near"
        ff[f"rgb_{interp}"] = ffmpeg_filter_ms(raw_rgb, "bgr24", v360(size, short), ff_frames, 3)
        ff[f"yuv_{interp}"] = ffmpeg_filter_ms(raw_yuv, "yuv420p", v360(size, short), ff_frames, 3)
        ff[f"pyav_rgb_{interp}"] = pyav_v360_ms(frame, size, short, "gbrp", max(5, repeats // 2))
        ff[f"pyav_yuv_{interp}"] = pyav_v360_ms(frame, size, short, "yuv420p", max(5, repeats // 2))
    measure_ours()  # again after FFmpeg, so that a change of machine load affects both sides alike
    for key in list(ours):
        kind, interp = key.split("_")
        label = "BGR" if kind == "rgb" else "YUV 4:2:0 planes"
        ours[key] = record(
            f"warp_{tag}_{key}_ms", statistics.mean(ours[key]), "ms", f"our warp {size}², {label}, {interp}"
        )
    for interp in ("linear", "nearest"):
        ff_rgb, ff_yuv = ff[f"rgb_{interp}"], ff[f"yuv_{interp}"]
        record(
            f"ffmpeg_{tag}_rgb_{interp}_ms", ff_rgb, "ms", f"FFmpeg v360 {size}², planar RGB, {interp} (filter only)"
        )
        record(f"ffmpeg_{tag}_yuv_{interp}_ms", ff_yuv, "ms", f"FFmpeg v360 {size}², yuv420p, {interp} (filter only)")
        record(f"ratio_{tag}_rgb_{interp}", ff_rgb / ours[f"rgb_{interp}"], "×", f"FFmpeg / ours, RGB {interp}")
        record(f"ratio_{tag}_yuv_{interp}", ff_yuv / ours[f"yuv_{interp}"], "×", f"FFmpeg / ours, YUV {interp}")
        for kind, label in (("rgb", "planar RGB"), ("yuv", "yuv420p")):
            value = ff[f"pyav_{kind}_{interp}"]
            record(
                f"pyav_v360_{tag}_{kind}_{interp}_ms",
                value,
                "ms",
                f"v360 in-process (PyAV FFmpeg {av_version()}) {size}², {label}, {interp}",
            )
            record(
                f"ratio_pyav_{tag}_{kind}_{interp}", value / ours[f"{kind}_{interp}"], "×", "  v360 in-process / ours"
            )
    disc = float(maps.valid.sum())
    traffic = size * size * 3 + disc * 6 + SRC_W * SRC_H * 3 / 2
    floor = traffic / (bw * 1e9) * 1e3
    record(f"floor_{tag}_ms", floor, "ms", f"memory-bandwidth floor {size}² ({traffic / 1e6:.0f} MB/frame)")
    record(f"ratio_floor_{tag}", ours["rgb_linear"] / floor, "×", "our linear BGR warp / floor")


def accuracy_section(frame: np.ndarray, tmp: Path) -> None:
    size = 2048
    mapping = Mapping(Equirect(SRC_W, SRC_H), domemaster(size))
    maps = build_maps(mapping)
    warper = Warper(maps, prefilter=1)
    ramp_x = np.tile(np.arange(SRC_W, dtype=np.float32), (SRC_H, 1))
    ramp_y = np.tile(np.arange(SRC_H, dtype=np.float32)[:, None], (1, SRC_W))
    got_x, got_y = warper.warp(ramp_x).copy(), warper.warp(ramp_y).copy()
    x, y = np.meshgrid(np.arange(size, dtype=np.float64), np.arange(size, dtype=np.float64))
    sx, sy, ok, _ = evaluate(mapping, x, y)
    sx, sy = mapping.source.clamp_source(sx, sy)
    inner = ok & (sx > 1) & (sx < SRC_W - 2)
    err = np.hypot(got_x - sx, got_y - sy)[inner]
    record("sample_err_median_px", float(np.median(err)), "px", "where pixels sample vs analytic: median")
    record("sample_err_p99_px", float(np.percentile(err, 99)), "px", "where pixels sample vs analytic: p99")
    exact = build_exact(mapping)
    dx = np.abs(maps.map_x - exact.map_x)
    added = np.hypot(np.minimum(dx, SRC_W - dx), maps.map_y - exact.map_y)[exact.valid]
    record("adaptive_err_max_2048_px", float(added.max()), "px", "adaptive map vs exact map, 2048²: max")
    cv2.imwrite(str(tmp / "still.png"), frame)
    vf = f"format=gbrp,{v360(size, 'line')}"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(tmp / "still.png"), "-vf", vf, "-frames:v", "1", str(tmp / "ff.png")],
        check=True,
    )
    theirs = cv2.imread(str(tmp / "ff.png"))
    ours = Warper(maps).warp(frame)
    inside = cv2.erode(maps.valid.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    record(
        "psnr_vs_ffmpeg_db", psnr(ours, theirs, inside), "dB", "PSNR vs FFmpeg v360 inside the disc (our convention)"
    )
    ff_maps = build_maps(mapping)  # FFmpeg's source grid: lon -180…180 on pixel centres 0…W-1
    ff_maps.map_x = ((ff_maps.map_x + 0.5) * (SRC_W - 1) / SRC_W).astype(np.float32)
    ff_maps.map_y = ((ff_maps.map_y + 0.5) * (SRC_H - 1) / SRC_H).astype(np.float32)
    record(
        "psnr_vs_ffmpeg_w1_db",
        psnr(Warper(ff_maps).warp(frame), theirs, inside),
        "dB",
        "  same, modelling FFmpeg's W-1 equirect convention",
    )


def psnr(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64))[mask] ** 2))
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def perspective_section(frame: np.ndarray, repeats: int) -> None:
    rng = np.random.default_rng(3)
    views = [Orientation(float(rng.uniform(-180, 180)), float(rng.uniform(-80, 80)), 0.0) for _ in range(repeats)]
    target = Perspective(1920, 1080, 90)
    build_maps(Mapping(Equirect(SRC_W, SRC_H), target, views[0]))
    it = iter(views * 3)
    record(
        "build_perspective_ms",
        median_ms(lambda: build_maps(Mapping(Equirect(SRC_W, SRC_H), target, next(it))), repeats),
        "ms",
        "new 1920×1080 perspective view: map build (adaptive)",
    )
    itc = iter(views * 3)
    record(
        "build_perspective_cpu_ms",
        median_cpu_ms(lambda: build_maps(Mapping(Equirect(SRC_W, SRC_H), target, next(itc))), repeats),
        "ms",
        "  same, CPU time",
    )
    it8 = iter(views * 3)
    record(
        "build_perspective_s8_ms",
        median_ms(lambda: build_maps(Mapping(Equirect(SRC_W, SRC_H), target, next(it8)), step=8), repeats),
        "ms",
        "  same with an 8-px coarse grid (step=8)",
    )
    worst = {8: 0.0, 16: 0.0}
    for view in views[:4] + [Orientation(180, 0, 0), Orientation(0, 89, 0)]:
        m = Mapping(Equirect(SRC_W, SRC_H), target, view)
        e = build_exact(m)
        for step in worst:
            a = build_maps(m, step=step)
            dx = np.abs(a.map_x - e.map_x)
            err = float(np.hypot(np.minimum(dx, SRC_W - dx), a.map_y - e.map_y).max())
            worst[step] = max(worst[step], err)
    for step, err in worst.items():
        record(
            f"perspective_added_err_max_s{step}_px",
            err,
            "px",
            f"  error added by coarse grid {step} + upsample (max over views incl. seam/pole)",
        )
    maps = build_maps(Mapping(Equirect(SRC_W, SRC_H), target, views[0]))
    warper = Warper(maps)
    ours = record(
        "warp_perspective_ms", median_ms(lambda: warper.warp(frame), repeats), "ms", "perspective warp, cached map"
    )
    cube_map = Mapping(Equirect(SRC_W, SRC_H), Cubemap(1024))
    record(
        "build_cubemap_ms", median_ms(lambda: build_maps(cube_map), 3), "ms", "cube map 6×1024² (horizon): map build"
    )
    cube = Warper(build_maps(cube_map))
    cube_ms = record("warp_cubemap_ms", median_ms(lambda: cube.warp(frame), repeats), "ms", "cube map warp, cached map")
    try:
        import py360convert
    except ImportError:
        ROWS.append(("py360convert", "not installed (skipped)", "py360convert"))
        return
    rgb = frame[..., ::-1].copy()
    e2p = lambda u: py360convert.e2p(rgb, fov_deg=(90, 58.7), u_deg=u, v_deg=0, out_hw=(1080, 1920), mode="bilinear")  # noqa: E731
    t = time.perf_counter()
    e2p(0)
    record("py360_e2p_first_ms", (time.perf_counter() - t) * 1e3, "ms", "py360convert e2p 1920×1080: first call")
    cached = record(
        "py360_e2p_cached_ms",
        median_ms(lambda: e2p(0), max(3, repeats // 3)),
        "ms",
        "py360convert e2p: same view again",
    )
    angles = iter(range(1, 1000))
    record(
        "py360_e2p_new_ms",
        median_ms(lambda: e2p(next(angles)), 3, warmup=0),
        "ms",
        "py360convert e2p: new view each call",
    )
    record("ratio_py360_e2p", cached / ours, "×", "py360convert cached / our cached perspective warp")
    e2c = lambda: py360convert.e2c(rgb, face_w=1024, mode="bilinear", cube_format="horizon")  # noqa: E731
    t = time.perf_counter()
    e2c()
    record("py360_e2c_first_ms", (time.perf_counter() - t) * 1e3, "ms", "py360convert e2c face 1024: first call")
    c_cached = record("py360_e2c_cached_ms", median_ms(e2c, 3), "ms", "py360convert e2c: cached")
    record("ratio_py360_e2c", c_cached / cube_ms, "×", "py360convert cached / our cube map warp")


def video_section(tmp: Path, pairs: int) -> None:
    clip = tmp / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={SRC_W}x{SRC_H}:rate=30:duration=3",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            str(clip),
        ],
        check=True,
    )
    ours_cmd = [sys.executable, "-m", "kiosk", "dome", "convert", str(clip), str(tmp / "ours.mp4"), "--size", "2048"]
    ff_cmd = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-i",
        str(clip),
        "-vf",
        v360(2048, "line"),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "20",
        str(tmp / "ff.mp4"),
    ]
    ours, theirs = [], []
    for _ in range(pairs):
        for cmd, out in ((ours_cmd, ours), (ff_cmd, theirs)):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            out.append(time.perf_counter() - t)
    o, f = statistics.median(ours), statistics.median(theirs)
    record("video_ours_s", o, "s", "video 90 frames 3840×1920 H.264 → 2048² H.264: kiosk dome convert (whole process)")
    record("video_ffmpeg_s", f, "s", "same job: ffmpeg -vf v360 (libx264 veryfast crf 20)")
    record("ratio_video", f / o, "×", "FFmpeg / ours, whole process")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats; skip 4096² and the video")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        print("ffmpeg is needed for the comparison", file=sys.stderr)
        return 1
    repeats = 7 if args.quick else args.repeats
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.splitlines()[0]
    RESULTS["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "opencv": cv2.__version__,
        "cv2_threads": cv2.getNumThreads(),
        "ffmpeg": version,
        "load_average_start": os.getloadavg(),
    }
    frame = source_frame()
    bw = record("bandwidth_gbs", bandwidth_gbs(), "GB/s", "memory bandwidth (numpy copy, read + write)")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        dome_section(frame, 2048, repeats, 20, tmp, bw)
        if not args.quick:
            dome_section(frame, 4096, max(5, repeats // 3), 12, tmp, bw)
        accuracy_section(frame, tmp)
        perspective_section(frame, max(5, repeats // 2))
        if not args.quick:
            video_section(tmp, 3)
    RESULTS["machine"]["load_average_end"] = os.getloadavg()  # type: ignore[index]
    width = max(len(r[0]) for r in ROWS)
    print(f"{'measurement (median)'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 14}")
    for label, value, _ in ROWS:
        print(f"{label.ljust(width)}  {value}")
    (out_dir / "dome.json").write_text(json.dumps(RESULTS, indent=2, default=float) + "\n")
    print(f"\nwrote {out_dir / 'dome.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

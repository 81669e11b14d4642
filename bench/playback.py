"""Benchmark of dome playback: a 3840×1920 H.264 show with sound to a 2048² domemaster, per back end.

Run by hand (never in the tests)::

    .venv/bin/python bench/playback.py                 # 2 minutes of show per back end
    .venv/bin/python bench/playback.py --seconds 600   # the 10-minute A/V offset measurement
    .venv/bin/python bench/playback.py --seconds 20    # a quick look

In one run it measures:

* **FFmpeg's reference**: ``ffmpeg -i show.mp4 -vf v360=e:fisheye:…:w=2048:h=2048 -f null -`` (decode +
  v360, as fast as it goes, same frames), the denominator of every ratio;
* per back end (:data:`BACKENDS`: ``cpu``, and ``gpu`` on a display), each measuring **its own** renderer:
  - **throughput**: decode + render as fast as they go over the first :data:`THROUGHPUT_FRAMES` frames
    (decode and render timed apart as well), the ratio against FFmpeg. Render is what the back end does
    per frame: ``cpu`` — :class:`~kiosk.show.render.ProjectorRenderer` (YUV warp, picture settings,
    I420 → RGB), as its worker thread does; ``gpu`` — the :class:`~kiosk.ui.output.gl_backend.GpuBackend`'s
    own upload (``show_frame``: Y/U/V planes, or NV12 as a hardware decoder gives them) and its renderer
    drawing the 2048² picture in the back end's OpenGL context, then ``glFinish`` (the GPU's time included);
    the geometry as the console gives it (analytic for a plain profile). Decoding goes through
    :mod:`kiosk.show.hwaccel` (hardware where there is one) for every back end; the line says which;
  - **real-time playback** of the whole show through the real player, clock and back end (an offscreen
    window: the paint is measured, not a monitor's scan-out): frames shown per second, frames dropped,
    display (paint) time, A/V offset max and p95 — ``frame time − audio clock`` when each frame is painted.
    Without a sound card the clock is the paced silent sink (the same code path minus PortAudio).

The show is generated once with FFmpeg (``testsrc2`` 3840×1920 at 30 fps, ≈25 Mbps H.264, a 440 Hz tone in
AAC) into ``bench/out/``. Prints one line per back end and writes ``bench/out/playback.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.show.calibration import SourceKind, analytic_geometry, build_geometry  # noqa: E402
from kiosk.show.decode import VideoPlanes, probe, video_frames  # noqa: E402
from kiosk.show.hwaccel import DecodePath  # noqa: E402
from kiosk.show.player import ShowPlayer  # noqa: E402
from kiosk.show.profiles import Profile  # noqa: E402
from kiosk.show.render import Look, ProjectorRenderer  # noqa: E402

OUT = ROOT / "bench" / "out"
SIZE = 2048
THROUGHPUT_FRAMES = 150
PROFILE = Profile(name="bench", projector_width=SIZE, projector_height=SIZE)


def _cpu_backend(language: str):
    from kiosk.ui.output.cpu import CpuBackend

    return CpuBackend(language)


def _gpu_backend(language: str):
    """The GPU back end (issue 11). Its OpenGL context comes from the display (X11/Wayland: a laptop or a
    workstation); on a GPU server without one, bench/gpu_warp.py measures the same renderer through EGL."""
    from kiosk.ui.output.gl_backend import GpuBackend
    from kiosk.ui.output.gl_context import probe

    found = probe()
    if not (found.available and found.widgets):
        sys.exit(
            f"gpu back end: {found.message().text('en')}. Run it on a display with QT_QPA_PLATFORM=xcb "
            "(or wayland); bench/gpu_warp.py runs headless through EGL."
        )
    return GpuBackend(language)


def _give_geometry(backend: object, source: SourceKind, version: int) -> None:
    """The geometry as the console hands it: parameters to a back end that computes them (the GPU's
    analytic mode, a plain profile), maps to the others."""
    set_analytic = getattr(backend, "set_analytic", None)
    analytic = analytic_geometry(PROFILE, source, version=version)
    if set_analytic is not None and analytic is not None:
        set_analytic(analytic)
    else:
        backend.set_geometry(build_geometry(PROFILE, source, version=version))  # type: ignore[attr-defined]


def _cpu_renderer(source: SourceKind) -> tuple[Callable[[VideoPlanes], None], Callable[[], None]]:
    """The CPU back end's per-frame work (its worker thread's): ProjectorRenderer.render_yuv."""
    renderer = ProjectorRenderer(build_geometry(PROFILE, source))
    return (lambda planes: renderer.render_yuv(planes.y, planes.u, planes.v)), renderer.close


def _gpu_renderer(source: SourceKind) -> tuple[Callable[[VideoPlanes], None], Callable[[], None]]:
    """The GPU back end's per-frame work: its show_frame (uploads in its widget's context) and its renderer
    drawing the whole SIZE² picture, finished (glFinish) so that the GPU's time is in the figure."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.show.station import SourceFrame
    from kiosk.ui.output.gl_framebuffer import Framebuffer

    _ = QApplication.instance() or QApplication([])
    backend = BACKENDS["gpu"]("fr")
    widget = backend.surface()  # type: ignore[attr-defined]
    widget.resize(640, 640)
    widget.show()
    QTest.qWaitForWindowExposed(widget)
    deadline = time.monotonic() + 30
    while widget.renderer is None and widget.error is None and time.monotonic() < deadline:
        QTest.qWait(10)  # the widget's GL context and renderer are made at its first paint
    if widget.renderer is None:
        sys.exit(f"gpu back end: no renderer ({widget.error or 'the widget was never painted'})")
    _give_geometry(backend, source, 1)
    serial = iter(range(1, 1 << 60))
    target: list[Framebuffer] = []

    def render(planes: VideoPlanes) -> None:
        backend.show_frame(SourceFrame(next(serial), source, planes=planes, pts_s=planes.pts_s))  # type: ignore[attr-defined]
        widget.makeCurrent()
        try:
            if not target:
                target.append(Framebuffer(widget.renderer.gl, SIZE, SIZE))
            target[0].render(widget.renderer)
            widget.renderer.gl.glFinish()
        finally:
            widget.doneCurrent()

    def close() -> None:
        if target:
            widget.makeCurrent()
            target[0].release()
            widget.doneCurrent()
        backend.close()  # type: ignore[attr-defined]

    return render, close


# name -> factory of an OutputBackend (kiosk.ui.output.backend), for real-time playback and latency.
BACKENDS: dict[str, Callable[[str], object]] = {"cpu": _cpu_backend}
# name -> the back end's own per-frame work, done synchronously (throughput): (render(planes), close()).
RENDERERS: dict[str, Callable[[SourceKind], tuple[Callable[[VideoPlanes], None], Callable[[], None]]]] = {
    "cpu": _cpu_renderer
}
if os.environ["QT_QPA_PLATFORM"] not in ("offscreen", "minimal"):  # Qt's OpenGL widgets need a display
    BACKENDS["gpu"] = _gpu_backend
    RENDERERS["gpu"] = _gpu_renderer


def make_show(seconds: float) -> Path:
    """The 3840×1920 H.264 + AAC test show (made once per length, kept in bench/out)."""
    path = OUT / f"playback-3840x1920-{int(seconds)}s.mp4"
    if path.is_file():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"making {path.name} with FFmpeg (once)…", flush=True)
    tmp = path.with_suffix(".tmp.mp4")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s=3840x1920:r=30:d={seconds}",
         "-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate=48000",
         "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "25M", "-maxrate", "25M", "-bufsize", "50M",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(tmp)],
        check=True,
    )  # fmt: skip
    tmp.replace(path)
    return path


def ffmpeg_reference(show: Path, frames: int) -> float:
    """FFmpeg decode + v360 to a 2048² domemaster, frames per second (wall clock)."""
    vf = f"v360=e:fisheye:h_fov=180:v_fov=180:pitch=90:w={SIZE}:h={SIZE}"
    start = time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(show), "-frames:v", str(frames), "-vf", vf, "-an", "-f", "null", "-"],
        check=True,
    )
    return frames / (time.perf_counter() - start)


def throughput(show: Path, frames: int, name: str) -> dict[str, object]:
    """Decode + render as fast as they go with back end ``name``'s own renderer (:data:`RENDERERS`), and
    each apart; which decoder ran (hardware or software)."""
    info = probe(show)
    render, close = RENDERERS[name](SourceKind("equirect", info.width, info.height))
    paths: list[DecodePath] = []
    start = time.perf_counter()
    for decoded, _planes in enumerate(video_frames(show, on_path=paths.append), start=1):
        if decoded >= frames:
            break
    decode_s = time.perf_counter() - start
    frame = next(video_frames(show))
    render(frame)
    start = time.perf_counter()
    for _ in range(frames):
        render(frame)
    render_s = time.perf_counter() - start
    start = time.perf_counter()
    done = 0
    for planes in video_frames(show):
        render(planes)
        done += 1
        if done >= frames:
            break
    both_s = time.perf_counter() - start
    close()
    return {
        "decode_ms": 1000 * decode_s / frames,
        "render_ms": 1000 * render_s / frames,
        "fps": done / both_s,
        "decoder": paths[0].device if paths else "?",
        "frame_format": frame.format,
    }


def realtime(show: Path, factory: Callable[[str], object], seconds: float) -> dict[str, float]:
    """Play the show through the real player and back end for ``seconds``; what the projector got."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.show.audio import PortAudioSink
    from kiosk.ui.output.backend import Presented

    app = QApplication.instance() or QApplication([])
    backend = factory("fr")
    surface = backend.surface()  # type: ignore[attr-defined]
    surface.resize(SIZE, SIZE)
    surface.show()
    try:
        sink = PortAudioSink() if os.environ.get("BENCH_SOUND") == "1" else None
    except Exception:  # noqa: BLE001 - no sound card: the paced clock
        sink = None
    player = ShowPlayer(sink)
    info = player.open(show)
    source = SourceKind("equirect", info.width, info.height)
    _give_geometry(backend, source, 1)
    backend.on_presented = lambda p: player.presented(p.pts_s) if p.pts_s is not None else None  # type: ignore[attr-defined]
    from kiosk.show.station import SourceFrame

    serial = iter(range(1, 1 << 60))
    player.play()
    started = time.perf_counter()

    def tick() -> None:
        frame = player.due_frame(backend.latency_s())  # type: ignore[attr-defined]
        if frame is not None:
            backend.show_frame(SourceFrame(next(serial), source, planes=frame, pts_s=frame.pts_s))  # type: ignore[attr-defined]
        if player.ended or time.perf_counter() - started > seconds:
            app.quit()

    timer = QTimer(interval=2)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    timer.stop()
    elapsed = time.perf_counter() - started
    stats = player.stats
    backend_stats = backend.stats()  # type: ignore[attr-defined]
    worst, p95 = stats.offset_summary()
    player.close()
    backend.close()  # type: ignore[attr-defined]
    _ = Presented
    return {
        "seconds": elapsed,
        "fps": stats.shown / elapsed,
        "source_fps": info.fps,
        "shown": stats.shown,
        "dropped": stats.dropped + backend_stats.dropped,
        "dropped_pct": 100.0 * (stats.dropped + backend_stats.dropped) / max(1.0, info.fps * elapsed),
        "resyncs": stats.resyncs,
        "render_ms": backend_stats.render_ms,
        "paint_ms": backend_stats.paint_ms,
        "av_max_ms": 1000 * worst,
        "av_p95_ms": 1000 * p95,
        "sound": "portaudio" if sink is not None else "paced (no sound card)",
    }


def calibration_latency(factory: Callable[[str], object], steps: int = 15) -> dict[str, float]:
    """A slider moved ``steps`` times over the polar pattern: ms from the change to the projector's paint,
    for the quick preview geometry and for the sharp full-size one (median and max)."""
    import statistics

    from PySide6.QtWidgets import QApplication

    from kiosk.show.geometry_service import GeometryService
    from kiosk.show.patterns import PatternSources
    from kiosk.show.station import SourceFrame

    app = QApplication.instance() or QApplication([])
    backend = factory("fr")
    backend.surface().resize(SIZE, SIZE)  # type: ignore[attr-defined]
    backend.surface().show()  # type: ignore[attr-defined]
    pattern = PatternSources(OUT / "patterns").get("polar")
    source = SourceKind("equirect", pattern.shape[1], pattern.shape[0])
    seen: dict[tuple[int, bool], float] = {}
    backend.on_presented = lambda p: seen.setdefault((p.geometry_version, p.preview), p.at)  # type: ignore[attr-defined]
    service = GeometryService(
        backend.set_geometry,  # type: ignore[attr-defined]
        lambda error: print(error),
        publish_analytic=getattr(backend, "set_analytic", None),  # the GPU: parameters at once, as the console
    )
    backend.set_look(Look(), "polar", "fr")  # type: ignore[attr-defined]
    backend.show_frame(SourceFrame(1, source, image=pattern, pattern="polar"))  # type: ignore[attr-defined]
    preview_ms, full_ms = [], []
    for step in range(steps + 1):
        started = time.perf_counter()
        version = service.request(PROFILE.with_value("yaw_deg", 5.0 * step), source)
        deadline = started + 30
        while (version, False) not in seen and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        if step == 0:
            continue  # the first full build also draws the labels' text once
        if (version, True) in seen:
            preview_ms.append(1000 * (seen[(version, True)] - started))
        full_ms.append(1000 * (seen[(version, False)] - started))
    service.close()
    backend.close()  # type: ignore[attr-defined]
    first = [min(p, f) for p, f in zip(preview_ms, full_ms)] or full_ms
    return {
        "first_image_median_ms": statistics.median(first),
        "first_image_max_ms": max(first),
        "sharp_median_ms": statistics.median(full_ms),
        "sharp_max_ms": max(full_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the show played (default 120)")
    parser.add_argument("--backends", nargs="*", default=list(BACKENDS), help=f"of {', '.join(BACKENDS)}")
    parser.add_argument("--latency-only", action="store_true", help="only the calibration → projector latency")
    parser.add_argument(
        "--frames",
        type=int,
        default=THROUGHPUT_FRAMES,
        help=f"frames of the throughput run (default {THROUGHPUT_FRAMES})",
    )
    args = parser.parse_args()
    if args.latency_only:
        for name in args.backends:
            print(name, calibration_latency(BACKENDS[name]))
        return
    if shutil.which("ffmpeg") is None:
        sys.exit("bench/playback.py needs the ffmpeg command (apt-get install ffmpeg)")
    show = make_show(args.seconds)
    frames = max(1, min(args.frames, int(args.seconds * 30)))
    results: dict[str, object] = {"machine": platform.node(), "cpus": os.cpu_count(), "show": show.name}
    reference = ffmpeg_reference(show, frames)
    results["ffmpeg_fps"] = reference
    print(f"FFmpeg decode + v360 → {SIZE}²: {reference:.1f} fps (reference)")
    print(
        "back end | throughput fps (× FFmpeg) | decode ms | render ms | paint ms | real-time fps | dropped"
        " | A/V max/p95 ms"
    )
    for name in args.backends:
        fast = throughput(show, frames, name)
        live = realtime(show, BACKENDS[name], args.seconds)
        results[name] = {**{f"throughput_{k}": v for k, v in fast.items()}, **live}
        print(
            f"{name} | {fast['fps']:.1f} ({fast['fps'] / reference:.2f}×) | {fast['decode_ms']:.1f} | "
            f"{fast['render_ms']:.1f} | {live['paint_ms']:.1f} | {live['fps']:.1f} of {live['source_fps']:.0f} | "
            f"{live['dropped']} ({live['dropped_pct']:.1f} %) | {live['av_max_ms']:.1f} / {live['av_p95_ms']:.1f}"
            f"  [{live['sound']}, {live['seconds']:.0f} s, {fast['decoder']} decode ({fast['frame_format']})]",
            flush=True,
        )
        late = calibration_latency(BACKENDS[name])
        results[name]["calibration"] = late  # type: ignore[index]
        print(
            f"{name} | calibration change → projector ({SIZE}², polar pattern): first image "
            f"{late['first_image_median_ms']:.0f} ms median / {late['first_image_max_ms']:.0f} max, sharp "
            f"{late['sharp_median_ms']:.0f} / {late['sharp_max_ms']:.0f} ms",
            flush=True,
        )
    (OUT / "playback.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

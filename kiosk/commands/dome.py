"""``kiosk dome convert`` and ``kiosk dome pattern``: the dome mapping core on the command line.

``convert`` warps an image or a video between projections (equirect, fisheye/domemaster, cube map,
perspective), optionally through a Paul Bourke warp mesh; ``pattern`` draws a calibration pattern in a
target geometry. Heavy imports (OpenCV, PyAV) happen when a command runs, not at parser build time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import KioskError, UsageError

if TYPE_CHECKING:
    from dome.maps import Mapping
    from dome.projection import Projection

SOURCES = ("equirect", "fisheye", "cubemap")
TARGETS = ("fisheye", "equirect", "perspective", "cubemap")
DEFAULT_SIZE = {"fisheye": 2048, "equirect": 4096, "perspective": 1920, "cubemap": 1024}
FISHEYE_FOV = (120.0, 230.0)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dome",
        help="convert 360° media and draw dome calibration patterns",
        description="Dome and 360° tools (the dome/ mapping core).",
    )
    sub = parser.add_subparsers(dest="dome_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _help(parser))

    convert = sub.add_parser(
        "convert",
        help="warp an image or video to another projection",
        description="Warp an image or a video (mp4, mov, mkv…) between projections. Videos keep their frame rate.",
    )
    convert.add_argument("input", type=Path, metavar="IN")
    convert.add_argument("output", type=Path, metavar="OUT")
    convert.add_argument(
        "--from", dest="source", choices=SOURCES, default="equirect", help="projection of IN (default equirect)"
    )
    convert.add_argument(
        "--to",
        dest="target",
        choices=TARGETS,
        default="fisheye",
        help="projection of OUT (default fisheye = domemaster)",
    )
    _geometry_options(convert)
    convert.add_argument("--from-fov", type=float, default=180.0, help="field of view of a fisheye IN, degrees")
    convert.add_argument("--from-tilt", type=float, default=0.0, help="dome tilt of a fisheye IN, degrees")
    convert.add_argument(
        "--mesh",
        type=Path,
        help="Bourke warp mesh (.data) applied on top, for a projector of --width x --height (default 1920x1080)",
    )
    convert.add_argument("--interp", choices=("nearest", "linear", "cubic"), default="linear")
    convert.add_argument("--cache", type=Path, help="folder for cached maps (reused by later runs)")
    convert.set_defaults(func=run_convert)

    pattern = sub.add_parser("pattern", help="draw a calibration pattern in a target geometry")
    pattern.add_argument("name", metavar="NAME", help="polar, latlong, horizon, bars, focus or markers")
    pattern.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    pattern.add_argument("--to", dest="target", choices=TARGETS, default="fisheye")
    _geometry_options(pattern)
    pattern.set_defaults(func=run_pattern)


def _geometry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fov",
        type=float,
        help="field of view of the output, degrees (fisheye 120–230, default 180; perspective horizontal, default 90)",
    )
    parser.add_argument("--tilt", type=float, default=0.0, help="dome tilt, degrees (0 planetarium … 30)")
    parser.add_argument("--yaw", type=float, default=0.0, help="turn the content: + brings the right to the front")
    parser.add_argument("--pitch", type=float, default=0.0, help="look up (+) or down (-), degrees")
    parser.add_argument("--roll", type=float, default=0.0, help="roll the view clockwise, degrees")
    parser.add_argument("--size", type=int, help="output size: fisheye side, equirect/perspective width, cube face")
    parser.add_argument("--width", type=int, help="output width in pixels (with --height)")
    parser.add_argument("--height", type=int, help="output height in pixels (with --width)")


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _size(args: argparse.Namespace, kind: str) -> tuple[int, int]:
    """Output ``(width, height)`` from --size or --width/--height, with per-projection defaults."""
    if (
        args.size is not None
        and (args.width is not None or args.height is not None)
        and not getattr(args, "mesh", None)
    ):
        raise UsageError("give either --size or --width/--height, not both")
    if (args.width is None) != (args.height is None):
        raise UsageError("--width and --height go together")
    for name in ("size", "width", "height"):
        value = getattr(args, name)
        if value is not None and not 1 <= value <= 16384:
            raise UsageError(f"--{name} {value} is outside 1…16384 pixels")
    if args.width is not None and not getattr(args, "mesh", None):
        return args.width, args.height
    n = args.size or DEFAULT_SIZE[kind]
    return {
        "fisheye": (n, n),
        "equirect": (n, max(1, n // 2)),
        "cubemap": (6 * n, n),
        "perspective": (n, max(1, round(n * 9 / 16))),
    }[kind]


def _target(args: argparse.Namespace) -> Projection:
    from dome import Cubemap, Equirect, Fisheye, Perspective

    w, h = _size(args, args.target)
    if args.target != "fisheye" and args.tilt:
        raise UsageError("--tilt applies to --to fisheye only (a domemaster)")
    if args.target == "fisheye":
        fov = 180.0 if args.fov is None else args.fov
        if not FISHEYE_FOV[0] <= fov <= FISHEYE_FOV[1]:
            raise UsageError(f"--fov {fov:g} is impossible for a fisheye: use {FISHEYE_FOV[0]:g}–{FISHEYE_FOV[1]:g}°")
        if not -90 <= args.tilt <= 90:
            raise UsageError(f"--tilt {args.tilt:g} is outside -90…90°")
        return Fisheye(w, h, fov_deg=fov, tilt_deg=args.tilt)
    if args.fov is not None and args.target != "perspective":
        raise UsageError(f"--fov does not apply to --to {args.target}")
    if args.target == "perspective":
        fov = 90.0 if args.fov is None else args.fov
        if not 0 < fov < 180:
            raise UsageError(f"--fov {fov:g} is impossible for a perspective view: use 1–179°")
        return Perspective(w, h, fov)
    if args.target == "cubemap":
        return Cubemap(h)
    return Equirect(w, h)


def _source(args: argparse.Namespace, width: int, height: int) -> Projection:
    from dome import Cubemap, Equirect, Fisheye

    if args.source == "equirect":
        return Equirect(width, height)
    if args.source == "cubemap":
        if width != 6 * height:
            raise UsageError(f"{args.input} is {width}x{height}; a cube map here is 6 faces in a row (6:1)")
        return Cubemap(height)
    if not FISHEYE_FOV[0] <= args.from_fov <= FISHEYE_FOV[1]:
        raise UsageError(f"--from-fov {args.from_fov:g} is outside {FISHEYE_FOV[0]:g}–{FISHEYE_FOV[1]:g}°")
    return Fisheye(width, height, fov_deg=args.from_fov, tilt_deg=args.from_tilt)


def _mapping(args: argparse.Namespace, width: int, height: int) -> Mapping:
    from dome import Mapping, Orientation, read_mesh

    warp = None
    if args.mesh is not None:
        pw, ph = (args.width, args.height) if args.width is not None else (1920, 1080)
        warp = read_mesh(args.mesh, pw, ph)
    return Mapping(_source(args, width, height), _target(args), Orientation(args.yaw, args.pitch, args.roll), warp)


class _Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str, total: int = 0) -> None:
        self.label, self.total, self.start, self.last = label, total, time.perf_counter(), 0.0

    def __call__(self, done: int) -> None:
        total = self.total
        now = time.perf_counter()
        if now - self.last < 0.1 and done != total:
            return
        self.last = now
        fps = done / max(now - self.start, 1e-9)
        if total > 0:
            filled = int(30 * min(done, total) / total)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
        else:
            bar = f"{done} frames"
        print(f"\r{self.label} {bar} {fps:5.1f} fps", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        print(file=sys.stderr, flush=True)


VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".mkv", ".avi", ".webm", ".mpg", ".mpeg", ".ts"}


def _is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


def run_convert(args: argparse.Namespace) -> int:
    from dome import MapCache
    from dome.errors import DomeError

    if not args.input.is_file():
        raise KioskError(f"no such file: {args.input}")
    cache = MapCache(args.cache) if args.cache is not None else None
    try:
        if _is_video(args.input):
            if not _is_video(args.output):
                raise UsageError(f"{args.output}: a video converts to a video file (.mp4, .mkv, .webm…)")
            return _convert_video(args, cache)
        return _convert_image(args, cache)
    except DomeError as exc:
        raise UsageError(str(exc)) from exc


def _video_codec(path: Path) -> tuple[str, dict[str, str]]:
    import av

    if path.suffix.lower() == ".webm":
        return "libvpx", {"crf": "10", "b": "8M", "deadline": "realtime", "cpu-used": "8"}
    if "libx264" in av.codecs_available:
        return "libx264", {"preset": "veryfast", "crf": "20"}
    return "mpeg4", {"b": "20M"}


def _convert_video(args: argparse.Namespace, cache: object) -> int:
    """Decode (PyAV, frame threads) → warp YUV 4:2:0 planes → encode, pipelined by dome.pipeline."""
    from fractions import Fraction

    import av

    from dome.pipeline import run_pipeline
    from dome.warper import YuvWarper

    try:
        source = av.open(str(args.input))
    except (av.error.FFmpegError, OSError) as exc:
        raise KioskError(f"cannot open video {args.input}: {exc}") from exc
    with source:
        if not source.streams.video:
            raise KioskError(f"{args.input} has no video stream")
        stream = source.streams.video[0]
        stream.thread_type = "AUTO"
        width, height = stream.codec_context.width, stream.codec_context.height
        if width % 2 or height % 2:
            raise UsageError(f"{args.input} is {width}x{height}; 4:2:0 video needs even sizes")
        mapping = _mapping(args, width, height)
        if any(n % 2 for n in mapping.output_shape):
            raise UsageError("video output needs an even width and height")
        warper = YuvWarper.from_mapping(mapping, args.interp, cache)
        rate = Fraction(stream.average_rate or stream.guessed_rate or 30)
        codec, options = _video_codec(args.output)
        oh, ow = mapping.output_shape

        def frames():
            for frame in source.decode(stream):
                yield (frame if frame.format.name == "yuv420p" else frame.reformat(format="yuv420p")).to_ndarray()

        try:
            output = av.open(str(args.output), mode="w")
        except (av.error.FFmpegError, OSError) as exc:
            raise KioskError(f"cannot write video {args.output}: {exc}") from exc
        progress = _Progress(args.output.name, stream.frames)
        with output:
            ostream = output.add_stream(codec, rate=rate, options=options)
            ostream.width, ostream.height, ostream.pix_fmt = ow, oh, "yuv420p"
            count = iter(range(1 << 62))

            def write(buf) -> None:
                frame = av.VideoFrame.from_ndarray(buf, format="yuv420p")
                frame.pts, frame.time_base = next(count), 1 / rate
                for packet in ostream.encode(frame):
                    output.mux(packet)

            try:
                done = run_pipeline(frames(), warper, write, progress)
                for packet in ostream.encode(None):
                    output.mux(packet)
            except av.error.FFmpegError as exc:
                raise KioskError(f"cannot convert {args.input}: {exc}") from exc
            finally:
                progress.finish()
                warper.close()
    print(f"{args.output}: {done} frames at {float(rate):g} fps ({codec})")
    return 0


def _convert_image(args: argparse.Namespace, cache: object) -> int:
    import cv2

    from dome import Warper

    image = cv2.imread(str(args.input), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise KioskError(f"cannot read image {args.input} (not an image, or a format OpenCV cannot open)")
    mapping = _mapping(args, image.shape[1], image.shape[0])
    warper = Warper.from_mapping(mapping, args.interp, cache)
    try:
        out = warper.warp(image)
    finally:
        warper.close()
    if not _write_image(args.output, out):
        raise KioskError(f"cannot write image {args.output} (unknown extension or folder missing)")
    h, w = out.shape[:2]
    print(f"{args.output}: {w}x{h}")
    return 0


def _write_image(path: Path, image: object) -> bool:
    import cv2

    try:
        return bool(cv2.imwrite(str(path), image))
    except cv2.error:
        return False


def run_pattern(args: argparse.Namespace) -> int:
    from dome import Orientation
    from dome.errors import DomeError
    from dome.patterns import PATTERNS, draw_pattern

    if args.name not in PATTERNS:
        raise UsageError(f"unknown pattern {args.name!r}; choose one of {', '.join(PATTERNS)}")
    args.mesh = None
    try:
        image = draw_pattern(args.name, _target(args), Orientation(args.yaw, args.pitch, args.roll))
    except DomeError as exc:
        raise UsageError(str(exc)) from exc
    if not _write_image(args.output, image):
        raise KioskError(f"cannot write image {args.output} (unknown extension or folder missing)")
    print(f"{args.output}: pattern {args.name}, {image.shape[1]}x{image.shape[0]}")
    return 0

"""``kiosk dome convert|pattern|profile``: the dome station on the command line (parse, call, print).

``convert`` warps an image or a video (its sound kept) between projections, or through a calibration
profile (``--profile NAME``: exactly what the projector shows); ``pattern`` draws a calibration pattern,
with ``--profile`` as the projector shows it (labels in the operator's language); ``profile list|show|
export|import`` manages the station's calibration profiles in the data folder. The work happens in
:mod:`kiosk.show`; heavy imports (OpenCV, PyAV) happen when a command runs, not at parser build time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands.progress import Progress
from kiosk.errors import MediaError, UsageError
from kiosk.i18n import system_language

if TYPE_CHECKING:
    import numpy as np

    from dome.maps import Mapping
    from dome.projection import Projection
    from kiosk.show.profiles import Profile, ProfileStore

SOURCES = ("equirect", "fisheye", "cubemap")
TARGETS = ("fisheye", "equirect", "perspective", "cubemap")
DEFAULT_SIZE = {"fisheye": 2048, "equirect": 4096, "perspective": 1920, "cubemap": 1024}
FISHEYE_FOV = (120.0, 230.0)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dome",
        help="the dome station: convert 360° media, calibration patterns and profiles",
        description="Dome and 360° tools (dome/ mapping core, kiosk.show station).",
    )
    sub = parser.add_subparsers(dest="dome_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _help(parser))

    convert = sub.add_parser(
        "convert",
        help="warp an image or video (sound kept) to another projection or through a profile",
        description="Warp an image or a video (mp4, mov, mkv…) between projections. Videos keep their frame "
        "rate and their sound. With --profile NAME the output is exactly what the projector shows.",
    )
    convert.add_argument("input", type=Path, metavar="IN")
    convert.add_argument("output", type=Path, metavar="OUT")
    convert.add_argument("--from", dest="source", choices=SOURCES, default="equirect", help="projection of IN")
    convert.add_argument("--to", dest="target", choices=TARGETS, default="fisheye", help="projection of OUT")
    _geometry_options(convert)
    convert.add_argument("--from-fov", type=float, default=180.0, help="field of view of a fisheye IN, degrees")
    convert.add_argument("--from-tilt", type=float, default=0.0, help="dome tilt of a fisheye IN, degrees")
    convert.add_argument("--mesh", type=Path, help="Bourke warp mesh (.data) for a --width x --height projector")
    convert.add_argument("--interp", choices=("nearest", "linear", "cubic"), default="linear")
    convert.add_argument("--cache", type=Path, help="folder for cached maps (reused by later runs)")
    convert.add_argument("--profile", help="render through this calibration profile (see 'kiosk dome profile list')")
    convert.set_defaults(func=run_convert)

    pattern = sub.add_parser("pattern", help="draw a calibration pattern")
    pattern.add_argument("name", metavar="NAME", help="polar, latlong, markers, bars, focus or horizon")
    pattern.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    pattern.add_argument("--to", dest="target", choices=TARGETS, default="fisheye")
    _geometry_options(pattern)
    pattern.add_argument("--profile", help="as the projector shows it with this profile (labels included)")
    pattern.add_argument("--lang", choices=("fr", "en"), help="language of the labels (default: the system's)")
    pattern.set_defaults(func=run_pattern)

    profile = sub.add_parser("profile", help="calibration profiles: list, show, export, import")
    actions = profile.add_subparsers(dest="profile_command", metavar="ACTION")
    profile.set_defaults(func=lambda args: _help(profile))
    actions.add_parser("list", help="the profiles of this station").set_defaults(func=run_profile_list)
    show = actions.add_parser("show", help="every value of a profile")
    show.add_argument("name", metavar="NAME")
    show.set_defaults(func=run_profile_show)
    export = actions.add_parser("export", help="write a profile (mesh included) to one file")
    export.add_argument("name", metavar="NAME")
    export.add_argument("destination", type=Path, metavar="FILE|FOLDER")
    export.set_defaults(func=run_profile_export)
    imp = actions.add_parser("import", help="add a profile from an exported file")
    imp.add_argument("source", type=Path, metavar="FILE")
    imp.add_argument("--name", help="store it under this name")
    imp.set_defaults(func=run_profile_import)


def _geometry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fov", type=float, help="output field of view, degrees (fisheye 120–230; perspective)")
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


def _store(args: argparse.Namespace) -> ProfileStore:
    from kiosk.paths import Paths
    from kiosk.show.profiles import ProfileStore

    return ProfileStore(Paths.discover(getattr(args, "home", None)).home / "dome")


def _profile(args: argparse.Namespace) -> Profile | None:
    return _store(args).load(args.profile) if getattr(args, "profile", None) else None


def _size(args: argparse.Namespace, kind: str) -> tuple[int, int]:
    """Output ``(width, height)`` from --size or --width/--height, with per-projection defaults."""
    mesh = getattr(args, "mesh", None)
    if args.size is not None and (args.width is not None or args.height is not None) and not mesh:
        raise UsageError("errors.dome.size_or_width")
    if (args.width is None) != (args.height is None):
        raise UsageError("errors.dome.width_and_height")
    for name in ("size", "width", "height"):
        value = getattr(args, name)
        if value is not None and not 1 <= value <= 16384:
            raise UsageError("errors.dome.bad_pixels", option=f"--{name}", value=value)
    if args.width is not None and not mesh:
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
        raise UsageError("errors.dome.tilt_fisheye_only")
    if args.target == "fisheye":
        fov = 180.0 if args.fov is None else args.fov
        if not FISHEYE_FOV[0] <= fov <= FISHEYE_FOV[1]:
            raise UsageError("errors.dome.fisheye_fov", option="--fov", value=f"{fov:g}", low=120, high=230)
        if not -90 <= args.tilt <= 90:
            raise UsageError("errors.dome.tilt_range", value=f"{args.tilt:g}")
        return Fisheye(w, h, fov_deg=fov, tilt_deg=args.tilt)
    if args.fov is not None and args.target != "perspective":
        raise UsageError("errors.dome.fov_not_here", target=args.target)
    if args.target == "perspective":
        fov = 90.0 if args.fov is None else args.fov
        if not 0 < fov < 180:
            raise UsageError("errors.dome.perspective_fov", value=f"{fov:g}")
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
            raise UsageError("errors.dome.not_a_cubemap", file=str(args.input), width=width, height=height)
        return Cubemap(height)
    if not FISHEYE_FOV[0] <= args.from_fov <= FISHEYE_FOV[1]:
        raise UsageError("errors.dome.fisheye_fov", option="--from-fov", value=f"{args.from_fov:g}", low=120, high=230)
    return Fisheye(width, height, fov_deg=args.from_fov, tilt_deg=args.from_tilt)


def _mapping(args: argparse.Namespace, width: int, height: int) -> Mapping:
    from dome import Mapping, Orientation, read_mesh
    from dome.errors import DomeError

    warp = None
    if args.mesh is not None:
        pw, ph = (args.width, args.height) if args.width is not None else (1920, 1080)
        try:
            warp = read_mesh(args.mesh, pw, ph)
        except DomeError as exc:
            raise UsageError("errors.dome.mesh", file=str(args.mesh), problem=str(exc)) from None
    try:
        return Mapping(_source(args, width, height), _target(args), Orientation(args.yaw, args.pitch, args.roll), warp)
    except DomeError as exc:
        raise UsageError("errors.dome.geometry", problem=str(exc)) from None


def run_convert(args: argparse.Namespace) -> int:
    from dome import MapCache
    from kiosk.show.convert import is_video

    if not args.input.is_file():
        raise MediaError("errors.dome.media_missing", file=str(args.input))
    profile = _profile(args)
    projection = "domemaster" if args.source == "fisheye" else "equirect"
    if profile is not None and args.source == "cubemap":
        raise UsageError("errors.dome.profile_source")
    cache = MapCache(args.cache) if args.cache is not None else None
    if is_video(args.input):
        if not is_video(args.output):
            raise UsageError("errors.dome.video_to_video", file=str(args.output))
        return _convert_video(args, profile, projection, cache)
    return _convert_image(args, profile, projection)


def _convert_video(args: argparse.Namespace, profile: Profile | None, projection: str, cache: object) -> int:
    from kiosk.show.convert import convert_video
    from kiosk.show.decode import probe

    info = probe(args.input)
    progress = Progress(args.output.name, round(info.duration_s * info.fps))
    try:
        result = convert_video(
            args.input,
            args.output,
            mapping_for=None if profile is not None else (lambda w, h: _mapping(args, w, h)),
            profile=profile,
            interp=args.interp,
            cache=cache,  # type: ignore[arg-type]
            progress=progress,
            projection=projection,
        )
    finally:
        progress.finish()
    print(
        f"{result.path}: {result.frames} frames at {result.fps:g} fps ({result.video_codec}, "
        f"{result.width}x{result.height}), sound {result.audio}"
    )
    return 0


def _convert_image(args: argparse.Namespace, profile: Profile | None, projection: str) -> int:
    import cv2

    from kiosk.show.convert import convert_image

    image = cv2.imread(str(args.input), cv2.IMREAD_COLOR if profile is not None else cv2.IMREAD_UNCHANGED)
    if image is None:
        raise MediaError("errors.dome.image_unreadable", file=str(args.input))
    mapping = None if profile is not None else _mapping(args, image.shape[1], image.shape[0])
    out = convert_image(image, mapping, profile, args.interp, projection)
    _write_image(args.output, out)
    print(f"{args.output}: {out.shape[1]}x{out.shape[0]}")
    return 0


def _write_image(path: Path, image: np.ndarray) -> None:
    import cv2

    try:
        ok = bool(cv2.imwrite(str(path), image))
    except cv2.error:
        ok = False
    if not ok:
        raise MediaError("errors.dome.image_unwritable", file=str(path))


def run_pattern(args: argparse.Namespace) -> int:
    from dome import Orientation
    from dome.errors import DomeError
    from dome.patterns import PATTERNS, draw_pattern

    if args.name not in PATTERNS:
        raise UsageError("errors.dome.pattern_unknown", name=args.name, choices=", ".join(PATTERNS))
    profile = _profile(args)
    if profile is not None:
        image = _pattern_as_projected(args, profile, args.lang or system_language())
    else:
        args.mesh = None
        try:
            image = draw_pattern(args.name, _target(args), Orientation(args.yaw, args.pitch, args.roll))
        except DomeError as exc:
            raise UsageError("errors.dome.geometry", problem=str(exc)) from None
    _write_image(args.output, image)
    print(f"{args.output}: pattern {args.name}, {image.shape[1]}x{image.shape[0]}")
    return 0


def _pattern_as_projected(args: argparse.Namespace, profile: Profile, language: str) -> np.ndarray:
    """BGR image of pattern ``args.name`` exactly as the projector shows it with ``profile``."""
    import cv2

    from kiosk.paths import Paths
    from kiosk.show.calibration import SourceKind, build_geometry
    from kiosk.show.patterns import PatternSources
    from kiosk.show.render import Look, ProjectorRenderer

    name = args.name
    source = PatternSources(Paths.discover(getattr(args, "home", None)).cache_dir / "dome-patterns").get(name)
    geometry = build_geometry(profile, SourceKind("equirect", source.shape[1], source.shape[0]))
    renderer = ProjectorRenderer(geometry, Look(profile.brightness, profile.gamma), pattern=name, language=language)
    try:
        return cv2.cvtColor(renderer.render_bgr(source), cv2.COLOR_RGB2BGR)
    finally:
        renderer.close()


def run_profile_list(args: argparse.Namespace) -> int:
    store = _store(args)
    last = store.station().get("last_profile")
    for name in store.names():
        print(f"{'*' if name == last else ' '} {name}")
    for problem in store.problems():
        print(f"! {problem.text(system_language())}", file=sys.stderr)
    return 0


def run_profile_show(args: argparse.Namespace) -> int:
    profile = _store(args).load(args.name)
    for key, value in profile.to_dict().items():
        if key == "mesh_text":
            value = f"{len(str(value).splitlines())} lines" if value else ""
        print(f"{key} = {value}")
    return 0


def run_profile_export(args: argparse.Namespace) -> int:
    print(_store(args).export(args.name, args.destination))
    return 0


def run_profile_import(args: argparse.Namespace) -> int:
    profile = _store(args).import_file(args.source, args.name)
    print(profile.name)
    return 0

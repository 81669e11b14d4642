"""``kiosk vr prepare|check``: 360° videos for VR headsets' own players (parse, call, print).

``prepare`` writes an equirect H.264 file at a size headsets decode well, mono or top-bottom stereo, with
the spherical-video metadata (V1 and V2) their players read, the sound kept (:mod:`kiosk.show.headset`);
``check`` says what a file declares and whether headsets will play it smoothly. See ``docs/vr.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.errors import MediaError, Message
from kiosk.i18n import system_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "vr",
        help="VR headsets: prepare 360° videos for their players",
        description="360° videos for VR headsets (Meta Quest, Pico…): see docs/vr.md.",
    )
    sub = parser.add_subparsers(dest="vr_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _help(parser))
    prepare = sub.add_parser(
        "prepare",
        help="write a headset-ready copy of a 360° video (size, H.264, 360° metadata, sound kept)",
        description="Write IN as an equirect H.264 MP4 that headsets play well, with Spherical Video V1/V2 "
        "metadata. OUT is a file or a folder (then named <IN>_360.mp4 or <IN>_360_TB.mp4).",
    )
    prepare.add_argument("input", type=Path, metavar="IN")
    prepare.add_argument("output", type=Path, metavar="OUT")
    prepare.add_argument(
        "--stereo", choices=("mono", "top-bottom"), default="mono", help="IN's layout (top-bottom: left eye on top)"
    )
    prepare.add_argument(
        "--from", dest="projection", choices=("equirect", "domemaster"), default="equirect", help="projection of IN"
    )
    prepare.add_argument("--max-width", type=int, help="cap the eye width in pixels (default: what headsets play)")
    prepare.set_defaults(func=run_prepare)
    check = sub.add_parser("check", help="what 360° metadata a video declares, and whether headsets play it well")
    check.add_argument("input", type=Path, metavar="FILE")
    check.set_defaults(func=run_check)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _say(message: Message) -> None:
    print(message.text(system_language()))


def run_prepare(args: argparse.Namespace) -> int:
    from kiosk.commands.progress import Progress
    from kiosk.show import headset
    from kiosk.show.decode import probe

    if not args.input.is_file():
        raise MediaError("errors.dome.media_missing", file=str(args.input))
    info = probe(args.input)
    progress = Progress(args.output.name, round(info.duration_s * info.fps))
    try:
        done = headset.prepare(args.input, args.output, args.stereo, args.projection, args.max_width, progress)
    finally:
        progress.finish()
    layout = Message("vr.layout_top_bottom") if args.stereo == "top-bottom" else Message("vr.layout_mono")
    plan = done.plan
    _say(Message("vr.prepared", {"file": done.path, "width": plan.width, "height": plan.height, "layout": layout,
                                 "frames": done.frames, "fps": f"{plan.fps:g}", "audio": done.audio}))  # fmt: skip
    wanted = plan.file_name(args.input.stem).removeprefix(args.input.stem)
    if not done.path.name.endswith(wanted):
        _say(Message("vr.name_hint", {"name": done.path.stem + wanted}))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from kiosk.show import headset, spherical
    from kiosk.show.decode import probe

    info = probe(args.input)
    try:
        found = spherical.read(args.input)
    except (spherical.SphericalError, IndexError) as exc:
        raise MediaError("errors.vr.not_mp4", file=str(args.input), reason=str(exc)) from None
    metadata = ", ".join(f"{form.upper()} {mode}" for form, mode in sorted(found.items())) or Message("vr.check_none")
    _say(Message("vr.check", {"file": args.input, "width": info.width, "height": info.height, "fps": f"{info.fps:g}",
                              "metadata": metadata}))  # fmt: skip
    stereo = found.get("v2", found.get("v1", "mono"))
    layout = headset.TOP_BOTTOM if stereo == headset.TOP_BOTTOM else headset.MONO
    limit = headset.EYE_WIDTH[(layout, 30 if info.fps <= 31 else 60)]
    if info.width > limit:
        _say(Message("vr.too_big", {"width": info.width, "height": info.height, "fps": f"{info.fps:g}",
                                    "limit": f"{limit} px"}))  # fmt: skip
    return 0

"""Prepare 360° videos for VR headsets' own players: the library behind ``kiosk vr prepare``.

A headset (Meta Quest, Pico…) plays files from its storage with its own player. What makes those files
play well there:

* **Projection**: equirectangular, 360°×180°. A *mono* video is one 2:1 image; a *top-bottom stereo*
  video stacks the left eye's 2:1 image above the right eye's (a square frame). A dome show
  (domemaster, 180° fisheye) becomes a mono equirect whose lower half is black (look up to see it).
* **Size**: what the headsets' hardware decoders take comfortably (Meta's guidance for its media player:
  3840×1920 at 30 fps or 2880×1440 at 60 fps mono; 2880×2880 at 30 fps or 2048×2048 at 60 fps
  top-bottom stereo). Never upscaled: a smaller source keeps its size (rounded to 16 px).
* **Codec**: H.264 High, 4:2:0, a key frame every 2 s, ``+faststart`` (the index first, so a file starts at
  once from storage or a local web server); the sound is kept (copied if AAC, else re-encoded).
* **Metadata**: Spherical Video V1 and V2 (:mod:`kiosk.show.spherical`), and the file name tags the
  players that look only at names use: ``…_360.mp4``, ``…_360_TB.mp4``.

The frames go through the dome core (:class:`dome.yuv.YuvWarper`, one eye at a time for stereo, so the
two eyes never bleed into each other) in the decode → warp → encode pipeline of :mod:`dome.pipeline`.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from dome import Equirect, Fisheye, Mapping
from dome.pipeline import run_pipeline
from dome.yuv import YuvWarper
from kiosk.errors import MediaError, UsageError
from kiosk.show import spherical
from kiosk.show.decode import MediaInfo, probe, video_frames

MONO, TOP_BOTTOM = "mono", "top-bottom"
STEREO_MODES = (MONO, TOP_BOTTOM)
PROJECTIONS = ("equirect", "domemaster")
# Largest eye width (equirect, px) by frame rate: the headsets' decoder budgets (see the module doc).
EYE_WIDTH = {(MONO, 30): 3840, (MONO, 60): 2880, (TOP_BOTTOM, 30): 2880, (TOP_BOTTOM, 60): 2048}
ENCODER = {"preset": "faster", "crf": "18", "profile": "high", "movflags": "+faststart"}


@dataclass(frozen=True)
class HeadsetPlan:
    """What :func:`prepare` will write: ``stereo`` layout, ``projection`` of the source, frame size."""

    stereo: str
    projection: str
    width: int
    height: int
    fps: float

    @property
    def eye_shape(self) -> tuple[int, int]:
        """``(h, w)`` of one eye's equirect image."""
        return (self.height // 2, self.width) if self.stereo == TOP_BOTTOM else (self.height, self.width)

    def file_name(self, stem: str) -> str:
        """The name headset players recognise: ``<stem>_360.mp4`` or ``<stem>_360_TB.mp4``."""
        return f"{stem}_360_TB.mp4" if self.stereo == TOP_BOTTOM else f"{stem}_360.mp4"


@dataclass(frozen=True)
class Prepared:
    path: Path
    plan: HeadsetPlan
    frames: int
    audio: str  # "copied", "reencoded" or "none"


def plan_for(
    info: MediaInfo, stereo: str = MONO, projection: str = "equirect", max_width: int | None = None
) -> HeadsetPlan:
    """The output frame for a source described by ``info``; :class:`UsageError` for a layout that does not
    fit the source (a mono equirect is 2:1, a top-bottom one 1:1, a domemaster square and mono)."""
    if stereo not in STEREO_MODES or projection not in PROJECTIONS:
        raise UsageError("errors.vr.layout", stereo=stereo, projection=projection)
    aspect = info.width / info.height
    if projection == "domemaster":
        if stereo != MONO or abs(aspect - 1) > 0.02:
            raise UsageError("errors.vr.domemaster", width=info.width, height=info.height)
        eye = 2 * min(info.width, info.height)  # same angular density as the dome's 180° circle
    else:
        want = 1.0 if stereo == TOP_BOTTOM else 2.0
        if abs(aspect - want) > 0.02 * want:
            raise UsageError("errors.vr.aspect", width=info.width, height=info.height, stereo=stereo)
        eye = info.width
    cap = EYE_WIDTH[(stereo, 30 if info.fps <= 31 else 60)]
    if max_width is not None:
        cap = min(cap, max_width)
    eye = max(256, min(cap, eye) // 32 * 32)  # a multiple of 32: even chroma planes in both eyes
    height = eye if stereo == TOP_BOTTOM else eye // 2
    return HeadsetPlan(stereo, projection, eye, height, info.fps)


def eye_mapping(plan: HeadsetPlan, info: MediaInfo) -> Mapping:
    """Source eye → output eye (equirect), the geometry every eye of every frame goes through."""
    eh, ew = plan.eye_shape
    if plan.projection == "domemaster":
        return Mapping(Fisheye(info.width, info.height), Equirect(ew, eh))
    rows = info.height // 2 if plan.stereo == TOP_BOTTOM else info.height
    return Mapping(Equirect(info.width, rows), Equirect(ew, eh))


class EyeWarper:
    """Warps whole frames eye by eye: the duck type :func:`dome.pipeline.run_pipeline` expects of a
    :class:`~dome.yuv.YuvWarper` (``shape``, ``luma/chroma_u/chroma_v.border``, ``warp``, ``close``)."""

    def __init__(self, mapping: Mapping, eyes: int) -> None:
        self.eye = YuvWarper.from_mapping(mapping)
        self.eyes = eyes
        self.luma, self.chroma_u, self.chroma_v = self.eye.luma, self.eye.chroma_u, self.eye.chroma_v

    @property
    def shape(self) -> tuple[int, int]:
        h, w = self.eye.shape
        return (h * self.eyes, w)

    def warp(self, y: np.ndarray, u: np.ndarray, v: np.ndarray, out: Any = None, fill_outside: bool = True) -> Any:
        if self.eyes == 1:
            return self.eye.warp(y, u, v, out=out, fill_outside=fill_outside)
        assert out is not None, "stereo frames are warped into the pipeline's buffers"

        def part(plane: np.ndarray, k: int) -> np.ndarray:
            rows = plane.shape[0] // self.eyes
            return plane[k * rows : (k + 1) * rows]

        for k in range(self.eyes):
            dst = (part(out[0], k), part(out[1], k), part(out[2], k))
            self.eye.warp(part(y, k), part(u, k), part(v, k), out=dst, fill_outside=fill_outside)
        return out

    def close(self) -> None:
        self.eye.close()


def _i420(source: Path) -> Iterator[np.ndarray]:
    for planes in video_frames(source):
        h, w = planes.y.shape
        buf = np.empty((h * 3 // 2, w), np.uint8)
        buf[:h] = planes.y
        rest = buf[h:].reshape(-1)
        rest[: planes.u.size] = planes.u.reshape(-1)
        rest[planes.u.size : 2 * planes.u.size] = planes.v.reshape(-1)
        yield buf


def prepare(
    source: Path,
    destination: Path,
    stereo: str = MONO,
    projection: str = "equirect",
    max_width: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Prepared:
    """Write ``source`` as a headset file at ``destination`` (a folder: named by :meth:`HeadsetPlan.file_name`)."""
    import av

    from kiosk.show.convert import AudioCarrier  # the dome converter's sound handling, shared

    info = probe(source)
    plan = plan_for(info, stereo, projection, max_width)
    if info.height % 4 and stereo == TOP_BOTTOM:
        raise UsageError("errors.vr.aspect", width=info.width, height=info.height, stereo=stereo)
    if destination.is_dir():
        destination = destination / plan.file_name(source.stem)
    rate = Fraction(info.fps).limit_denominator(1001)
    warper = EyeWarper(eye_mapping(plan, info), 2 if stereo == TOP_BOTTOM else 1)
    fd, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.stem}-", suffix=".mp4")
    os.close(fd)
    temporary = Path(name)
    try:
        frames, audio = _encode(source, temporary, plan, rate, warper, progress, AudioCarrier, av)
        spherical.inject(temporary, stereo)
        os.chmod(temporary, 0o644)  # mkstemp made it private; a media file is not
        os.replace(temporary, destination)
    except av.error.FFmpegError as exc:
        raise MediaError("errors.dome.media_broken", file=str(source), reason=str(exc)) from exc
    except OSError as exc:
        raise MediaError("errors.dome.output_unwritable", file=str(destination), reason=str(exc)) from exc
    finally:
        warper.close()
        temporary.unlink(missing_ok=True)
    return Prepared(destination, plan, frames, audio)


def _encode(
    source: Path,
    target: Path,
    plan: HeadsetPlan,
    rate: Fraction,
    warper: EyeWarper,
    progress: Callable[[int], None] | None,
    carrier: Any,
    av: Any,
) -> tuple[int, str]:
    """Decode, warp and encode the video into ``target`` (MP4), carrying the sound; (frames, sound mode)."""
    with av.open(str(target), mode="w", options={"movflags": ENCODER["movflags"]}) as output:
        video = output.add_stream("libx264", rate=rate, options={k: ENCODER[k] for k in ("preset", "crf")})
        video.width, video.height, video.pix_fmt = plan.width, plan.height, "yuv420p"
        video.profile = "High"
        video.codec_context.gop_size = max(1, math.ceil(2 * plan.fps))
        audio = carrier(source, output, target)
        count = iter(range(1 << 62))

        def write(buf: np.ndarray) -> None:
            frame = av.VideoFrame.from_ndarray(buf, format="yuv420p")
            frame.pts, frame.time_base = next(count), 1 / rate
            for packet in video.encode(frame):
                output.mux(packet)
            audio.until(float(frame.pts / rate))

        try:
            done = run_pipeline(_i420(source), warper, write, progress)  # type: ignore[arg-type]
            for packet in video.encode(None):
                output.mux(packet)
            audio.until(None)
        finally:
            audio.close()
    return done, audio.mode

"""PyAV decoding for the dome player: video as Y/U/V planes, audio as 48 kHz stereo blocks, with times.

The small API a hardware decoder can sit behind (issue 11):

* :func:`probe` → :class:`MediaInfo` (size, frame rate, duration, audio or not), or a
  :class:`kiosk.errors.MediaError` naming the file (missing, not a video, no video stream);
* :func:`video_frames` yields :class:`VideoPlanes` — ``y (h, w)``, ``u`` and ``v (h/2, w/2)`` uint8 planes
  of 4:2:0 video and ``pts_s``, the presentation time in seconds from the start of the file — from
  ``start_s`` on (frames before it are decoded and skipped, so the first one is the one due at ``start_s``);
* :func:`audio_blocks` yields :class:`AudioBlock` — float32 ``(n, 2)`` samples at :data:`RATE` and the
  ``pts_s`` of their first sample.

Each generator opens its own container (video and audio are demuxed independently, each on its own
thread), decodes with FFmpeg's frame threads, and closes the file when it is closed or exhausted.
A file that breaks in the middle raises :class:`MediaError` from the generator.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.errors import MediaError

RATE = 48_000  # Hz, what the audio output plays
CHANNELS = 2


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    width: int
    height: int
    fps: float
    duration_s: float
    has_audio: bool


@dataclass(frozen=True)
class VideoPlanes:
    """One decoded frame: 4:2:0 planes (views into the decoder's frame, kept alive by ``keep``)."""

    pts_s: float
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray
    keep: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class AudioBlock:
    pts_s: float
    samples: np.ndarray  # float32 (n, CHANNELS), -1…1


def _open(path: Path) -> Any:
    import av

    if not path.is_file():
        raise MediaError("errors.dome.media_missing", file=str(path))
    try:
        return av.open(str(path))
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise MediaError("errors.dome.media_unreadable", file=str(path), reason=str(exc)) from exc


def probe(path: Path) -> MediaInfo:
    """What is in ``path``; :class:`MediaError` if it is missing, unreadable or has no video."""
    with _open(path) as container:
        if not container.streams.video:
            raise MediaError("errors.dome.media_no_video", file=str(path))
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        if width < 2 or height < 2 or width % 2 or height % 2:
            raise MediaError("errors.dome.media_size", file=str(path), width=width, height=height)
        rate = float(stream.average_rate or stream.guessed_rate or 30)
        duration = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        return MediaInfo(path, width, height, rate, duration, bool(container.streams.audio))


def _seek(container: Any, stream: Any, start_s: float) -> None:
    if start_s > 0 and stream.time_base is not None:
        container.seek(int(start_s / stream.time_base), stream=stream, backward=True, any_frame=False)


def _planes(frame: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """Y, U, V views of a decoded frame (reformatted to yuv420p when it is another format)."""
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    w, h = frame.width, frame.height
    views = []
    for plane, (pw, ph) in zip(frame.planes, ((w, h), (w // 2, h // 2), (w // 2, h // 2))):
        data = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
        views.append(data[:ph, :pw])
    return views[0], views[1], views[2], frame


def video_frames(path: Path, start_s: float = 0.0) -> Generator[VideoPlanes, None, None]:
    """The frames of ``path`` from ``start_s`` on, as 4:2:0 planes with their time (see the module doc)."""
    import av

    container = _open(path)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        _seek(container, stream, start_s)
        base = Fraction(stream.start_time or 0) * stream.time_base if stream.time_base else 0
        for frame in container.decode(stream):
            if frame.pts is None or frame.time_base is None:
                continue
            pts = float(frame.pts * frame.time_base - base)
            if pts < start_s - 1e-6:
                continue
            y, u, v, keep = _planes(frame)
            yield VideoPlanes(pts, y, u, v, keep)
    except av.error.FFmpegError as exc:
        raise MediaError("errors.dome.media_broken", file=str(path), reason=str(exc)) from exc
    finally:
        container.close()


def audio_blocks(path: Path, start_s: float = 0.0) -> Generator[AudioBlock, None, None]:
    """The audio of ``path`` from ``start_s`` on, as stereo float32 at :data:`RATE` (nothing if it has none)."""
    import av

    container = _open(path)
    try:
        if not container.streams.audio:
            return
        stream = container.streams.audio[0]
        _seek(container, stream, start_s)
        resampler = av.AudioResampler(format="flt", layout="stereo", rate=RATE)
        base = float(Fraction(stream.start_time or 0) * stream.time_base) if stream.time_base else 0.0
        next_pts: float | None = None
        for frame in container.decode(stream):
            if next_pts is None and frame.pts is not None and frame.time_base is not None:
                next_pts = float(frame.pts * frame.time_base) - base
            for out in resampler.resample(frame):
                samples = out.to_ndarray().reshape(-1, CHANNELS)
                block, next_pts = _trim(samples, next_pts or 0.0, start_s)
                if block is not None:
                    yield block
    except av.error.FFmpegError as exc:
        raise MediaError("errors.dome.media_broken", file=str(path), reason=str(exc)) from exc
    finally:
        container.close()


def _trim(samples: np.ndarray, pts: float, start_s: float) -> tuple[AudioBlock | None, float]:
    """The part of a block at ``pts`` from ``start_s`` on, and the time of the sample after the block."""
    end = pts + len(samples) / RATE
    skip = int(round((start_s - pts) * RATE)) if pts < start_s else 0
    if skip >= len(samples):
        return None, end
    return AudioBlock(pts + skip / RATE, np.ascontiguousarray(samples[skip:], np.float32)), end

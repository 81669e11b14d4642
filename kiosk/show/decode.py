"""PyAV decoding for the dome player: video as Y/U/V planes, audio as 48 kHz stereo blocks, with times.

The small API a hardware decoder can sit behind (issue 11):

* :func:`probe` → :class:`MediaInfo` (size, frame rate, duration, audio or not), or a
  :class:`kiosk.errors.MediaError` naming the file (missing, not a video, no video stream);
* :func:`video_frames` yields :class:`VideoPlanes` — ``y (h, w)``, ``u`` and ``v (h/2, w/2)`` uint8 planes
  of 4:2:0 video and ``pts_s``, the presentation time in seconds from the start of the file — from
  ``start_s`` on (frames before it are decoded and skipped, so the first one is the one due at ``start_s``).
  The file is opened through :func:`kiosk.show.hwaccel.open_video`: a hardware decoder where the platform
  has one (``on_path`` hears which, :class:`~kiosk.show.hwaccel.DecodePath`), the software one otherwise.
  A hardware decoder's NV12 frames stay NV12 (``uv``: U and V interleaved) for the GPU back end, which
  uploads them as they are; ``u`` and ``v`` are split from them only when a CPU consumer asks. A file
  the hardware decoders refused is opened in software at once the next time (a seek, a resync);
* :func:`audio_blocks` yields :class:`AudioBlock` — float32 ``(n, 2)`` samples at :data:`RATE` and the
  ``pts_s`` of their first sample.

Each generator opens its own container (video and audio are demuxed independently, each on its own
thread), decodes with FFmpeg's frame threads, and closes the file when it is closed or exhausted.
A file that breaks in the middle raises :class:`MediaError` from the generator.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Generator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.errors import MediaError
from kiosk.show.hwaccel import ENV as HWACCEL_ENV
from kiosk.show.hwaccel import DecodePath, open_video

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


class VideoPlanes:
    """One decoded 4:2:0 frame at ``pts_s`` seconds: views into the decoder's frame (kept alive by ``keep``).

    ``y`` is ``(h, w)`` uint8. Planar frames (``yuv420p``) have ``u`` and ``v`` ``(h/2, w/2)``; NV12 frames
    (:meth:`nv12`, what hardware decoders give) have ``uv`` ``(h/2, w/2, 2)``, U and V interleaved, and
    ``u``/``v`` are split from it on first use (a copy: the GPU back end never asks for them).
    """

    __slots__ = ("pts_s", "y", "uv", "keep", "_u", "_v")

    def __init__(self, pts_s: float, y: np.ndarray, u: np.ndarray, v: np.ndarray, keep: Any = None) -> None:
        self.pts_s, self.y, self.keep = pts_s, y, keep
        self.uv: np.ndarray | None = None
        self._u: np.ndarray | None = u
        self._v: np.ndarray | None = v

    @classmethod
    def nv12(cls, pts_s: float, y: np.ndarray, uv: np.ndarray, keep: Any = None) -> VideoPlanes:
        """A frame with interleaved chroma: ``uv`` ``(h/2, w/2, 2)`` (or ``(h/2, w)``, pairs side by side)."""
        planes = cls(pts_s, y, None, None, keep)  # type: ignore[arg-type]
        ch, cw = (y.shape[0] + 1) // 2, (y.shape[1] + 1) // 2
        planes.uv = uv.reshape(ch, cw, 2)
        return planes

    @property
    def format(self) -> str:
        """``"nv12"`` or ``"yuv420p"``: how the chroma is laid out."""
        return "nv12" if self.uv is not None else "yuv420p"

    @property
    def u(self) -> np.ndarray:
        if self._u is None:
            self._split()
        assert self._u is not None
        return self._u

    @property
    def v(self) -> np.ndarray:
        if self._v is None:
            self._split()
        assert self._v is not None
        return self._v

    def _split(self) -> None:
        assert self.uv is not None
        self._u = np.ascontiguousarray(self.uv[..., 0])
        self._v = np.ascontiguousarray(self.uv[..., 1])

    def __repr__(self) -> str:
        return f"VideoPlanes({self.pts_s:.3f} s, {self.y.shape[1]}x{self.y.shape[0]} {self.format})"


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


def _view(plane: Any, width_bytes: int, rows: int) -> np.ndarray:
    """A ``(rows, width_bytes)`` uint8 view of a decoded plane (rows may be padded: ``line_size``)."""
    return np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)[:rows, :width_bytes]


def frame_planes(frame: Any, pts_s: float) -> VideoPlanes:
    """The planes of a decoded PyAV frame: NV12 kept as it is (a hardware decoder's), yuv420p as it is,
    anything else reformatted to yuv420p."""
    w, h = frame.width, frame.height
    if frame.format.name == "nv12":
        y, uv = _view(frame.planes[0], w, h), _view(frame.planes[1], 2 * (w // 2), h // 2)
        return VideoPlanes.nv12(pts_s, y, uv, frame)
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    y, u, v = (_view(p, pw, ph) for p, (pw, ph) in zip(frame.planes, ((w, h), (w // 2, h // 2), (w // 2, h // 2))))
    return VideoPlanes(pts_s, y, u, v, frame)


# Files the hardware decoders refused, and why: a seek or a resync of the same file (a new open each time)
# goes straight to the software decoder instead of trying every device again (tens of ms each).
_SOFTWARE: OrderedDict[tuple[str, str], DecodePath] = OrderedDict()
_SOFTWARE_LOCK = threading.Lock()


def forget_decoders() -> None:
    """Try the hardware decoders again at the next open of every file (a driver was installed, tests)."""
    with _SOFTWARE_LOCK:
        _SOFTWARE.clear()


def _open_video(path: Path, on_path: Callable[[DecodePath], None] | None) -> Any:
    import av

    if not path.is_file():
        raise MediaError("errors.dome.media_missing", file=str(path))
    key = (str(path.resolve()), os.environ.get(HWACCEL_ENV, ""))
    with _SOFTWARE_LOCK:
        known = _SOFTWARE.get(key)
    try:
        if known is not None:
            container, decode_path = av.open(str(path)), known
        else:
            container, decode_path = open_video(path)
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise MediaError("errors.dome.media_unreadable", file=str(path), reason=str(exc)) from exc
    if not decode_path.hardware:
        with _SOFTWARE_LOCK:
            _SOFTWARE[key] = decode_path
            while len(_SOFTWARE) > 32:
                _SOFTWARE.popitem(last=False)
    if on_path is not None:
        on_path(decode_path)
    return container


def video_frames(
    path: Path, start_s: float = 0.0, on_path: Callable[[DecodePath], None] | None = None
) -> Generator[VideoPlanes, None, None]:
    """The frames of ``path`` from ``start_s`` on, as 4:2:0 planes with their time (see the module doc);
    ``on_path`` is called once the file is open with the decoder taken (hardware or software, and why)."""
    import av

    container = _open_video(path, on_path)
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
            yield frame_planes(frame, pts)
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

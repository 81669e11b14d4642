"""Video conversion through a warper: decode, warp and encode pipelined across threads (PyAV).

Frames stay in planar YUV 4:2:0 from the decoder to the encoder (no RGB round trip). The decoder,
the warper (which itself splits each frame across threads) and the encoder run concurrently, linked by
small queues; FFmpeg's codecs release the GIL, as does ``cv2.remap``. The output keeps the input's frame
rate. Audio is not carried over.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from dome.errors import DomeError
from dome.warper import YuvWarper

VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".mkv", ".avi", ".webm", ".mpg", ".mpeg", ".ts"}
_DONE = object()


@dataclass(frozen=True)
class VideoInfo:
    """What the converter found and did: source size, frame rate, frames written, codec."""

    width: int
    height: int
    rate: Fraction
    frames: int
    codec: str


def is_video(path: str | Path) -> bool:
    """True when the file name looks like a video container."""
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


def _planes(buf: np.ndarray, h: int, w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y, U, V views of a ``(h * 3 // 2, w)`` yuv420p buffer."""
    q = (h // 2) * (w // 2)
    flat = buf.reshape(-1)
    y = flat[: h * w].reshape(h, w)
    u = flat[h * w : h * w + q].reshape(h // 2, w // 2)
    v = flat[h * w + q : h * w + 2 * q].reshape(h // 2, w // 2)
    return y, u, v


def _decoded(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> Iterator[np.ndarray]:
    for frame in container.decode(stream):
        if frame.format.name != "yuv420p":
            frame = frame.reformat(format="yuv420p")
        yield frame.to_ndarray()


def _pump(source: Iterator[np.ndarray], out: queue.Queue, errors: list[BaseException]) -> None:
    try:
        for item in source:
            out.put(item)
    except BaseException as exc:  # noqa: BLE001 - handed to the main thread
        errors.append(exc)
    finally:
        out.put(_DONE)


def _pick_codec(path: Path) -> tuple[str, dict[str, str]]:
    if path.suffix.lower() == ".webm":
        return "libvpx", {"crf": "10", "b": "8M", "deadline": "realtime", "cpu-used": "8"}
    if "libx264" in av.codecs_available:
        return "libx264", {"preset": "veryfast", "crf": "20"}
    return "mpeg4", {"qscale": "3"}


def convert_video(
    src: str | Path,
    dst: str | Path,
    make_warper: Callable[[int, int], YuvWarper],
    progress: Callable[[int, int], None] | None = None,
) -> VideoInfo:
    """Warp every frame of ``src`` into ``dst``.

    Args:
        make_warper: called once with the source ``(width, height)``; returns the warper to use.
        progress: called with ``(frames done, frames expected or 0)`` after each frame.
    """
    src, dst = Path(src), Path(dst)
    try:
        container = av.open(str(src))
    except (av.error.FFmpegError, OSError) as exc:
        raise DomeError(f"cannot open video {src}: {exc}") from exc
    with container:
        if not container.streams.video:
            raise DomeError(f"{src} has no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        w, h = stream.codec_context.width, stream.codec_context.height
        if w % 2 or h % 2:
            raise DomeError(f"{src} is {w}x{h}; 4:2:0 video needs even sizes")
        rate = Fraction(stream.average_rate or stream.guessed_rate or 30)
        warper = make_warper(w, h)
        oh, ow = warper.shape
        codec, options = _pick_codec(dst)
        frames_in: queue.Queue = queue.Queue(maxsize=3)
        errors: list[BaseException] = []
        reader = threading.Thread(target=_pump, args=(_decoded(container, stream), frames_in, errors), daemon=True)
        reader.start()
        try:
            done = _encode(dst, codec, options, rate, (oh, ow), warper, frames_in, errors, stream.frames, progress)
        finally:
            warper.close()
        reader.join()
        if errors:
            raise DomeError(f"cannot decode {src}: {errors[0]}") from errors[0]
    return VideoInfo(w, h, rate, done, codec)


def _encode(dst: Path, codec: str, options: dict[str, str], rate: Fraction, shape: tuple[int, int],
            warper: YuvWarper, frames_in: queue.Queue, errors: list[BaseException], expected: int,
            progress: Callable[[int, int], None] | None) -> int:
    """Warp frames from ``frames_in`` and encode them on a writer thread; returns the frame count."""
    oh, ow = shape
    ring = [np.empty((oh * 3 // 2, ow), np.uint8) for _ in range(4)]
    for buf in ring:
        y, u, v = _planes(buf, oh, ow)
        y[...] = warper.luma.border[0]
        u[...] = warper.chroma_u.border[0]
        v[...] = warper.chroma_v.border[0]
    free: queue.Queue = queue.Queue()
    for k in range(len(ring)):
        free.put(k)
    to_write: queue.Queue = queue.Queue(maxsize=2)
    try:
        output = av.open(str(dst), mode="w")
    except (av.error.FFmpegError, OSError) as exc:
        raise DomeError(f"cannot write video {dst}: {exc}") from exc
    with output:
        ostream = output.add_stream(codec, rate=rate, options=options)
        ostream.width, ostream.height, ostream.pix_fmt = ow, oh, "yuv420p"
        writer = threading.Thread(target=_write, args=(output, ostream, ring, to_write, free, errors, rate))
        writer.start()
        done = 0
        try:
            while True:
                item = frames_in.get()
                if item is _DONE or errors:
                    break
                sh, sw = item.shape[0] * 2 // 3, item.shape[1]
                k = free.get()
                warper.warp(*_planes(item, sh, sw), out=_planes(ring[k], oh, ow), fill_outside=False)
                to_write.put(k)
                done += 1
                if progress is not None:
                    progress(done, expected)
        finally:
            to_write.put(None)
            writer.join()
            while item is not _DONE:  # let the reader finish if we stopped early
                item = frames_in.get()
    if errors:
        raise DomeError(f"cannot convert to {dst}: {errors[0]}") from errors[0]
    return done


def _write(output, ostream, ring: list[np.ndarray], to_write: queue.Queue, free: queue.Queue,
           errors: list[BaseException], rate: Fraction) -> None:
    index = 0
    try:
        while (k := to_write.get()) is not None:
            frame = av.VideoFrame.from_ndarray(ring[k], format="yuv420p")
            free.put(k)
            frame.pts = index
            frame.time_base = 1 / rate
            index += 1
            for packet in ostream.encode(frame):
                output.mux(packet)
        for packet in ostream.encode(None):
            output.mux(packet)
    except BaseException as exc:  # noqa: BLE001 - handed to the main thread
        errors.append(exc)
        while to_write.get() is not None:
            pass

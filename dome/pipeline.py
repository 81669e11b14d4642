"""A three-stage frame pipeline: decode, warp and encode run at the same time on separate threads.

Codec-agnostic (the caller supplies a frame iterator and a write function, e.g. from PyAV), so this
module stays numpy-only. Frames travel as planar YUV 4:2:0 buffers of shape ``(h * 3 // 2, w)``
(the layout decoders and encoders use), warped with a :class:`dome.warper.YuvWarper` into a small
ring of preallocated output buffers whose outside-the-disc pixels are filled once. Decoders, encoders
and ``cv2.remap`` release the GIL, so the stages overlap on a multi-core machine.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

import numpy as np

from dome.warper import YuvWarper

_DONE = object()


def i420_planes(buf: np.ndarray, h: int, w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y ``(h, w)``, U and V ``(h/2, w/2)`` views of a ``(h * 3 // 2, w)`` I420 buffer."""
    q = (h // 2) * (w // 2)
    flat = buf.reshape(-1)
    return (
        flat[: h * w].reshape(h, w),
        flat[h * w : h * w + q].reshape(h // 2, w // 2),
        flat[h * w + q : h * w + 2 * q].reshape(h // 2, w // 2),
    )


def _pump(frames: Iterator[np.ndarray], out: queue.Queue, errors: list[BaseException], stop: threading.Event) -> None:
    try:
        for frame in frames:
            if stop.is_set():
                break
            out.put(frame)
    except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
        errors.append(exc)
    finally:
        out.put(_DONE)


def _drain(
    to_write: queue.Queue,
    free: queue.Queue,
    ring: list[np.ndarray],
    write: Callable[[np.ndarray], None],
    errors: list[BaseException],
) -> None:
    try:
        while (k := to_write.get()) is not None:
            if not errors:
                write(ring[k])
            free.put(k)
    except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
        errors.append(exc)
        free.put(k)
        while (k := to_write.get()) is not None:
            free.put(k)


def run_pipeline(
    frames: Iterator[np.ndarray],
    warper: YuvWarper,
    write: Callable[[np.ndarray], None],
    progress: Callable[[int], None] | None = None,
    ring_size: int = 4,
) -> int:
    """Warp every I420 frame of ``frames`` and hand each result to ``write``; returns the frame count.

    ``frames`` is consumed on a reader thread, ``write`` is called on a writer thread with a buffer
    that is reused once ``write`` returns (copy or encode it before returning). The first exception of
    any stage stops the pipeline and is raised here.
    """
    oh, ow = warper.shape
    ring = [np.empty((oh * 3 // 2, ow), np.uint8) for _ in range(ring_size)]
    for buf in ring:
        for plane, warp in zip(i420_planes(buf, oh, ow), (warper.luma, warper.chroma_u, warper.chroma_v)):
            plane[...] = warp.border[0]
    free: queue.Queue = queue.Queue()
    for k in range(ring_size):
        free.put(k)
    decoded: queue.Queue = queue.Queue(maxsize=3)
    to_write: queue.Queue = queue.Queue()
    errors: list[BaseException] = []
    stop = threading.Event()
    reader = threading.Thread(target=_pump, args=(frames, decoded, errors, stop), daemon=True)
    writer = threading.Thread(target=_drain, args=(to_write, free, ring, write, errors), daemon=True)
    reader.start()
    writer.start()
    done = 0
    try:
        while (item := decoded.get()) is not _DONE and not errors:
            k = free.get()
            sh = item.shape[0] * 2 // 3
            warper.warp(*i420_planes(item, sh, item.shape[1]), out=i420_planes(ring[k], oh, ow), fill_outside=False)
            to_write.put(k)
            done += 1
            if progress is not None:
                progress(done)
    finally:
        stop.set()
        to_write.put(None)
        writer.join()
        while item is not _DONE:  # unblock the reader if we stopped early
            item = decoded.get()
        reader.join()
    if errors:
        raise errors[0]
    return done

"""The per-frame warp of planar YUV 4:2:0 frames, as decoders deliver them (no conversion to RGB).

Why it is its own module: on single-channel planes ``cv2.remap`` is fastest with *float* maps (OpenCV 5
samples them with SIMD code and exact float weights; fixed-point maps go through an older scalar path that
is ≈ 1.6× slower on one channel), so this warper keeps the float maps as they are instead of converting them
like :class:`dome.warper.Warper` does for interleaved BGR. Float weights are at least as accurate as
the 1/32-px fixed-point table (≤ 0.5 level from exact bilinear, against ≤ 0.74).

How a frame is warped:

* The luma plane uses the full-size maps, the chroma planes the same geometry at half size
  (:meth:`dome.maps.Mapping.scaled` by 0.5: chroma sited at the centre of each 2×2 luma block).
* Each plane's output is cut into bands of rows, each band trimmed to the columns that hold valid pixels
  (the corners of a domemaster are never sampled). The bands of *all three* planes form one list, largest
  first; for a frame the calling thread and the pool's workers take bands from it until none is left
  (``cv2.remap`` and ``np.take`` release the GIL), so a thread that the system holds back on a busy
  machine does not hold up the frame.
* **Nearest** is a gather instead: each band keeps the flat source index of each of its pixels, found
  once (``np.rint`` of the float maps, as ``cv2.remap`` rounds them), and a frame is one ``np.take`` per
  band (≈ 1.5× less CPU than ``cv2.remap``'s nearest path); U and V are interleaved into one 16-bit plane
  first, so one gather fetches both.
* Pixels outside the valid region keep the border colour, written once when the output is allocated;
  the few invalid pixels inside a band's span are refilled after each remap.
* When the maps' footprint is ≥ 2 source pixels per output pixel, each plane is first reduced with
  ``INTER_AREA`` by that integer factor and its maps rescaled (anti-aliasing, as :class:`dome.Warper`).
* A gain map (warp meshes, spherical mirrors) scales the picture's *brightness*: ``Y' = 16 + (Y - 16) g``
  and ``C' = 128 + (C - 128) g`` (the same as multiplying limited-range RGB by ``g``).
"""

from __future__ import annotations

import dataclasses
import math
import os
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

import cv2
import numpy as np

from dome.cache import MapCache
from dome.errors import DomeError
from dome.maps import Mapping, Maps, build_maps

YUV_INTERPOLATIONS = {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC}
VIDEO_BLACK = (16, 128, 128)  # limited-range BT.601/709 black: Y, U, V


@dataclass(frozen=True)
class _Band:
    """Rows and columns of one band of one plane, and the invalid pixels inside that span."""

    plane: int  # 0 = Y, 1 = U, 2 = V (nearest: 1 = U and V together)
    rows: slice
    cols: slice
    holes: np.ndarray  # flat (row-major) indices in the whole plane of the invalid pixels of the span
    index: np.ndarray | None = None  # nearest: flat source index of each pixel of the span, row-major

    @property
    def area(self) -> int:
        return (self.rows.stop - self.rows.start) * (self.cols.stop - self.cols.start)


def _plane_bands(plane: int, valid: np.ndarray, band_rows: int, index: np.ndarray | None = None) -> list[_Band]:
    """Row bands of ``valid``, each cut to the columns that contain valid pixels (with its part of the
    gather ``index`` image when there is one)."""
    h = valid.shape[0]
    bands = []
    for r0 in range(0, h, band_rows):
        r1 = min(h, r0 + band_rows)
        cols = np.flatnonzero(valid[r0:r1].any(axis=0))
        if cols.size == 0:
            continue
        c0, c1 = int(cols[0]), int(cols[-1]) + 1
        rows, cols_ = np.nonzero(~valid[r0:r1, c0:c1])
        holes = ((rows + r0) * valid.shape[1] + cols_ + c0).astype(np.intp)
        part = None if index is None else np.ascontiguousarray(index[r0:r1, c0:c1]).reshape(-1)
        bands.append(_Band(plane, slice(r0, r1), slice(c0, c1), holes, part))
    return bands


def _order(bands: list[_Band]) -> list[_Band]:
    """The order workers take bands in: largest first (so the last ones are small and the threads end
    together), ties in memory order."""
    return sorted(bands, key=lambda b: (-b.area, b.plane, b.rows.start))


@dataclass
class PlaneWarp:
    """The maps and border of one plane (float32, contiguous), as :class:`YuvWarper` samples them.

    Attributes:
        map_x, map_y: source pixel coordinates of each output pixel (pixel centres at integers).
        valid: where the output shows the picture (elsewhere: ``border``).
        gain: float32 brightness factor or None.
        border: the plane's value outside the picture (``(value,)``, as :attr:`Warper.border`).
        source_shape: ``(h, w)`` of the plane the caller passes.
        reduced: ``(w, h)`` the plane is first shrunk to (``INTER_AREA``), or None; the maps sample that.
    """

    map_x: np.ndarray
    map_y: np.ndarray
    valid: np.ndarray
    gain: np.ndarray | None
    border: tuple[int]
    source_shape: tuple[int, int]
    reduced: tuple[int, int] | None = None

    @classmethod
    def from_maps(cls, maps: Maps, border: int, prefilter: int = 1) -> PlaneWarp:
        """The plane's float maps; ``prefilter`` > 1 samples a source reduced by that factor."""
        gain = None if maps.gain is None else np.ascontiguousarray(np.clip(maps.gain, 0, 1), np.float32)
        sx = np.ascontiguousarray(maps.map_x, np.float32)
        sy = np.ascontiguousarray(maps.map_y, np.float32)
        reduced = None
        if prefilter > 1:
            h, w = maps.source_shape
            reduced = (max(1, round(w / prefilter)), max(1, round(h / prefilter)))
            sx = (sx + np.float32(0.5)) * np.float32(reduced[0] / w) - np.float32(0.5)  # exact for any w
            sy = (sy + np.float32(0.5)) * np.float32(reduced[1] / h) - np.float32(0.5)
            sx = np.clip(sx, -0.5, reduced[0] - 0.5) if maps.wraps_x else np.clip(sx, 0, reduced[0] - 1)
            sy = np.clip(sy, 0, reduced[1] - 1)
        return cls(sx, sy, maps.valid, gain, (int(border),), maps.source_shape, reduced)

    def gather_index(self, wraps_x: bool) -> np.ndarray:
        """Flat source index of each output pixel for nearest sampling (``cv2.remap``'s rounding)."""
        h, w = self.reduced[::-1] if self.reduced is not None else self.source_shape
        ix = np.rint(self.map_x).astype(np.intp)
        ix = np.mod(ix, w) if wraps_x else np.clip(ix, 0, w - 1)
        iy = np.clip(np.rint(self.map_y).astype(np.intp), 0, h - 1)
        index: np.ndarray = iy * w + ix
        return index

    def source(self, plane: np.ndarray) -> np.ndarray:
        """The plane as the maps sample it (reduced when there is a prefilter)."""
        if self.reduced is None:
            return plane
        return cv2.resize(plane, self.reduced, interpolation=cv2.INTER_AREA)

    @property
    def shape(self) -> tuple[int, int]:
        """Output shape ``(h, w)``."""
        return (int(self.map_x.shape[0]), int(self.map_x.shape[1]))


class YuvWarper:
    """Warps planar YUV 4:2:0 frames of one source size into one output geometry, without allocation.

    Args:
        luma: float inverse maps of the full-size geometry (see :func:`dome.maps.build_maps`).
        chroma: the same geometry at half size (``mapping.scaled(0.5)``).
        interp: ``"nearest"``, ``"linear"`` or ``"cubic"``.
        border: Y, U, V outside the picture (default video black ``(16, 128, 128)``).
        threads: worker threads (default ``min(4, os.cpu_count())``).
        band_rows: luma rows per band (chroma bands have half as many).
        prefilter: reduce the planes by this integer factor with ``INTER_AREA`` before sampling; None
            chooses it from the luma maps' footprint (rounded down; 1 = off), as :class:`dome.Warper`.
    """

    def __init__(
        self,
        luma: Maps,
        chroma: Maps,
        interp: str = "linear",
        border: tuple[int, int, int] = VIDEO_BLACK,
        threads: int | None = None,
        band_rows: int = 32,
        prefilter: int | None = None,
    ) -> None:
        if interp not in YUV_INTERPOLATIONS:
            raise DomeError(f"unknown interpolation {interp!r}; use one of {', '.join(YUV_INTERPOLATIONS)}")
        lh, lw = luma.shape
        if chroma.shape != ((lh + 1) // 2, (lw + 1) // 2):
            raise DomeError(f"chroma maps {chroma.shape} do not match luma maps {luma.shape} for 4:2:0")
        self.interp = interp
        self.border = tuple(int(b) for b in border)
        factor = prefilter if prefilter is not None else int(math.floor(luma.footprint()))
        self.prefilter = max(1, int(factor))
        self.luma = PlaneWarp.from_maps(luma, self.border[0], self.prefilter)
        self.chroma_u = PlaneWarp.from_maps(chroma, self.border[1], self.prefilter)
        self.chroma_v = dataclasses.replace(self.chroma_u, border=(self.border[2],))
        self._flag = YUV_INTERPOLATIONS[interp]
        self._mode = cv2.BORDER_WRAP if luma.wraps_x else cv2.BORDER_REPLICATE
        self._gather = interp == "nearest"
        chroma_rows = max(1, band_rows // 2)
        if self._gather:
            bands = _plane_bands(0, luma.valid, band_rows, self.luma.gather_index(luma.wraps_x))
            bands += _plane_bands(1, chroma.valid, chroma_rows, self.chroma_u.gather_index(chroma.wraps_x))
        else:
            bands = _plane_bands(0, luma.valid, band_rows)
            for plane in (1, 2):
                bands += _plane_bands(plane, chroma.valid, chroma_rows)
        self._workers = max(1, min(len(bands), threads if threads is not None else min(4, os.cpu_count() or 1)))
        self._bands = _order(bands)
        self._pool = ThreadPoolExecutor(self._workers - 1) if self._workers > 1 else None
        self._out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        largest = max((b.area for b in bands), default=0) if self._gather else 0
        self._scratch = [np.empty(largest, np.uint16) for _ in range(self._workers)]  # one per thread

    @property
    def planes(self) -> tuple[PlaneWarp, PlaneWarp, PlaneWarp]:
        return (self.luma, self.chroma_u, self.chroma_v)

    @property
    def shape(self) -> tuple[int, int]:
        """Luma output shape ``(h, w)``."""
        return self.luma.shape

    @classmethod
    def from_mapping(
        cls, mapping: Mapping, interp: str = "linear", cache: MapCache | None = None, threads: int | None = None
    ) -> YuvWarper:
        """Build (or fetch from ``cache``) the luma and chroma maps of ``mapping`` and wrap them."""
        get = cache.get if cache is not None else build_maps
        return cls(get(mapping), get(mapping.scaled(0.5)), interp, threads=threads)

    def close(self) -> None:
        """Stop the worker threads (the warper still works afterwards, single-threaded)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _outputs(
        self, out: tuple[np.ndarray, np.ndarray, np.ndarray] | None, fill_outside: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if out is None:
            if self._out is None:
                self._out = tuple(np.full(p.shape, p.border[0], np.uint8) for p in self.planes)  # type: ignore[assignment]
            assert self._out is not None
            return self._out
        for array, plane in zip(out, self.planes):
            if array.shape != plane.shape or array.dtype != np.uint8:
                raise DomeError(f"output plane is {array.shape} {array.dtype}, expected {plane.shape} uint8")
            if fill_outside:
                array[~plane.valid] = plane.border[0]
        return out

    def _check(self, planes: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        for array, plane in zip(planes, self.planes):
            if array.shape != plane.source_shape or array.dtype != np.uint8:
                raise DomeError(
                    f"plane is {array.shape[1]}x{array.shape[0]} {array.dtype}, the maps expect "
                    f"{plane.source_shape[1]}x{plane.source_shape[0]} uint8"
                )

    def warp(
        self,
        y: np.ndarray,
        u: np.ndarray,
        v: np.ndarray,
        out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
        fill_outside: bool = True,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Warp the three uint8 planes; returns ``(Y, U, V)``.

        Without ``out`` the warper's own preallocated planes are returned (overwritten by the next call).
        With ``out``, pixels outside the valid region are set to the border unless ``fill_outside`` is
        False (for planes the caller filled once: they are never written outside the valid region).
        """
        self._check((y, u, v))
        src = [plane.source(array) for plane, array in zip(self.planes, (y, u, v))]
        if self._gather:  # U and V interleaved: one 16-bit gather fetches both
            src = [src[0].reshape(-1), cv2.merge(src[1:]).view(np.uint16).reshape(-1)]
        dst = self._outputs(out, fill_outside)
        flat = [d.reshape(-1) if d.flags.c_contiguous else None for d in dst]

        todo = iter(self._bands)  # shared: next() on a list iterator is atomic under the GIL

        def run(scratch: np.ndarray) -> None:
            for b in todo:
                if b.index is not None:
                    self._gather_band(b, src, dst, scratch)
                else:
                    self._remap_band(b, src[b.plane], dst[b.plane])
                for p in (1, 2) if (b.index is not None and b.plane == 1) else (b.plane,):
                    self._finish_band(b, p, dst, flat[p])

        helpers = [] if self._pool is None else [self._pool.submit(run, s) for s in self._scratch[1:]]
        try:
            run(self._scratch[0])  # the calling thread works too
        finally:
            wait(helpers)  # never return (or raise) while a helper still writes into the planes
        for helper in helpers:
            helper.result()  # a helper's exception is raised here
        return dst

    def _remap_band(self, b: _Band, src: np.ndarray, dst: np.ndarray) -> None:
        plane = self.planes[b.plane]
        cv2.remap(
            src,
            plane.map_x[b.rows, b.cols],
            plane.map_y[b.rows, b.cols],
            self._flag,
            dst=dst[b.rows, b.cols],
            borderMode=self._mode,
        )

    @staticmethod
    def _gather_band(b: _Band, src: list[np.ndarray], dst: tuple[np.ndarray, ...], scratch: np.ndarray) -> None:
        assert b.index is not None
        span = (b.rows.stop - b.rows.start, b.cols.stop - b.cols.start)
        if b.plane == 0:
            got = scratch.view(np.uint8)[: b.index.size]
            np.take(src[0], b.index, out=got, mode="wrap")  # every index is in range: "wrap" checks least
            dst[0][b.rows, b.cols] = got.reshape(span)
        else:
            pairs = scratch[: b.index.size]
            np.take(src[1], b.index, out=pairs, mode="wrap")
            uv = pairs.view(np.uint8).reshape(span + (2,))
            dst[1][b.rows, b.cols] = uv[..., 0]
            dst[2][b.rows, b.cols] = uv[..., 1]

    def _finish_band(self, b: _Band, p: int, dst: tuple[np.ndarray, ...], flat: np.ndarray | None) -> None:
        """Gain (meshes, mirrors) and the border on the invalid pixels inside the band's span."""
        plane = self.planes[p]
        if plane.gain is not None:
            _apply_gain(dst[p][b.rows, b.cols], plane.gain[b.rows, b.cols], 16.0 if p == 0 else 128.0)
        if b.holes.size:
            if flat is not None:
                flat[b.holes] = plane.border[0]
            else:
                dst[p][np.unravel_index(b.holes, plane.shape)] = plane.border[0]


def _apply_gain(view: np.ndarray, gain: np.ndarray, black: float) -> None:
    """``view = black + (view - black) * gain`` in place (uint8, rounded): a brightness gain in YUV."""
    level = view.astype(np.float32)
    level -= black
    level *= gain
    level += black + 0.5
    np.clip(level, 0, 255, out=level)
    view[...] = level.astype(np.uint8)

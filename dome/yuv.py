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
  (the corners of a domemaster are never sampled). The bands of *all three* planes are dealt once, at
  construction, to the worker threads so that each does the same number of pixels; a frame is then one
  hand-off to the pool (``cv2.remap`` releases the GIL).
* Pixels outside the valid region keep the border colour, written once when the output is allocated;
  the few invalid pixels inside a band's span are refilled after each remap.
* A gain map (warp meshes, spherical mirrors) scales the picture's *brightness*: ``Y' = 16 + (Y - 16) g``
  and ``C' = 128 + (C - 128) g`` (the same as multiplying limited-range RGB by ``g``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
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

    plane: int  # 0 = Y, 1 = U, 2 = V
    rows: slice
    cols: slice
    holes: np.ndarray  # flat (row-major) indices in the whole plane of the invalid pixels of the span

    @property
    def area(self) -> int:
        return (self.rows.stop - self.rows.start) * (self.cols.stop - self.cols.start)


def _plane_bands(plane: int, valid: np.ndarray, band_rows: int) -> list[_Band]:
    """Row bands of ``valid``, each cut to the columns that contain valid pixels."""
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
        bands.append(_Band(plane, slice(r0, r1), slice(c0, c1), holes))
    return bands


def _deal(bands: list[_Band], workers: int) -> list[list[_Band]]:
    """Split bands between ``workers`` so that each gets about the same pixel count (largest first)."""
    shares: list[list[_Band]] = [[] for _ in range(workers)]
    load = [0] * workers
    for band in sorted(bands, key=lambda b: -b.area):
        k = load.index(min(load))
        shares[k].append(band)
        load[k] += band.area
    for share in shares:
        share.sort(key=lambda b: (b.plane, b.rows.start))  # walk memory in order
    return [s for s in shares if s]


@dataclass
class PlaneWarp:
    """The maps and border of one plane (float32, contiguous), as :class:`YuvWarper` samples them.

    Attributes:
        map_x, map_y: source pixel coordinates of each output pixel (pixel centres at integers).
        valid: where the output shows the picture (elsewhere: ``border``).
        gain: float32 brightness factor or None.
        border: the plane's value outside the picture (``(value,)``, as :attr:`Warper.border`).
    """

    map_x: np.ndarray
    map_y: np.ndarray
    valid: np.ndarray
    gain: np.ndarray | None
    border: tuple[int]
    source_shape: tuple[int, int]

    @classmethod
    def from_maps(cls, maps: Maps, border: int) -> PlaneWarp:
        gain = None if maps.gain is None else np.ascontiguousarray(np.clip(maps.gain, 0, 1), np.float32)
        return cls(
            np.ascontiguousarray(maps.map_x, np.float32),
            np.ascontiguousarray(maps.map_y, np.float32),
            maps.valid,
            gain,
            (int(border),),
            maps.source_shape,
        )

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
    """

    def __init__(
        self,
        luma: Maps,
        chroma: Maps,
        interp: str = "linear",
        border: tuple[int, int, int] = VIDEO_BLACK,
        threads: int | None = None,
        band_rows: int = 32,
    ) -> None:
        if interp not in YUV_INTERPOLATIONS:
            raise DomeError(f"unknown interpolation {interp!r}; use one of {', '.join(YUV_INTERPOLATIONS)}")
        lh, lw = luma.shape
        if chroma.shape != ((lh + 1) // 2, (lw + 1) // 2):
            raise DomeError(f"chroma maps {chroma.shape} do not match luma maps {luma.shape} for 4:2:0")
        self.interp = interp
        self.border = tuple(int(b) for b in border)
        self.luma = PlaneWarp.from_maps(luma, self.border[0])
        self.chroma_u = PlaneWarp.from_maps(chroma, self.border[1])
        self.chroma_v = PlaneWarp(
            self.chroma_u.map_x,
            self.chroma_u.map_y,
            chroma.valid,
            self.chroma_u.gain,
            (self.border[2],),
            chroma.source_shape,
        )
        self._flag = YUV_INTERPOLATIONS[interp]
        self._mode = cv2.BORDER_WRAP if luma.wraps_x else cv2.BORDER_REPLICATE
        bands = _plane_bands(0, luma.valid, band_rows)
        for plane in (1, 2):
            bands += _plane_bands(plane, chroma.valid, max(1, band_rows // 2))
        workers = max(1, threads if threads is not None else min(4, os.cpu_count() or 1))
        self._shares = _deal(bands, workers)
        self._pool = ThreadPoolExecutor(len(self._shares)) if len(self._shares) > 1 else None
        self._out: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

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
        src = (y, u, v)
        self._check(src)
        dst = self._outputs(out, fill_outside)
        flat = [d.reshape(-1) if d.flags.c_contiguous else None for d in dst]

        def run(bands: list[_Band]) -> None:
            for b in bands:
                plane = self.planes[b.plane]
                view = dst[b.plane][b.rows, b.cols]
                cv2.remap(
                    src[b.plane],
                    plane.map_x[b.rows, b.cols],
                    plane.map_y[b.rows, b.cols],
                    self._flag,
                    dst=view,
                    borderMode=self._mode,
                )
                if plane.gain is not None:
                    _apply_gain(view, plane.gain[b.rows, b.cols], 16.0 if b.plane == 0 else 128.0)
                if b.holes.size:
                    f = flat[b.plane]
                    if f is not None:
                        f[b.holes] = plane.border[0]
                    else:
                        dst[b.plane][np.unravel_index(b.holes, plane.shape)] = plane.border[0]

        if self._pool is None:
            for share in self._shares:
                run(share)
        else:
            list(self._pool.map(run, self._shares))
        return dst


def _apply_gain(view: np.ndarray, gain: np.ndarray, black: float) -> None:
    """``view = black + (view - black) * gain`` in place (uint8, rounded): a brightness gain in YUV."""
    level = view.astype(np.float32)
    level -= black
    level *= gain
    level += black + 0.5
    np.clip(level, 0, 255, out=level)
    view[...] = level.astype(np.uint8)

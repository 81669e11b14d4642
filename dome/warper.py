"""The per-frame warp: fixed-point maps applied with ``cv2.remap`` into a preallocated output.

A :class:`Warper` owns the maps of one geometry + calibration. It converts them once to fixed point
(CV_16SC2 + CV_16UC1, 1/32 px), cuts the output into bands of rows and only remaps, in each band, the
columns that hold valid pixels (the corners of a domemaster are never sampled), with the bands split
across a small thread pool (``cv2.remap`` releases the GIL). Pixels outside the valid region keep the
border colour. When the output is much smaller than the source the source is first reduced with
``INTER_AREA`` (anti-aliasing) and the maps rescaled to match.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np

from dome.cache import MapCache
from dome.errors import DomeError
from dome.maps import Mapping, Maps, build_maps
from dome.yuv import YuvWarper as YuvWarper  # re-exported: the YUV 4:2:0 path lives in dome.yuv

INTERPOLATIONS = {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC}


@dataclass(frozen=True)
class _Band:
    rows: slice
    cols: slice
    holes: tuple[np.ndarray, ...]  # (row, col) in the band view of invalid pixels inside the span


def _bands(valid: np.ndarray, band_rows: int) -> list[_Band]:
    """Row bands, each cut to the columns that contain valid pixels."""
    h = valid.shape[0]
    bands = []
    for r0 in range(0, h, band_rows):
        r1 = min(h, r0 + band_rows)
        cols = np.flatnonzero(valid[r0:r1].any(axis=0))
        if cols.size == 0:
            continue
        c0, c1 = int(cols[0]), int(cols[-1]) + 1
        holes = np.nonzero(~valid[r0:r1, c0:c1])
        bands.append(_Band(slice(r0, r1), slice(c0, c1), holes))
    return bands


class Warper:
    """Warps frames of one source shape into one output geometry, fast and without allocation.

    Args:
        maps: float inverse maps (see :func:`dome.maps.build_maps`).
        interp: ``"nearest"``, ``"linear"`` or ``"cubic"``.
        border: colour of invalid pixels, one value per channel (BGR order for BGR frames).
        prefilter: reduce the source by this integer factor with ``INTER_AREA`` before sampling;
            ``None`` chooses it from the maps' footprint (the median number of source pixels per output
            pixel, rounded down; 1 = off).
        threads: worker threads for the bands (default: ``min(4, os.cpu_count())``).
        band_rows: output rows per band.
    """

    def __init__(
        self,
        maps: Maps,
        interp: str = "linear",
        border: tuple[int, ...] = (0, 0, 0),
        prefilter: int | None = None,
        threads: int | None = None,
        band_rows: int = 16,
    ) -> None:
        if interp not in INTERPOLATIONS:
            raise DomeError(f"unknown interpolation {interp!r}; use one of {', '.join(INTERPOLATIONS)}")
        self.maps = maps
        self.interp = interp
        self.border = tuple(int(b) for b in border)
        factor = prefilter if prefilter is not None else max(1, int(math.floor(maps.footprint())))
        self.prefilter = max(1, int(factor))
        sx, sy = maps.map_x, maps.map_y
        if self.prefilter > 1:
            h, w = maps.source_shape
            self._small = (max(1, round(w / self.prefilter)), max(1, round(h / self.prefilter)))
            sx = (sx + 0.5) * (self._small[0] / w) - 0.5  # exact even when w is not a multiple
            sy = (sy + 0.5) * (self._small[1] / h) - 0.5
            sx = np.clip(sx, -0.5, self._small[0] - 0.5) if maps.wraps_x else np.clip(sx, 0, self._small[0] - 1)
            sy = np.clip(sy, 0, self._small[1] - 1)
        self._m1, self._m2 = cv2.convertMaps(
            sx.astype(np.float32, copy=False),
            sy.astype(np.float32, copy=False),
            cv2.CV_16SC2,
            nninterpolation=interp == "nearest",
        )
        self._flag = INTERPOLATIONS[interp]
        self._mode = cv2.BORDER_WRAP if maps.wraps_x else cv2.BORDER_REPLICATE
        self._bands = _bands(maps.valid, band_rows)
        self._gain = None if maps.gain is None else np.clip(maps.gain, 0, 1).astype(np.float32)
        self._gains: dict[int, np.ndarray] = {}
        workers = threads if threads is not None else min(4, os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(workers) if workers > 1 else None
        self._workers = max(1, workers)
        self._out: np.ndarray | None = None
        self._reduced: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """Output shape ``(h, w)``."""
        return self.maps.shape

    @classmethod
    def from_mapping(
        cls, mapping: Mapping, interp: str = "linear", cache: MapCache | None = None, **options: object
    ) -> Warper:
        """Build (or fetch from ``cache``) the maps of ``mapping`` and wrap them in a warper."""
        maps = cache.get(mapping) if cache is not None else build_maps(mapping)
        return cls(maps, interp, **options)  # type: ignore[arg-type]

    def close(self) -> None:
        """Stop the worker threads (the warper still works afterwards, single-threaded)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _output(self, src: np.ndarray, out: np.ndarray | None, fill_outside: bool) -> np.ndarray:
        h, w = self.shape
        want = (h, w) + src.shape[2:]
        if out is not None:
            if out.shape != want or out.dtype != src.dtype:
                raise DomeError(f"output array is {out.shape} {out.dtype}, expected {want} {src.dtype}")
            if fill_outside:
                out[~self.maps.valid] = self._colour(src)
            return out
        if self._out is None or self._out.shape != want or self._out.dtype != src.dtype:
            self._out = np.empty(want, src.dtype)
            self._out[...] = self._colour(src)
        return self._out

    def _colour(self, src: np.ndarray) -> np.ndarray:
        channels = src.shape[2] if src.ndim == 3 else 1
        values = (list(self.border) + [0] * channels)[:channels]
        return np.array(values if src.ndim == 3 else values[0], dtype=src.dtype)

    def _source(self, src: np.ndarray) -> np.ndarray:
        if src.shape[:2] != tuple(self.maps.source_shape):
            raise DomeError(
                f"frame is {src.shape[1]}x{src.shape[0]}, the maps expect "
                f"{self.maps.source_shape[1]}x{self.maps.source_shape[0]}"
            )
        if self.prefilter == 1:
            return src
        self._reduced = cv2.resize(src, self._small, dst=None, interpolation=cv2.INTER_AREA)
        return self._reduced

    def _gain_for(self, channels: int) -> np.ndarray | None:
        """The gain image with ``channels`` channels (float32), made once per channel count."""
        if self._gain is None:
            return None
        if channels not in self._gains:
            self._gains[channels] = self._gain if channels == 1 else cv2.merge([self._gain] * channels)
        return self._gains[channels]

    @staticmethod
    def _depth(view: np.ndarray) -> int:
        return {np.dtype(np.uint8): cv2.CV_8U, np.dtype(np.uint16): cv2.CV_16U, np.dtype(np.float32): cv2.CV_32F}.get(
            view.dtype, cv2.CV_32F
        )

    def warp(self, src: np.ndarray, out: np.ndarray | None = None, fill_outside: bool = True) -> np.ndarray:
        """Warp one frame (uint8/uint16/float32, 1–4 channels) and return the output array.

        Without ``out`` the warper's own preallocated array is returned (overwritten by the next call).
        With ``out``, pixels outside the valid region are set to the border colour unless
        ``fill_outside`` is False (for arrays the caller has already filled once: they are never
        written outside the valid region).
        """
        out = self._output(src, out, fill_outside)
        src = self._source(src)
        colour = self._colour(src)
        gain = self._gain_for(out.shape[2] if out.ndim == 3 else 1)

        def run(bands: list[_Band]) -> None:
            for b in bands:
                view = out[b.rows, b.cols]
                cv2.remap(
                    src,
                    self._m1[b.rows, b.cols],
                    None if self._m2 is None else self._m2[b.rows, b.cols],
                    self._flag,
                    dst=view,
                    borderMode=self._mode,
                )
                if b.holes[0].size:
                    view[b.holes] = colour
                if gain is not None:
                    cv2.multiply(view, gain[b.rows, b.cols], dst=view, dtype=self._depth(view))

        if self._pool is None:
            run(self._bands)
        else:
            n = self._workers
            list(self._pool.map(run, [self._bands[i::n] for i in range(n)]))
        return out

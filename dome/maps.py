"""Inverse maps: for every output pixel, where to sample the source (plus a validity mask and a gain).

A :class:`Mapping` is the full geometry (source and target projections, content orientation and an
optional pixel warp such as a warp mesh or a spherical mirror); :func:`build_maps` turns it into
:class:`Maps` either exactly (every pixel through the analytic chain) or adaptively: exact on a coarse
grid, upsampled, and recomputed exactly in the cells where the upsampling would err by more than
``tolerance_px`` (the longitude seam, the poles, the rim of the image circle).

Chain for one output pixel: (warp: output pixel → intermediate pixel + gain) → target pixel → target
lens direction → world (target mount) → content (orientation) → source lens (source mount⁻¹) → source
pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

import cv2
import numpy as np

from dome.projection import Projection, pixel_grid
from dome.sphere import Orientation, as_float, rotate


class PixelWarp(Protocol):
    """A 2-D warp in front of the target projection: a warp mesh or a spherical mirror."""

    @property
    def shape(self) -> tuple[int, int]:
        """Output (projector) image shape ``(h, w)``."""
        ...

    def to_intermediate(
        self, x: np.ndarray, y: np.ndarray, shape: tuple[int, int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Intermediate-image pixel coordinates, gain and validity for output pixels ``x, y``; the
        intermediate image (e.g. the domemaster) has ``shape``."""
        ...

    def scaled(self, factor: float) -> PixelWarp:
        """The same warp for an output grid ``factor`` times as fine."""
        ...

    def key(self) -> str:
        """A string that identifies the warp exactly (for caches)."""
        ...


@dataclass(frozen=True)
class Mapping:
    """The full geometry + calibration of one warp: ``source`` image → ``target`` image."""

    source: Projection
    target: Projection
    orientation: Orientation = field(default_factory=Orientation)
    warp: PixelWarp | None = None

    @property
    def output_shape(self) -> tuple[int, int]:
        """Shape ``(h, w)`` of the warped image."""
        return self.warp.shape if self.warp is not None else self.target.shape

    def rotation(self) -> np.ndarray:
        """3×3 rotation from target lens directions to source lens directions."""
        return self.source.mount().T @ self.orientation.matrix() @ self.target.mount()

    def scaled(self, factor: float) -> Mapping:
        """The same mapping between images ``factor`` times as fine (0.5: 4:2:0 chroma planes)."""
        warp = self.warp.scaled(factor) if self.warp is not None else None
        return Mapping(self.source.scaled(factor), self.target.scaled(factor), self.orientation, warp)

    def key(self) -> str:
        """Exact identity of the geometry + calibration, for :class:`dome.cache.MapCache`."""
        warp = self.warp.key() if self.warp is not None else "none"
        return f"{self.source!r}|{self.target!r}|{self.orientation!r}|{warp}"


@dataclass
class Maps:
    """Float inverse maps for one mapping (the GPU path uploads these as they are).

    Attributes:
        map_x, map_y: float32 ``(h, w)`` source pixel coordinates (pixel centres at integers); they may
            be views with padded rows (``np.ascontiguousarray`` them before a raw upload).
        valid: bool ``(h, w)``; False where the output shows the border colour.
        gain: float32 ``(h, w)`` brightness multiplier, or None for 1 everywhere.
        source_shape: ``(h, w)`` of the source image the maps sample.
        wraps_x: True when the source x axis is periodic (equirect): sample with BORDER_WRAP.
    """

    map_x: np.ndarray
    map_y: np.ndarray
    valid: np.ndarray
    gain: np.ndarray | None
    source_shape: tuple[int, int]
    wraps_x: bool

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.map_x.shape[0]), int(self.map_x.shape[1]))

    def fixed_point(self, nearest: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """``cv2.convertMaps`` to CV_16SC2 (+ CV_16UC1 interpolation table unless ``nearest``)."""
        m1, m2 = cv2.convertMaps(self.map_x, self.map_y, cv2.CV_16SC2, nninterpolation=nearest)
        return m1, (None if nearest else m2)

    def gain_mask(self) -> np.ndarray:
        """float32 ``(h, w)`` image: the gain inside, 0 outside (what a shader multiplies by)."""
        g = self.gain if self.gain is not None else np.ones(self.shape, np.float32)
        return np.where(self.valid, g, np.float32(0)).astype(np.float32)

    def footprint(self) -> float:
        """Median source pixels per output pixel (square root of the local area ratio)."""
        mx = self.map_x[::4, ::4].astype(np.float64)
        my = self.map_y[::4, ::4].astype(np.float64)
        dxx, dyx = np.diff(mx, axis=1)[:-1], np.diff(my, axis=1)[:-1]
        dxy, dyy = np.diff(mx, axis=0)[:, :-1], np.diff(my, axis=0)[:, :-1]
        if self.wraps_x:
            w = self.source_shape[1]
            dxx, dxy = [np.mod(a + w / 2, w) - w / 2 for a in (dxx, dxy)]
        area = np.abs(dxx * dyy - dxy * dyx) / 16.0
        ok = self.valid[::4, ::4][:-1, :-1]
        return float(np.sqrt(np.median(area[ok]))) if ok.any() else 1.0


def evaluate(mapping: Mapping, x: np.ndarray, y: np.ndarray) -> tuple[Any, ...]:
    """Exact source coordinates ``(sx, sy, valid, gain)`` for output pixel coordinates ``x, y``.

    ``sx, sy`` are float64 (float32 for float32 input, ~1e-4 px) and *not* clamped; ``gain`` is None without a
    pixel warp. Where ``valid`` is False they hold the analytic continuation of the mapping (possibly not finite).
    """
    x, y = np.broadcast_arrays(as_float(x), as_float(y))
    gain = None
    valid = np.ones(x.shape, dtype=bool)
    if mapping.warp is not None:
        x, y, gain, valid = mapping.warp.to_intermediate(x, y, mapping.target.shape)
    d, ok = mapping.target.pixel_to_dir(x, y)
    valid &= ok
    with np.errstate(all="ignore"):
        sx, sy, ok = mapping.source.dir_to_pixel(rotate(d, mapping.rotation()))
    valid &= ok & np.isfinite(sx) & np.isfinite(sy)
    return sx, sy, valid, gain


def _finish(mapping: Mapping, sx: np.ndarray, sy: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clamp/wrap source coordinates for ``cv2.remap``; invalid pixels point at (0, 0)."""
    sx = np.where(valid, sx, 0.0)
    sy = np.where(valid, sy, 0.0)
    return mapping.source.clamp_source(sx, sy)


def build_exact(mapping: Mapping, rows_per_chunk: int = 256) -> Maps:
    """Maps computed exactly for every output pixel (float64 maths, float32 result)."""
    h, w = mapping.output_shape
    map_x = np.empty((h, w), np.float32)
    map_y = np.empty((h, w), np.float32)
    valid = np.empty((h, w), bool)
    gain = np.empty((h, w), np.float32) if mapping.warp is not None else None
    xs, _ = pixel_grid((1, w))
    for r0 in range(0, h, rows_per_chunk):
        r1 = min(h, r0 + rows_per_chunk)
        ys = np.arange(r0, r1, dtype=np.float64)[:, None]
        sx, sy, ok, g = evaluate(mapping, xs, ys)
        map_x[r0:r1], map_y[r0:r1] = _finish(mapping, sx, sy, ok)
        valid[r0:r1] = ok
        if gain is not None and g is not None:
            gain[r0:r1] = g
    return Maps(map_x, map_y, valid, gain, mapping.source.shape, mapping.source.wraps_x)


def _cell_starts(n_cells: int, step: int, size: int) -> np.ndarray:
    """First output pixel of each coarse cell; cell ``c`` lies between nodes ``c`` and ``c+1``."""
    c = np.arange(n_cells, dtype=np.float64)
    return np.clip(np.ceil((c + 0.5 - _PAD) * step - 0.5), 0, size).astype(np.intp)


_PAD = 1  # coarse nodes beyond each image edge, so upsampling never replicates a border


def _coarse(mapping: Mapping, step: int, tolerance_px: float) -> tuple[Any, ...]:
    """Exact values on the padded coarse grid, and the cells that must be recomputed exactly.

    Node ``i`` sits at output coordinate ``(i - _PAD + 0.5) * step - 0.5`` (the sampling positions of
    ``cv2.resize`` by ``step``). Returns ``(sx, sy, cell_ok, flag)``: node coordinates ``(ny, nx)``
    (analytic continuation outside the valid region, 0 where not finite) and, per cell between nodes
    ``c`` and ``c+1``, whether it is wholly valid and whether it needs the exact path.
    """
    h, w = mapping.output_shape
    ny, nx = math.ceil(h / step) + 2 * _PAD, math.ceil(w / step) + 2 * _PAD
    node_x = ((np.arange(nx) - _PAD + 0.5) * step - 0.5).astype(np.float32)
    node_y = ((np.arange(ny) - _PAD + 0.5) * step - 0.5).astype(np.float32)
    sx, sy, ok, _ = evaluate(mapping, node_x[None, :], node_y[:, None])
    finite = np.isfinite(sx) & np.isfinite(sy)
    sx, sy = np.where(finite, sx, 0.0), np.where(finite, sy, 0.0)
    # Bilinear error is largest at the edge midpoints (the centre alone is blind to harmonic maps
    # such as the longitude around a pole, where f_xx = -f_yy).
    tx, ty, tok, _ = evaluate(mapping, (node_x[:-1] + step / 2)[None, :], node_y[:, None])
    lx, ly, lok, _ = evaluate(mapping, node_x[None, :], (node_y[:-1] + step / 2)[:, None])
    err_t = np.hypot(tx - (sx[:, :-1] + sx[:, 1:]) / 2, ty - (sy[:, :-1] + sy[:, 1:]) / 2)
    err_l = np.hypot(lx - (sx[:-1] + sx[1:]) / 2, ly - (sy[:-1] + sy[1:]) / 2)
    err_t = np.where(finite[:, :-1] & finite[:, 1:], err_t, np.inf)
    err_l = np.where(finite[:-1] & finite[1:], err_l, np.inf)
    err = np.maximum(np.maximum(err_t[:-1], err_t[1:]), np.maximum(err_l[:, :-1], err_l[:, 1:]))
    quad_x = np.stack([sx[:-1, :-1], sx[:-1, 1:], sx[1:, :-1], sx[1:, 1:]])
    quad_ok = np.stack([ok[:-1, :-1], ok[:-1, 1:], ok[1:, :-1], ok[1:, 1:], tok[:-1], tok[1:], lok[:, :-1], lok[:, 1:]])
    all_ok, any_ok = quad_ok.all(axis=0), quad_ok.any(axis=0)
    flag = ~(err <= tolerance_px) | ~all_ok
    if mapping.source.wraps_x:
        sw = mapping.source.shape[1]
        lo, hi = quad_x.min(axis=0), quad_x.max(axis=0)
        margin = (hi - lo) + 1.0
        flag |= (lo < margin) | (hi > sw - 1.0 - margin)
    flag &= any_ok
    return sx, sy, all_ok, flag


def build_maps(mapping: Mapping, step: int | None = None, tolerance_px: float = 0.05) -> Maps:
    """Build the inverse maps of ``mapping``.

    With a pixel warp, or ``step`` 1, every pixel is exact (:func:`build_exact`). Otherwise the map is
    evaluated on a grid every ``step`` output pixels, upsampled bilinearly (``cv2.resize`` on float32),
    and every grid cell whose edge midpoints disagree with the upsampled value by more than
    ``tolerance_px`` source pixels, whose validity is mixed, or that comes near the longitude seam is
    recomputed exactly. ``step`` None picks 16 px, or 8 px when a quick probe says more than a tenth of
    the 16-px cells would need the exact path (a domemaster's zenith, where longitude turns fast).
    Map values at invalid pixels are unspecified (but inside the source).
    """
    if mapping.warp is not None or (step is not None and step <= 1):
        return build_exact(mapping)
    if step is not None:
        return _assemble(mapping, step, _coarse(mapping, step, tolerance_px))
    # A cheap 32-px probe: bilinear error grows as step², so a 32-px cell over 4× the tolerance is a
    # 16-px cell over the tolerance.
    probe = _coarse(mapping, 32, 4 * tolerance_px)[3]
    step = 16 if probe.mean() <= 0.1 else 8
    return _assemble(mapping, step, _coarse(mapping, step, tolerance_px))


def _assemble(mapping: Mapping, step: int, coarse: tuple[np.ndarray, ...]) -> Maps:
    """Upsample the coarse grid to full maps and redo the flagged cells exactly."""
    h, w = mapping.output_shape
    sx, sy, cell_ok, flag = coarse
    ny, nx = sx.shape
    o = _PAD * step
    size = (nx * step, ny * step)
    # The maps are views into the upsampled arrays (no copy); the exact cells are scattered into those.
    big_x = cv2.resize(sx.astype(np.float32), size, interpolation=cv2.INTER_LINEAR)
    big_y = cv2.resize(sy.astype(np.float32), size, interpolation=cv2.INTER_LINEAR)
    map_x, map_y = big_x[o : o + h, o : o + w], big_y[o : o + h, o : o + w]
    rows, cols = _cell_starts(ny - 1, step, h), _cell_starts(nx - 1, step, w)
    row_n, col_n = np.diff(np.append(rows, h)), np.diff(np.append(cols, w))
    valid = np.repeat(np.repeat(cell_ok, row_n, axis=0), col_n, axis=1)
    sh, sw = mapping.source.shape
    if not mapping.source.wraps_x:
        np.clip(map_x, 0.0, sw - 1.0, out=map_x)
    np.clip(map_y, 0.0, sh - 1.0, out=map_y)
    _redo_cells(mapping, np.nonzero(flag), (rows, row_n, cols, col_n), (big_x, big_y, o, valid))
    return Maps(map_x, map_y, valid, None, mapping.source.shape, mapping.source.wraps_x)


def _redo_cells(
    mapping: Mapping,
    cells: tuple[np.ndarray, ...],
    grid: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    out: tuple[np.ndarray, np.ndarray, int, np.ndarray],
) -> None:
    """Recompute exactly every output pixel of the given coarse cells, in place in ``out``: the padded
    upsampled maps (output pixel ``(y, x)`` at ``[y + o, x + o]``) and the validity mask."""
    rows, row_n, cols, col_n = grid
    big_x, big_y, o, valid = out
    ci, cj = cells
    if len(ci) == 0:
        return
    span = int(max(row_n.max(), col_n.max()))
    off = np.arange(span)
    py = np.broadcast_to(rows[ci][:, None, None] + off[None, :, None], (len(ci), span, span))
    px = np.broadcast_to(cols[cj][:, None, None] + off[None, None, :], (len(ci), span, span))
    keep = (off[None, :, None] < row_n[ci][:, None, None]) & (off[None, None, :] < col_n[cj][:, None, None])
    if keep.all():
        py, px = py.reshape(-1), px.reshape(-1)
    else:
        py, px = py[keep], px[keep]
    sx, sy, ok, _ = evaluate(mapping, px.astype(np.float32), py.astype(np.float32))
    sx, sy = _finish(mapping, sx, sy, ok)
    big = (py + o) * big_x.shape[1] + (px + o)
    big_x.reshape(-1)[big] = sx
    big_y.reshape(-1)[big] = sy
    valid.reshape(-1)[py * valid.shape[1] + px] = ok

"""Paul Bourke's warp-mesh files (``.data``): read, write, apply on top of any map, export.

File format (ASCII): line 1 the mesh type (2 = rectangular, 1 = polar), line 2 ``nx ny``, then
``nx * ny`` lines ``x y u v i``, row by row from the bottom of the projector frame. ``x`` runs over
``-aspect … +aspect`` and ``y`` over ``-1 … +1`` (y up, origin at the centre of the projector frame);
``u, v`` are texture coordinates ``0 … 1`` in the image being warped (usually the domemaster) with
``v = 0`` at the *bottom*; ``i`` is a brightness multiplier, negative meaning "do not draw this node".

Each cell is drawn as two triangles with barycentric interpolation of ``(u, v, i)``, as dome players do.
An output pixel at ``(px, py)`` of a ``w × h`` projector frame sits at
``x = ((px + 0.5) / w * 2 - 1) * w / h`` and ``y = 1 - (py + 0.5) / h * 2``; a texture coordinate maps
to intermediate pixels as ``u * W - 0.5`` and ``(1 - v) * H - 0.5``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import cv2
import numpy as np

from dome.errors import DomeError
from dome.projection import scaled_size

_SUBPIXEL_BITS = 8


@dataclass(frozen=True, eq=False)
class WarpMesh:
    """A warp mesh for a ``width`` × ``height`` projector frame; node arrays are ``(ny, nx)`` float64."""

    x: np.ndarray
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray
    i: np.ndarray
    width: int
    height: int
    kind: int = 2

    @property
    def shape(self) -> tuple[int, int]:
        return (self.height, self.width)

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def scaled(self, factor: float) -> WarpMesh:
        w = scaled_size(self.width, factor, "projector width")
        h = scaled_size(self.height, factor, "projector height")
        return WarpMesh(self.x, self.y, self.u, self.v, self.i, w, h, self.kind)

    def key(self) -> str:
        digest = hashlib.sha256()
        for a in (self.x, self.y, self.u, self.v, self.i):
            digest.update(np.ascontiguousarray(a, dtype=np.float64).tobytes())
        return f"mesh:{self.kind}:{self.width}x{self.height}:{digest.hexdigest()}"

    def node_pixels(self) -> tuple[np.ndarray, np.ndarray]:
        """Node positions in projector pixel coordinates."""
        px = (self.x / self.aspect + 1.0) / 2.0 * self.width - 0.5
        py = (1.0 - self.y) / 2.0 * self.height - 0.5
        return px, py

    def to_intermediate(
        self, x: np.ndarray, y: np.ndarray, shape: tuple[int, int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Intermediate pixel coordinates, gain and validity for projector pixels ``x, y``."""
        x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
        tri, corners, index = self._rasterised
        xi = np.clip(np.rint(x).astype(np.intp), 0, self.width - 1)
        yi = np.clip(np.rint(y).astype(np.intp), 0, self.height - 1)
        t = index[yi, xi]
        valid = t >= 0
        t = np.where(valid, t, 0)
        (x0, y0), (x1, y1), (x2, y2) = [(corners[k][0][t], corners[k][1][t]) for k in range(3)]
        det = (y1 - y2) * (x0 - x2) + (x2 - x1) * (y0 - y2)
        det = np.where(det == 0, 1.0, det)
        l0 = ((y1 - y2) * (x - x2) + (x2 - x1) * (y - y2)) / det
        l1 = ((y2 - y0) * (x - x2) + (x0 - x2) * (y - y2)) / det
        l2 = 1.0 - l0 - l1
        flat = [a.ravel() for a in (self.u, self.v, self.i)]
        values = [l0 * a[tri[0]][t] + l1 * a[tri[1]][t] + l2 * a[tri[2]][t] for a in flat]
        u, v, gain = values
        h_i, w_i = shape
        valid &= (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
        return u * w_i - 0.5, (1.0 - v) * h_i - 0.5, np.where(valid, gain, 0.0), valid

    @cached_property
    def _rasterised(self) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list, np.ndarray]:
        """Triangles, their pixel corners and the triangle-index image, computed once per mesh."""
        tri, corners = self._triangles()
        return tri, corners, self._raster(tri, corners)

    def _triangles(self) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list]:
        """Flat node indices of the drawable triangles and their pixel-space corners."""
        ny, nx = self.x.shape
        idx = np.arange(nx * ny).reshape(ny, nx)
        a, b, c, d = idx[:-1, :-1].ravel(), idx[:-1, 1:].ravel(), idx[1:, 1:].ravel(), idx[1:, :-1].ravel()
        tri = (np.concatenate([a, a]), np.concatenate([b, c]), np.concatenate([c, d]))
        drawable = (self.i.ravel()[tri[0]] >= 0) & (self.i.ravel()[tri[1]] >= 0) & (self.i.ravel()[tri[2]] >= 0)
        tri = tuple(t[drawable] for t in tri)
        px, py = self.node_pixels()
        corners = [(px.ravel()[t], py.ravel()[t]) for t in tri]
        return tri, corners

    def _raster(self, tri: tuple, corners: list) -> np.ndarray:
        """int32 image of the index of the triangle covering each projector pixel (-1: none)."""
        index = np.full((self.height, self.width), -1, np.int32)
        scale = float(1 << _SUBPIXEL_BITS)
        pts = np.stack([np.stack(c, axis=-1) for c in corners], axis=1)  # (n, 3, 2)
        pts = np.rint(pts * scale).astype(np.int32)
        for t in range(pts.shape[0]):
            cv2.fillConvexPoly(index, pts[t], int(t), lineType=cv2.LINE_8, shift=_SUBPIXEL_BITS)
        return index


def identity_mesh(width: int, height: int, nx: int = 17, ny: int = 17) -> WarpMesh:
    """A mesh that shows the intermediate image unchanged on a ``width × height`` projector."""
    aspect = width / height
    gx, gy = np.meshgrid(np.linspace(-aspect, aspect, nx), np.linspace(-1.0, 1.0, ny))
    return WarpMesh(gx, gy, (gx / aspect + 1.0) / 2.0, (gy + 1.0) / 2.0, np.ones_like(gx), width, height)


def mesh_from_warp(warp, intermediate_shape: tuple[int, int], nx: int = 64, ny: int = 48) -> WarpMesh:
    """Sample any pixel warp (e.g. a :class:`dome.mirror.SphericalMirror`) on a regular ``nx × ny``
    grid of projector positions; nodes the warp cannot show get intensity -1."""
    h, w = warp.shape
    aspect = w / h
    gx, gy = np.meshgrid(np.linspace(-aspect, aspect, nx), np.linspace(-1.0, 1.0, ny))
    px = (gx / aspect + 1.0) / 2.0 * w - 0.5
    py = (1.0 - gy) / 2.0 * h - 0.5
    ix, iy, gain, valid = warp.to_intermediate(px, py, intermediate_shape)
    hi, wi = intermediate_shape
    u = np.where(valid, (ix + 0.5) / wi, 0.0)
    v = np.where(valid, 1.0 - (iy + 0.5) / hi, 0.0)
    return WarpMesh(gx, gy, u, v, np.where(valid, gain, -1.0), w, h)


def read_mesh(path: str | Path, width: int, height: int) -> WarpMesh:
    """Load a Bourke ``.data`` mesh for a ``width × height`` projector; errors name the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError as exc:
        raise DomeError(f"cannot read warp mesh {path}: {exc.strerror}") from exc
    rows = [(n, line.split()) for n, line in enumerate(lines, 1) if line.strip()]
    try:
        kind = int(rows[0][1][0])
        nx, ny = int(rows[1][1][0]), int(rows[1][1][1])
    except (IndexError, ValueError):
        raise DomeError(f"{path}: the first two lines must be the mesh type and 'nx ny'") from None
    if kind not in (1, 2) or nx < 2 or ny < 2:
        raise DomeError(f"{path}: unsupported mesh type {kind} or size {nx}x{ny}")
    nodes = rows[2:]
    if len(nodes) != nx * ny:
        raise DomeError(f"{path}: expected {nx * ny} nodes for {nx}x{ny}, found {len(nodes)}")
    data = np.empty((nx * ny, 5))
    for k, (n, fields) in enumerate(nodes):
        try:
            data[k] = [float(f) for f in fields[:5]]
            if len(fields) < 5:
                raise ValueError
        except ValueError:
            raise DomeError(f"{path}:{n}: a node needs five numbers 'x y u v i'") from None
    x, y, u, v, i = (data[:, c].reshape(ny, nx) for c in range(5))
    return WarpMesh(x, y, u, v, i, width, height, kind)


def write_mesh(path: str | Path, mesh: WarpMesh) -> None:
    """Write ``mesh`` as a Bourke ``.data`` file (6 decimals, bottom row first)."""
    ny, nx = mesh.x.shape
    body = np.stack([a.ravel() for a in (mesh.x, mesh.y, mesh.u, mesh.v, mesh.i)], axis=1)
    lines = [str(mesh.kind), f"{nx} {ny}"] + [" ".join(f"{value:.6f}" for value in row) for row in body]
    Path(path).write_text("\n".join(lines) + "\n", encoding="ascii")

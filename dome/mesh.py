"""Paul Bourke's warp-mesh files (``.data``): read, write, apply on top of any map, export.

File format (ASCII): line 1 the mesh type (2 = rectangular, 1 = polar), line 2 ``nx ny``, then
``nx * ny`` lines ``x y u v i``, row by row from the bottom of the projector frame (Bourke's and
OpenSpace's order). Some public copies list the same nodes column by column: :func:`read_mesh` detects
the order from the node positions (along a row ``x`` or ``u`` moves, along a column ``y`` or ``v``
moves; polar meshes: the angle along a row, the radius along a column) and refuses a file where
neither order forms a grid, instead of rendering garbage. It also flags degenerate nodes (not finite,
or touching a folded or empty cell), see :class:`MeshCheck`.

Node columns: ``x`` runs over
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
    check: MeshCheck | None = None  # how the file was read (node order, degenerate nodes); not part of key()

    @property
    def shape(self) -> tuple[int, int]:
        return (self.height, self.width)

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def scaled(self, factor: float) -> WarpMesh:
        w = scaled_size(self.width, factor, "projector width")
        h = scaled_size(self.height, factor, "projector height")
        return WarpMesh(self.x, self.y, self.u, self.v, self.i, w, h, self.kind, self.check)

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


@dataclass(frozen=True)
class MeshCheck:
    """What :func:`read_mesh` found out about a file.

    Attributes:
        order: ``"rows"`` (Bourke's order: the ``nx`` nodes of the bottom row first) or ``"columns"``
            (the ``ny`` nodes of the left column first), as detected from the node positions.
        grid_score: how well that order forms a grid, 0…1 (1 = every step along a row moves ``x`` or
            ``u`` one way, every step along a column moves ``y`` or ``v`` one way).
        degenerate: ``(row, column)`` of each degenerate node (row 0 = bottom), in the detected order.
        hidden: how many nodes were hidden (intensity set to -1) because a value is not finite.
    """

    order: str
    grid_score: float
    degenerate: tuple[tuple[int, int], ...] = ()
    hidden: int = 0


GRID_SCORE_MIN = 0.9  # below this neither node order forms a grid: the file is refused


def _axis_score(a: np.ndarray, b: np.ndarray) -> float:
    """How well ``a`` moves along rows (axis 1) and ``b`` along columns (axis 0), one way each, 0…1."""
    da_row, db_row = np.diff(a, axis=1), np.diff(b, axis=1)
    da_col, db_col = np.diff(a, axis=0), np.diff(b, axis=0)
    with np.errstate(invalid="ignore"):
        along_rows = np.mean(np.abs(da_row) > np.abs(db_row))
        along_cols = np.mean(np.abs(db_col) > np.abs(da_col))
        one_way_a = max(np.mean(da_row > 0), np.mean(da_row < 0))
        one_way_b = max(np.mean(db_col > 0), np.mean(db_col < 0))
    return float(min(along_rows, along_cols, one_way_a, one_way_b))


def _grid_score(nodes: np.ndarray, kind: int) -> float:
    """Best grid score of ``nodes`` ``(ny, nx, 5)`` over its positions ``(x, y)`` and texture ``(u, v)``."""
    x, y, u, v = (nodes[..., c] for c in range(4))
    if kind == 1:  # polar: the angle turns along a ring, the radius grows from ring to ring
        pairs = [
            (np.unwrap(np.arctan2(y, x), axis=1), np.hypot(x, y)),
            (np.unwrap(np.arctan2(v - 0.5, u - 0.5), axis=1), np.hypot(u - 0.5, v - 0.5)),
        ]
    else:
        pairs = [(x, y), (u, v)]
    return max(_axis_score(a, b) for a, b in pairs)


def _cell_areas(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Signed area of each grid cell ``(ny-1, nx-1)`` (shoelace over its four corners)."""
    corners = [(p[:-1, :-1], q[:-1, :-1]), (p[:-1, 1:], q[:-1, 1:]), (p[1:, 1:], q[1:, 1:]), (p[1:, :-1], q[1:, :-1])]
    total = np.zeros(p[:-1, :-1].shape)
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        total += x0 * y1 - x1 * y0
    return total / 2.0


def _degenerate(nodes: np.ndarray) -> np.ndarray:
    """bool ``(ny, nx)``: nodes that are not finite, or corners of a cell folded over or of no area."""
    finite = np.isfinite(nodes).all(axis=-1)
    bad = ~finite
    drawn = finite & (np.where(finite, nodes[..., 4], -1.0) >= 0)
    for a, b in ((0, 1), (2, 3)):  # projector positions, then texture coordinates
        area = _cell_areas(np.where(finite, nodes[..., a], 0.0), np.where(finite, nodes[..., b], 0.0))
        used = drawn[:-1, :-1] & drawn[:-1, 1:] & drawn[1:, 1:] & drawn[1:, :-1]
        if not used.any():
            continue
        typical = float(np.median(area[used]))
        if typical == 0:
            continue
        wrong = used & ((np.sign(area) != np.sign(typical)) | (np.abs(area) < 1e-6 * abs(typical)))
        for dr in (0, 1):
            for dc in (0, 1):
                bad[dr : dr + wrong.shape[0], dc : dc + wrong.shape[1]] |= wrong
    return bad


def _ordered(data: np.ndarray, nx: int, ny: int, kind: int, path: Path) -> tuple[np.ndarray, str, float]:
    """The nodes as ``(ny, nx, 5)`` in the order that forms a grid; :class:`DomeError` if none does."""
    by_rows = data.reshape(ny, nx, 5)
    by_columns = data.reshape(nx, ny, 5).transpose(1, 0, 2)
    scores = {"rows": _grid_score(by_rows, kind), "columns": _grid_score(by_columns, kind)}
    order = "rows" if scores["rows"] >= scores["columns"] else "columns"
    if scores[order] < GRID_SCORE_MIN or scores["rows"] == scores["columns"]:
        raise DomeError(
            f"{path}: its {nx}x{ny} nodes form a grid neither row by row nor column by column "
            f"(grid scores {scores['rows']:.2f} and {scores['columns']:.2f}, {GRID_SCORE_MIN} needed)"
        )
    return (by_rows if order == "rows" else by_columns), order, scores[order]


def read_mesh(path: str | Path, width: int, height: int) -> WarpMesh:
    """Load a Bourke ``.data`` mesh for a ``width × height`` projector; errors name the file and line.

    The node order (row by row, or column by column as in some copies) is detected and a file in
    neither order is refused; nodes with a value that is not finite are hidden (intensity -1).
    ``mesh.check`` tells what was found (order, degenerate nodes).
    """
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
    grid, order, score = _ordered(data, nx, ny, kind, path)
    bad = _degenerate(grid)
    not_finite = ~np.isfinite(grid).all(axis=-1)
    grid = np.where(not_finite[..., None], np.array([0.0, 0.0, 0.0, 0.0, -1.0]), grid)
    degenerate = tuple((int(r), int(c)) for r, c in zip(*np.nonzero(bad)))
    x, y, u, v, i = (np.ascontiguousarray(grid[..., c]) for c in range(5))
    return WarpMesh(x, y, u, v, i, width, height, kind, MeshCheck(order, score, degenerate, int(not_finite.sum())))


def write_mesh(path: str | Path, mesh: WarpMesh) -> None:
    """Write ``mesh`` as a Bourke ``.data`` file (6 decimals, bottom row first)."""
    ny, nx = mesh.x.shape
    body = np.stack([a.ravel() for a in (mesh.x, mesh.y, mesh.u, mesh.v, mesh.i)], axis=1)
    lines = [str(mesh.kind), f"{nx} {ny}"] + [" ".join(f"{value:.6f}" for value in row) for row in body]
    Path(path).write_text("\n".join(lines) + "\n", encoding="ascii")

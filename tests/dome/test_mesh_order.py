"""Bourke mesh node order: row by row (Bourke, OpenSpace) or column by column (some copies), else refused."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dome import Equirect, Mapping, SphericalMirror, Warper, build_maps, domemaster, read_mesh, write_mesh
from dome.errors import DomeError
from dome.mesh import WarpMesh, identity_mesh, mesh_from_warp

from .conftest import psnr, smooth_equirect


def write_by_columns(path, mesh: WarpMesh) -> None:
    """The same mesh, nodes listed column by column (the header still says ``nx ny``)."""
    ny, nx = mesh.x.shape
    body = np.stack([a.T.ravel() for a in (mesh.x, mesh.y, mesh.u, mesh.v, mesh.i)], axis=1)
    lines = [str(mesh.kind), f"{nx} {ny}"] + [" ".join(f"{value:.6f}" for value in row) for row in body]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def mirror_mesh() -> WarpMesh:
    return mesh_from_warp(SphericalMirror(320, 240), (128, 128), 33, 25)


@pytest.mark.parametrize("mesh_of", [mirror_mesh, lambda: identity_mesh(96, 96, 9, 9)])
def test_both_orders_read_to_the_same_mesh(tmp_path, mesh_of) -> None:
    mesh = mesh_of()
    write_mesh(tmp_path / "rows.data", mesh)
    write_by_columns(tmp_path / "columns.data", mesh)
    rows = read_mesh(tmp_path / "rows.data", mesh.width, mesh.height)
    columns = read_mesh(tmp_path / "columns.data", mesh.width, mesh.height)
    assert rows.check is not None and rows.check.order == "rows"
    assert columns.check is not None and columns.check.order == "columns"
    for name in "xyuvi":
        np.testing.assert_allclose(getattr(columns, name), getattr(rows, name), atol=1e-6)


def test_a_column_major_copy_renders_like_the_original(tmp_path) -> None:
    """The issue's case: a column-major copy used to render garbage (16.5 dB); now it is the same picture."""
    mesh = mirror_mesh()
    write_mesh(tmp_path / "rows.data", mesh)
    write_by_columns(tmp_path / "columns.data", mesh)
    src = smooth_equirect(256, 128)
    images = []
    for name in ("rows.data", "columns.data"):
        warp = read_mesh(tmp_path / name, 320, 240)
        images.append(Warper(build_maps(Mapping(Equirect(256, 128), domemaster(128), warp=warp))).warp(src).copy())
    assert psnr(images[0], images[1]) == math.inf
    # reading the column-major nodes as rows (the old behaviour) would have been far off
    data = np.loadtxt(tmp_path / "columns.data", skiprows=2).reshape(25, 33, 5)
    naive = WarpMesh(*(data[..., c] for c in range(5)), 320, 240)  # type: ignore[call-arg]
    wrong = Warper(build_maps(Mapping(Equirect(256, 128), domemaster(128), warp=naive))).warp(src)
    assert psnr(images[0], wrong) < 25


def test_a_file_in_neither_order_is_refused(tmp_path) -> None:
    mesh = identity_mesh(64, 48, 7, 5)
    body = np.stack([a.ravel() for a in (mesh.x, mesh.y, mesh.u, mesh.v, mesh.i)], axis=1)
    body = body[np.random.default_rng(1).permutation(len(body))]
    path = tmp_path / "shuffled.data"
    path.write_text("2\n7 5\n" + "\n".join(" ".join(f"{v:.6f}" for v in row) for row in body) + "\n")
    with pytest.raises(DomeError, match=r"shuffled\.data: .*neither row by row nor column by column"):
        read_mesh(path, 64, 48)


def test_degenerate_nodes_are_flagged_and_non_finite_ones_hidden(tmp_path) -> None:
    mesh = identity_mesh(64, 48, 6, 5)
    x, u = mesh.x.copy(), mesh.u.copy()
    x[2, 3] = x[2, 1]  # folds the cells around node (2, 3) over their neighbours
    u[4, 5] = np.nan
    write_mesh(tmp_path / "bad.data", WarpMesh(x, mesh.y, u, mesh.v, mesh.i, 64, 48))
    read = read_mesh(tmp_path / "bad.data", 64, 48)
    assert read.check is not None
    assert (2, 3) in read.check.degenerate and (4, 5) in read.check.degenerate
    assert read.check.hidden == 1 and read.i[4, 5] == -1
    clean = read_mesh(_written(tmp_path / "ok.data", mesh), 64, 48)
    assert clean.check is not None and clean.check.degenerate == () and clean.check.grid_score == 1.0


def test_polar_meshes_are_read_in_either_order(tmp_path) -> None:
    rings, spokes = 6, 24
    radius, angle = np.meshgrid(np.linspace(0.1, 0.9, rings), np.linspace(0, 2 * np.pi, spokes, endpoint=False))
    radius, angle = radius.T, angle.T  # (rings, spokes): along a row the angle turns
    x, y = radius * np.cos(angle), radius * np.sin(angle)
    polar = WarpMesh(x, y, 0.5 + x / 2, 0.5 + y / 2, np.ones_like(x), 64, 64, kind=1)
    write_mesh(tmp_path / "p.data", polar)
    write_by_columns(tmp_path / "pc.data", polar)
    assert read_mesh(tmp_path / "p.data", 64, 64).check.order == "rows"  # type: ignore[union-attr]
    back = read_mesh(tmp_path / "pc.data", 64, 64)
    assert back.check is not None and back.check.order == "columns"
    np.testing.assert_allclose(back.x, x, atol=1e-6)


def _written(path, mesh: WarpMesh):
    write_mesh(path, mesh)
    return path

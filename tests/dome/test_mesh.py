"""Bourke warp meshes (read, write, identity, errors) and the spherical-mirror warp."""

from __future__ import annotations

import numpy as np
import pytest

from dome import Equirect, Mapping, SphericalMirror, Warper, build_maps, domemaster, read_mesh, write_mesh
from dome.errors import DomeError
from dome.mesh import identity_mesh, mesh_from_warp

from .conftest import smooth_equirect


def test_generated_mesh_round_trips_through_a_file(tmp_path) -> None:
    rng = np.random.default_rng(3)
    mesh = identity_mesh(160, 120, 9, 7)
    mesh = type(mesh)(
        mesh.x,
        mesh.y,
        np.clip(mesh.u + rng.normal(0, 0.01, mesh.u.shape), 0, 1),
        mesh.v,
        rng.uniform(0.2, 1, mesh.i.shape),
        160,
        120,
    )
    path = tmp_path / "warp.data"
    write_mesh(path, mesh)
    lines = path.read_text().splitlines()
    assert lines[0] == "2" and lines[1] == "9 7" and len(lines) == 2 + 63
    back = read_mesh(path, 160, 120)
    for name in "xyuvi":
        np.testing.assert_allclose(getattr(back, name), getattr(mesh, name), atol=1e-6)
    assert back.key() != identity_mesh(160, 120, 9, 7).key()


def test_identity_mesh_changes_nothing() -> None:
    src = smooth_equirect(256, 128)
    plain = Mapping(Equirect(256, 128), domemaster(96))
    meshed = Mapping(Equirect(256, 128), domemaster(96), warp=identity_mesh(96, 96, 5, 5))
    a, b = build_maps(plain), build_maps(meshed)
    assert (a.valid == b.valid).all()
    np.testing.assert_allclose(b.map_x[b.valid], a.map_x[a.valid], atol=0.05)
    np.testing.assert_allclose(b.gain[b.valid], 1.0)
    assert np.abs(Warper(a).warp(src).astype(int) - Warper(b).warp(src).astype(int)).max() <= 1


def test_negative_intensity_hides_cells() -> None:
    mesh = identity_mesh(64, 64, 3, 3)
    i = mesh.i.copy()
    i[0, 0] = -1  # bottom-left node
    hidden = type(mesh)(mesh.x, mesh.y, mesh.u, mesh.v, i, 64, 64)
    _, _, _, valid = hidden.to_intermediate(np.array([5.0, 60.0]), np.array([60.0, 5.0]), (64, 64))
    assert valid.tolist() == [False, True]


@pytest.mark.parametrize(
    "text,match",
    [
        ("2\n", "first two lines"),
        ("2\n2 2\n0 0 0 0 1\n", "expected 4 nodes"),
        ("2\n2 1\n0 0 0 0 1\n1 1 1 1\n", "unsupported"),
        ("2\n2 2\n" + "0 0 0 0 1\n" * 3 + "0 0 x 0 1\n", ":6:"),
    ],
)
def test_malformed_mesh_names_the_problem(tmp_path, text: str, match: str) -> None:
    path = tmp_path / "bad.data"
    path.write_text(text)
    with pytest.raises(DomeError, match=match):
        read_mesh(path, 10, 10)


def test_mirror_lands_on_the_dome_and_exports_as_a_mesh(tmp_path) -> None:
    mirror = SphericalMirror(320, 240)
    q, length, valid = mirror.dome_points(*np.meshgrid(np.arange(0, 320, 8.0), np.arange(0, 240, 8.0)))
    assert valid.mean() > 0.3
    np.testing.assert_allclose(np.linalg.norm(q[valid], axis=-1), mirror.dome_radius_m, rtol=1e-9)
    assert mirror.coverage() > 0.5
    maps = build_maps(Mapping(Equirect(256, 128), domemaster(128), warp=mirror))
    assert maps.shape == (240, 320) and 0 < maps.gain[maps.valid].min() <= maps.gain.max() <= 1
    mesh = mesh_from_warp(mirror, (128, 128), 33, 25)
    write_mesh(tmp_path / "mirror.data", mesh)
    via_mesh = build_maps(
        Mapping(Equirect(256, 128), domemaster(128), warp=read_mesh(tmp_path / "mirror.data", 320, 240))
    )
    both = maps.valid & via_mesh.valid
    dx = np.abs(via_mesh.map_x - maps.map_x)[both]
    assert np.median(np.minimum(dx, 256 - dx)) < 1.0  # a 33x25 mesh approximates the exact mirror


def test_mirror_refuses_impossible_positions() -> None:
    with pytest.raises(DomeError, match="outside the dome"):
        SphericalMirror(10, 10, mirror_m=(0, 0, 3.0))

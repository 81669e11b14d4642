"""``test_convention_*``: the conventions of dome/__init__.py, pinned with analytic ground truth."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dome import Cubemap, Equirect, Fisheye, Mapping, Orientation, Perspective, domemaster
from dome.maps import evaluate
from dome.sphere import dir_to_lonlat, lonlat_to_dir, rotate

FRONT, RIGHT, UP, BACK = (0, 0, 1), (1, 0, 0), (0, 1, 0), (0, 0, -1)


def world_dir_of(projection, x: float, y: float) -> np.ndarray:
    d, ok = projection.pixel_to_dir(np.array(x, float), np.array(y, float))
    assert ok
    return rotate(d, projection.mount())


def test_convention_frame_lonlat() -> None:
    np.testing.assert_allclose(lonlat_to_dir(0.0, 0.0), FRONT, atol=1e-15)
    np.testing.assert_allclose(lonlat_to_dir(math.pi / 2, 0.0), RIGHT, atol=1e-15)
    np.testing.assert_allclose(lonlat_to_dir(0.0, math.pi / 2), UP, atol=1e-15)
    assert np.allclose(np.cross(RIGHT, UP), FRONT)  # right-handed
    lon, lat = dir_to_lonlat(np.array(BACK, float))
    assert abs(abs(lon) - math.pi) < 1e-12 and abs(lat) < 1e-12


def test_convention_equirect_pixels() -> None:
    e = Equirect(360, 180)
    x, y, _ = e.dir_to_pixel(np.array(FRONT, float))
    assert (x, y) == pytest.approx((179.5, 89.5))  # forward at the centre of the image
    x, _, _ = e.dir_to_pixel(np.array(RIGHT, float))
    assert x == pytest.approx(269.5)  # +90° longitude, three quarters across
    _, y, _ = e.dir_to_pixel(np.array(UP, float))
    assert y == pytest.approx(-0.5)  # the zenith is the top edge
    d, _ = e.pixel_to_dir(np.array(-0.5), np.array(89.5))
    assert dir_to_lonlat(d)[0] == pytest.approx(-math.pi)  # -180° is the left *edge*, not a pixel centre


def test_convention_domemaster_front_bottom_zenith_centre() -> None:
    n = 1000
    dm = domemaster(n)
    c = (n - 1) / 2
    np.testing.assert_allclose(world_dir_of(dm, c, c), UP, atol=1e-12)  # zenith at the centre
    np.testing.assert_allclose(world_dir_of(dm, c, n - 0.5), FRONT, atol=1e-12)  # front at the bottom edge
    np.testing.assert_allclose(world_dir_of(dm, n - 0.5, c), RIGHT, atol=1e-12)  # right at the right
    np.testing.assert_allclose(world_dir_of(dm, c, -0.5), BACK, atol=1e-12)  # back at the top


@pytest.mark.parametrize("fov", [120.0, 180.0, 210.0, 230.0])
def test_convention_rim_at_half_fov(fov: float) -> None:
    n = 512
    dm = domemaster(n, fov_deg=fov)
    d = world_dir_of(dm, (n - 1) / 2, n - 0.5)  # the rim, straight below the centre
    assert math.degrees(math.acos(d[1])) == pytest.approx(fov / 2)
    _, ok = dm.pixel_to_dir(np.array(n - 0.4), np.array((n - 1) / 2))
    assert not ok  # just outside the circle


def test_convention_tilt_moves_zenith_to_the_front() -> None:
    dm = domemaster(101, tilt_deg=30)
    axis = world_dir_of(dm, 50, 50)
    np.testing.assert_allclose(axis, [0, math.cos(math.radians(30)), math.sin(math.radians(30))], atol=1e-12)


def test_convention_yaw_brings_right_to_front() -> None:
    m = Mapping(Equirect(360, 180), Perspective(101, 101, 60), Orientation(yaw_deg=90))
    sx, sy, ok, _ = evaluate(m, np.array(50.0), np.array(50.0))
    assert ok and sx == pytest.approx(269.5) and sy == pytest.approx(89.5)


def test_convention_pitch_looks_up_and_roll_is_clockwise() -> None:
    up = Orientation(pitch_deg=90).matrix() @ np.array(FRONT, float)
    np.testing.assert_allclose(up, UP, atol=1e-12)
    # roll +90: the top of the view now shows what was on the right
    np.testing.assert_allclose(Orientation(roll_deg=90).matrix() @ np.array(UP, float), RIGHT, atol=1e-12)


def test_convention_perspective_and_cubemap_axes() -> None:
    p = Perspective(201, 101, 90)
    np.testing.assert_allclose(world_dir_of(p, 100, 50), FRONT, atol=1e-12)
    assert world_dir_of(p, 200, 50)[0] > 0 and world_dir_of(p, 100, 0)[1] > 0  # right is +x, top is +y
    cube = Cubemap(10)
    for k, expected in enumerate([FRONT, RIGHT, BACK, (-1, 0, 0), UP, (0, -1, 0)]):
        np.testing.assert_allclose(world_dir_of(cube, k * 10 + 4.5, 4.5), expected, atol=1e-12)
    # U's bottom edge meets F's top edge; D's top edge meets F's bottom edge
    np.testing.assert_allclose(world_dir_of(cube, 44.5, 9.49), world_dir_of(cube, 4.5, -0.49), atol=2e-3)
    np.testing.assert_allclose(world_dir_of(cube, 54.5, -0.49), world_dir_of(cube, 4.5, 9.49), atol=2e-3)


def test_convention_fisheye_lens_frame() -> None:
    f = Fisheye(200, 100, fov_deg=180, tilt_deg=90)  # a fisheye looking straight forward
    np.testing.assert_allclose(world_dir_of(f, 99.5, 49.5), FRONT, atol=1e-12)
    assert world_dir_of(f, 120, 49.5)[0] > 0  # image right is +x
    assert world_dir_of(f, 99.5, 30)[1] > 0  # image up is +y

"""Round trips pixel → direction → pixel, known directions, and orientation algebra."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dome import Cubemap, Equirect, Fisheye, Orientation, Perspective
from dome.errors import DomeError
from dome.sphere import lonlat_to_dir, normalize

angles = st.floats(-180, 180, allow_nan=False)


def grid(w: int, h: int, n: int = 23) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.meshgrid(np.linspace(-0.49, w - 0.51, n), np.linspace(-0.49, h - 0.51, n))
    return x, y


def roundtrip(projection, x: np.ndarray, y: np.ndarray) -> None:
    d, ok = projection.pixel_to_dir(x, y)
    np.testing.assert_allclose(np.linalg.norm(d, axis=-1), 1.0, atol=1e-12)
    x2, y2, ok2 = projection.dir_to_pixel(d)
    assert (ok2 | ~ok).all()
    np.testing.assert_allclose(x2[ok], x[ok], atol=1e-6)
    np.testing.assert_allclose(y2[ok], y[ok], atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5000), st.integers(1, 3000))
def test_equirect_roundtrip(w: int, h: int) -> None:
    x, y = grid(w, h)
    x = np.clip(x, -0.4999, w - 0.5001)  # the seam maps back to the same edge only inside (-0.5, w-0.5)
    roundtrip(Equirect(w, h), x, np.clip(y, 0.001, h - 1.001))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(8, 4096),
    st.integers(8, 4096),
    st.floats(120, 230),
    st.floats(0.5, 1.5),
    st.floats(-50, 50),
    st.floats(-50, 50),
    st.floats(-90, 90),
)
def test_fisheye_roundtrip(w, h, fov, radius_scale, ox, oy, tilt) -> None:
    f = Fisheye(
        w, h, fov_deg=fov, radius_px=min(w, h) / 2 * radius_scale, offset_x_px=ox, offset_y_px=oy, tilt_deg=tilt
    )
    roundtrip(f, *grid(w, h))


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4000), st.integers(2, 4000), st.floats(1, 179))
def test_perspective_roundtrip(w: int, h: int, fov: float) -> None:
    roundtrip(Perspective(w, h, fov), *grid(w, h))


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 2048))
def test_cubemap_roundtrip(n: int) -> None:
    x, y = grid(6 * n, n, 61)
    # stay off the exact face borders, where either face is a right answer
    local = np.mod(x + 0.5, n)
    keep = (local > 1e-3 * n) & (local < n * (1 - 1e-3)) & (y > -0.5 + 1e-3 * n) & (y < n - 0.5 - 1e-3 * n)
    roundtrip(Cubemap(n), x[keep], y[keep])


@settings(max_examples=50, deadline=None)
@given(angles, st.floats(-89, 89), angles)
def test_yaw_pitch_roll_then_inverse_is_identity(yaw: float, pitch: float, roll: float) -> None:
    o = Orientation(yaw, pitch, roll)
    d = normalize(np.random.default_rng(1).normal(size=(50, 3)))
    np.testing.assert_allclose(d @ o.matrix().T @ o.inverse().T, d, atol=1e-12)
    # yaw by +θ then -θ
    back = Orientation(-yaw).matrix() @ Orientation(yaw).matrix()
    np.testing.assert_allclose(back, np.eye(3), atol=1e-12)


def test_known_directions_land_on_known_pixels() -> None:
    e = Equirect(3600, 1800)
    for lon, lat in [(0, 0), (90, 0), (-90, 45), (179, -60)]:
        x, y, _ = e.dir_to_pixel(lonlat_to_dir(math.radians(lon), math.radians(lat)))
        assert x == pytest.approx((lon / 360 + 0.5) * 3600 - 0.5)
        assert y == pytest.approx((0.5 - lat / 180) * 1800 - 0.5)
    f = Fisheye(1000, 1000, fov_deg=180, tilt_deg=90)  # looking forward
    x, y, ok = f.dir_to_pixel(lonlat_to_dir(0.0, math.radians(45)))
    assert ok and x == pytest.approx(499.5) and y == pytest.approx(499.5 - 250)  # 45° = half the radius


def test_scaled_geometry_is_the_chroma_grid() -> None:
    f = Fisheye(2048, 2048, 200, offset_x_px=10, tilt_deg=20)
    half = f.scaled(0.5)
    d_full, _ = f.pixel_to_dir(np.array(2 * 100 + 0.5), np.array(2 * 300 + 0.5))
    d_half, _ = half.pixel_to_dir(np.array(100.0), np.array(300.0))
    np.testing.assert_allclose(d_full, d_half, atol=1e-12)
    with pytest.raises(DomeError):
        Equirect(3, 2).scaled(0.5)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Fisheye(0, 10),
        lambda: Fisheye(10, 10, fov_deg=0),
        lambda: Fisheye(10, 10, tilt_deg=120),
        lambda: Perspective(10, 10, 180),
        lambda: Cubemap(0),
        lambda: Equirect(1, 1),
    ],
)
def test_impossible_geometry_is_refused(bad) -> None:
    with pytest.raises(DomeError):
        bad()

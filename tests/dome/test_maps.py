"""Inverse maps: adaptive build vs exact, seam and pole continuity, random geometries, accuracy."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dome import Cubemap, Equirect, Fisheye, Mapping, Orientation, Perspective, Warper, build_maps, domemaster
from dome.maps import build_exact, evaluate

from .conftest import psnr, smooth_equirect

CASES = [
    Mapping(Equirect(1024, 512), domemaster(384)),
    Mapping(Equirect(1024, 512), domemaster(400, 210, 25), Orientation(30, 5, -10)),
    Mapping(Equirect(1024, 512), Perspective(320, 180, 100), Orientation(175, 70, 0)),
    Mapping(Cubemap(128), domemaster(256)),
    Mapping(domemaster(512), Fisheye(300, 300, 180, tilt_deg=20)),
    Mapping(Equirect(800, 400), Cubemap(96), Orientation(10, 0, 0)),
    Mapping(domemaster(512, 200), Equirect(512, 256)),
]


def seam_aware_error(a, b) -> np.ndarray:
    """Sample-position differences in source px, across the seam; an output pixel that looks exactly at
    a pole of an equirect source (where every longitude is right) does not count."""
    dx = np.abs(a.map_x - b.map_x)
    keep = b.valid.copy()
    if a.wraps_x:
        dx = np.minimum(dx, a.source_shape[1] - dx)
        keep &= ~_at_pole(b)
    return np.hypot(dx, a.map_y - b.map_y)[keep]


def _at_pole(maps) -> np.ndarray:
    """Pixels whose exact sample sits on the pole row and whose neighbours' longitudes spread over
    more than half the width (the pole is inside the pixel's neighbourhood)."""
    w = maps.source_shape[1]
    x = np.pad(maps.map_x, 1, mode="edge")
    spread = np.zeros(maps.shape, dtype=bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            d = np.abs(x[dy : dy + maps.shape[0], dx : dx + maps.shape[1]] - maps.map_x)
            spread |= np.minimum(d, w - d) > w / 4
    return spread & ((maps.map_y <= 0) | (maps.map_y >= maps.source_shape[0] - 1))


@pytest.mark.parametrize("mapping", CASES, ids=lambda m: f"{type(m.source).__name__}-{type(m.target).__name__}")
def test_adaptive_build_adds_under_a_tenth_of_a_pixel(mapping: Mapping) -> None:
    exact = build_exact(mapping)
    fast = build_maps(mapping, step=8, tolerance_px=0.05)
    assert (fast.valid == exact.valid).all()
    err = seam_aware_error(fast, exact)
    assert err.max() < 0.1


@pytest.mark.parametrize("mapping", CASES[:5], ids=str)
def test_maps_stay_inside_the_source(mapping: Mapping) -> None:
    maps = build_maps(mapping)
    h, w = maps.source_shape
    assert np.isfinite(maps.map_x).all() and np.isfinite(maps.map_y).all()
    lo = -0.5 if maps.wraps_x else 0.0
    assert (
        maps.map_x.min() >= lo and maps.map_x.max() <= w - 0.5 and maps.map_y.min() >= 0 and maps.map_y.max() <= h - 1
    )


@settings(max_examples=25, deadline=None)
@given(
    st.floats(120, 230),
    st.floats(0, 30),
    st.floats(-180, 180),
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.integers(16, 96),
)
def test_random_domes_have_no_nan_and_no_sample_outside(fov, tilt, yaw, pitch, roll, size) -> None:
    mapping = Mapping(Equirect(200, 100), domemaster(size, fov, tilt), Orientation(yaw, pitch, roll))
    maps = build_maps(mapping, step=4)
    assert np.isfinite(maps.map_x).all() and np.isfinite(maps.map_y).all()
    assert maps.map_x.min() >= -0.5 and maps.map_x.max() <= 199.5
    assert maps.map_y.min() >= 0 and maps.map_y.max() <= 99
    exact = build_exact(mapping)
    assert (maps.valid == exact.valid).all()
    assert seam_aware_error(maps, exact).max(initial=0) < 0.1


@settings(max_examples=25, deadline=None)
@given(st.floats(20, 170), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180))
def test_random_perspective_views(fov, yaw, pitch, roll) -> None:
    maps = build_maps(Mapping(Equirect(256, 128), Perspective(64, 48, fov), Orientation(yaw, pitch, roll)), step=4)
    assert maps.valid.all() and np.isfinite(maps.map_x).all()
    assert maps.map_y.min() >= 0 and maps.map_y.max() <= 127


def test_seam_has_no_visible_line() -> None:
    src = smooth_equirect(512, 256)
    mapping = Mapping(Equirect(512, 256), Perspective(200, 200, 60), Orientation(yaw_deg=180))  # looks at ±180°
    out = Warper(build_maps(mapping), threads=1).warp(src)
    truth = _analytic(mapping, 200, 200)
    assert psnr(out, truth) > 38
    column_jump = np.abs(np.diff(out.astype(int), axis=1)).max(axis=(0, 2))
    assert column_jump.max() <= 3 * np.median(column_jump) + 2  # no column stands out at the seam


@pytest.mark.parametrize("pitch", [90, -90])
def test_poles_are_continuous(pitch: float) -> None:
    src = smooth_equirect(512, 256)
    mapping = Mapping(Equirect(512, 256), Perspective(200, 200, 60), Orientation(pitch_deg=pitch))
    out = Warper(build_maps(mapping), threads=1).warp(src)
    assert psnr(out, _analytic(mapping, 200, 200)) > 35


def _analytic(mapping: Mapping, w: int, h: int) -> np.ndarray:
    """The smooth test image evaluated directly at each output pixel's direction (no sampling)."""
    from dome.sphere import rotate

    x, y = np.meshgrid(np.arange(w, dtype=float), np.arange(h, dtype=float))
    d, _ = mapping.target.pixel_to_dir(x, y)
    d = rotate(d, mapping.rotation())
    channels = [
        0.5 + 0.5 * np.sin(2.0 * d[..., 0] + 1.0 * d[..., 1]),
        0.5 + 0.5 * np.cos(1.5 * d[..., 2] - 0.5 * d[..., 0]),
        0.5 + 0.5 * d[..., 1],
    ]
    return np.clip(np.stack(channels, axis=-1) * 255 + 0.5, 0, 255).astype(np.uint8)


def test_where_pixels_sample_matches_the_analytic_map() -> None:
    """Push coordinate ramps through the real fixed-point remap: median < 0.05 px, p99 < 0.25 px."""
    mapping = Mapping(Equirect(1024, 512), domemaster(512, 200, 10), Orientation(20, 0, 0))
    maps = build_maps(mapping)
    ramp_x = np.tile(np.arange(1024, dtype=np.float32), (512, 1))
    ramp_y = np.tile(np.arange(512, dtype=np.float32)[:, None], (1, 1024))
    warper = Warper(maps, prefilter=1, threads=1)
    got_x, got_y = warper.warp(ramp_x).copy(), warper.warp(ramp_y).copy()
    x, y = np.meshgrid(np.arange(512.0), np.arange(512.0))
    sx, sy, ok, _ = evaluate(mapping, x, y)
    sx, sy = mapping.source.clamp_source(sx, sy)
    inner = ok & (sx > 1) & (sx < 1022) & (sy > 1) & (sy < 510)  # the ramp is not periodic at the seam
    err = np.hypot(got_x - sx, got_y - sy)[inner]
    assert np.median(err) < 0.05 and np.percentile(err, 99) < 0.25


def test_float_maps_and_gain_mask_are_exposed() -> None:
    maps = build_maps(Mapping(Equirect(256, 128), domemaster(64)))
    assert maps.map_x.dtype == np.float32 and maps.map_x.shape == (64, 64)
    mask = maps.gain_mask()
    assert mask.dtype == np.float32 and mask[32, 32] == 1 and mask[0, 0] == 0
    m1, m2 = maps.fixed_point()
    assert m1.dtype == np.int16 and m1.shape == (64, 64, 2) and m2.dtype == np.uint16
    assert cv2.convertMaps is not None

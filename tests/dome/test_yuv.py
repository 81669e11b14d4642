"""The YUV 4:2:0 warper (dome.yuv): float maps, bands dealt to threads, prefilter, gain around video black."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from dome import Equirect, Fisheye, Mapping, Maps, Orientation, Perspective, Warper, build_maps, domemaster
from dome.errors import DomeError
from dome.pipeline import i420_planes
from dome.yuv import YuvWarper

from .conftest import smooth_equirect

MAPPING = Mapping(Equirect(512, 256), domemaster(256, tilt_deg=15), Orientation(yaw_deg=170))


def planes(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    h, w = bgr.shape[:2]
    return i420_planes(cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420), h, w)


@pytest.fixture(scope="module")
def maps() -> tuple[Maps, Maps]:
    return build_maps(MAPPING), build_maps(MAPPING.scaled(0.5))


@pytest.mark.parametrize("interp", ["nearest", "linear", "cubic"])
def test_each_plane_is_a_plain_float_remap_with_the_border_outside(maps, interp: str) -> None:
    luma, chroma = maps
    src = planes(smooth_equirect(512, 256))
    out = YuvWarper(luma, chroma, interp, threads=2, band_rows=6).warp(*src)
    flag = {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC}[interp]
    for plane, m, got, border in zip(src, (luma, chroma, chroma), out, (16, 128, 128)):
        ref = cv2.remap(
            plane, np.ascontiguousarray(m.map_x), np.ascontiguousarray(m.map_y), flag, borderMode=cv2.BORDER_WRAP
        )
        ref[~m.valid] = border
        np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("interp", ["nearest", "linear"])
def test_a_clamped_source_is_sampled_like_a_plain_remap(interp: str) -> None:
    """A fisheye source (no wrap): nearest gathers clamp at the edges as ``BORDER_REPLICATE`` does."""
    mapping = Mapping(Fisheye(256, 256), Fisheye(200, 160, fov_deg=200, offset_x_px=30, tilt_deg=25))
    luma, chroma = build_maps(mapping), build_maps(mapping.scaled(0.5))
    dome = Warper(build_maps(Mapping(Equirect(512, 256), domemaster(256)))).warp(smooth_equirect(512, 256))
    src = planes(dome)
    out = YuvWarper(luma, chroma, interp).warp(*src)
    flag = cv2.INTER_NEAREST if interp == "nearest" else cv2.INTER_LINEAR
    for plane, m, got in zip(src, (luma, chroma, chroma), out):
        ref = cv2.remap(plane, m.map_x, m.map_y, flag, borderMode=cv2.BORDER_REPLICATE)
        np.testing.assert_array_equal(got[m.valid], ref[m.valid])


@pytest.mark.parametrize("interp", ["nearest", "linear"])
def test_threads_and_band_sizes_give_the_same_frame(maps, interp: str) -> None:
    src = planes(smooth_equirect(512, 256))
    results = [
        [p.copy() for p in YuvWarper(*maps, interp, threads=t, band_rows=b).warp(*src)]
        for t, b in [(1, 32), (2, 8), (3, 64)]
    ]
    for other in results[1:]:
        for a, b in zip(results[0], other):
            np.testing.assert_array_equal(a, b)


def test_float_maps_are_as_accurate_as_the_fixed_point_warp(maps) -> None:
    """The luma plane differs from the fixed-point BGR path (1/32 px weights) by at most one level."""
    luma, chroma = maps
    y, u, v = planes(smooth_equirect(512, 256))
    ours = YuvWarper(luma, chroma).warp(y, u, v)[0].astype(int)
    fixed = Warper(luma, border=(16,)).warp(y).astype(int)
    assert np.abs(ours - fixed).max() <= 1


def test_caller_planes_are_filled_outside_once(maps) -> None:
    warper = YuvWarper(*maps)
    h, w = maps[0].shape
    buf = np.full((h * 3 // 2, w), 7, np.uint8)
    out = i420_planes(buf, h, w)
    warper.warp(*planes(smooth_equirect(512, 256)), out=out)
    assert out[0][0, 0] == 16 and out[1][0, 0] == 128 and out[2][0, 0] == 128
    buf[...] = 7
    warper.warp(*planes(smooth_equirect(512, 256)), out=out, fill_outside=False)
    assert out[0][0, 0] == 7 and (out[0][maps[0].valid] != 7).mean() > 0.99


def test_gain_dims_the_picture_without_changing_its_hue() -> None:
    mapping = Mapping(Equirect(64, 32), Perspective(16, 16, 60))
    luma, chroma = build_maps(mapping), build_maps(mapping.scaled(0.5))
    luma.gain = np.full(luma.shape, 0.5, np.float32)
    chroma.gain = np.full(chroma.shape, 0.5, np.float32)
    y, u, v = (np.full(s, c, np.uint8) for s, c in (((32, 64), 216), ((16, 32), 200), ((16, 32), 60)))
    oy, ou, ov = YuvWarper(luma, chroma).warp(y, u, v)
    assert (oy == 116).all() and (ou == 164).all() and (ov == 94).all()  # 16 + 200/2, 128 ± 72/2, 68/2


def test_prefilter_stops_aliasing_when_shrinking() -> None:
    stripes = np.zeros((1024, 2048), np.uint8)
    stripes[:, ::2] = 235
    mapping = Mapping(Equirect(2048, 1024), Perspective(64, 64, 90))
    grey = np.full((512, 1024), 128, np.uint8)
    filtered = YuvWarper.from_mapping(mapping)
    assert filtered.prefilter >= 4
    y = filtered.warp(stripes, grey, grey)[0].astype(float)
    plain = YuvWarper(build_maps(mapping), build_maps(mapping.scaled(0.5)), prefilter=1).warp(stripes, grey, grey)[0]
    assert plain.astype(float).std() > 40 and y.std() < 8


def test_wrong_planes_are_refused(maps) -> None:
    warper = YuvWarper(*maps)
    with pytest.raises(DomeError, match="512x256"):
        warper.warp(np.zeros((10, 10), np.uint8), *planes(smooth_equirect(512, 256))[1:])
    with pytest.raises(DomeError, match="chroma maps"):
        YuvWarper(maps[0], maps[0])
    with pytest.raises(DomeError, match="interpolation"):
        YuvWarper(*maps, interp="lanczos")

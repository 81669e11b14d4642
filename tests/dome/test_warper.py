"""The Warper: border colour, preallocated output, anti-alias prefilter, YUV 4:2:0 planes, gain."""

from __future__ import annotations

import numpy as np
import pytest

from dome import Equirect, Mapping, Maps, Orientation, Perspective, Warper, build_maps, domemaster
from dome.errors import DomeError
from dome.warper import YuvWarper

from .conftest import psnr, smooth_equirect


@pytest.fixture(scope="module")
def dome_maps() -> Maps:
    return build_maps(Mapping(Equirect(512, 256), domemaster(256)))


def test_outside_the_disc_is_the_border_colour(dome_maps: Maps) -> None:
    src = smooth_equirect(512, 256)
    out = Warper(dome_maps, border=(10, 20, 30)).warp(src)
    assert (out[~dome_maps.valid] == (10, 20, 30)).all()
    assert (out[0, 0] == (10, 20, 30)).all() and out[128, 128].any()


def test_output_is_preallocated_and_reused(dome_maps: Maps) -> None:
    warper = Warper(dome_maps)
    a = warper.warp(smooth_equirect(512, 256))
    b = warper.warp(np.zeros((256, 512, 3), np.uint8))
    assert a is b and not b[dome_maps.valid].any()
    mine = np.full((256, 256, 3), 99, np.uint8)
    assert warper.warp(smooth_equirect(512, 256), out=mine) is mine and (mine[0, 0] == 0).all()


@pytest.mark.parametrize("interp", ["nearest", "linear", "cubic"])
@pytest.mark.parametrize("threads", [1, 2])
def test_bands_and_threads_match_a_plain_remap(dome_maps: Maps, interp: str, threads: int) -> None:
    import cv2

    src = smooth_equirect(512, 256)
    out = Warper(dome_maps, interp=interp, threads=threads, band_rows=7, prefilter=1).warp(src).copy()
    m1, m2 = dome_maps.fixed_point(nearest=interp == "nearest")
    flag = {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC}[interp]
    ref = cv2.remap(src, m1, m2, flag, borderMode=cv2.BORDER_WRAP)
    ref[~dome_maps.valid] = 0
    assert (out == ref).all()


def test_prefilter_stops_aliasing_when_shrinking() -> None:
    stripes = np.zeros((1024, 2048, 3), np.uint8)
    stripes[:, ::2] = 255  # one-pixel stripes: pure aliasing bait
    maps = build_maps(Mapping(Equirect(2048, 1024), Perspective(64, 64, 90)))
    assert maps.footprint() > 4
    plain = Warper(maps, prefilter=1).warp(stripes).astype(float)
    filtered = Warper(maps).warp(stripes).astype(float)
    assert plain.std() > 40  # moiré: output pixels land on stripes or gaps
    assert filtered.std() < 8 and abs(filtered.mean() - 127.5) < 8


def test_yuv_planes_match_the_bgr_warp() -> None:
    import cv2

    mapping = Mapping(Equirect(512, 256), domemaster(256), Orientation(yaw_deg=40))
    bgr = smooth_equirect(512, 256)
    i420 = cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420)
    y, u, v = i420[:256], i420[256:320].reshape(128, 256), i420[320:].reshape(128, 256)
    warper = YuvWarper.from_mapping(mapping)
    oy, ou, ov = warper.warp(y, u, v)
    assert oy.shape == (256, 256) and ou.shape == (128, 128) and ov.shape == (128, 128)
    back = cv2.cvtColor(np.concatenate([oy, ou.reshape(64, 256), ov.reshape(64, 256)]), cv2.COLOR_YUV2BGR_I420)
    ref = Warper(build_maps(mapping)).warp(bgr)
    valid = build_maps(mapping).valid
    inner = cv2.erode(valid.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert psnr(back, ref, inner) > 30
    assert oy[0, 0] == 16 and ou[0, 0] == 128


def test_gain_multiplies_the_output() -> None:
    maps = build_maps(Mapping(Equirect(64, 32), Perspective(16, 16, 60)))
    maps.gain = np.full(maps.shape, 0.5, np.float32)
    out = Warper(maps).warp(np.full((32, 64, 3), 200, np.uint8))
    assert (out == 100).all()


def test_wrong_frame_size_is_refused(dome_maps: Maps) -> None:
    with pytest.raises(DomeError, match="512x256"):
        Warper(dome_maps).warp(np.zeros((10, 10, 3), np.uint8))
    with pytest.raises(DomeError, match="interpolation"):
        Warper(dome_maps, interp="lanczos")

"""Our domemaster against FFmpeg's v360 (the reference anchor), where ffmpeg is installed."""

from __future__ import annotations

import shutil
import subprocess

import cv2
import numpy as np
import pytest

from dome import Equirect, Mapping, Orientation, Warper, build_maps, domemaster

from .conftest import psnr, smooth_equirect

pytestmark = [pytest.mark.ffmpeg, pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")]


def ffmpeg_v360(src_png, dst_png, size: int, pitch: float, yaw: float) -> np.ndarray:
    vf = f"format=gbrp,v360=e:fisheye:h_fov=180:v_fov=180:pitch={pitch}:yaw={yaw}:w={size}:h={size}"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(src_png), "-vf", vf, "-frames:v", "1", str(dst_png)],
        check=True,
        timeout=60,
    )
    return cv2.imread(str(dst_png))


@pytest.mark.parametrize("tilt,yaw", [(0, 0), (20, 30)])
def test_domemaster_matches_ffmpeg_v360(tmp_path, tilt: float, yaw: float) -> None:
    src = smooth_equirect(1024, 512)
    cv2.imwrite(str(tmp_path / "in.png"), src)
    theirs = ffmpeg_v360(tmp_path / "in.png", tmp_path / "out.png", 512, pitch=90 - tilt, yaw=yaw)
    mapping = Mapping(Equirect(1024, 512), domemaster(512, tilt_deg=tilt), Orientation(yaw_deg=yaw))
    maps = build_maps(mapping)
    ours = Warper(maps).warp(src)
    inside = cv2.erode(maps.valid.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    assert psnr(ours, theirs, inside) >= 30
    # and FFmpeg does not black out the corners, we do
    assert not ours[0, 0].any()

"""The threaded decode → warp → encode pipeline, with generated I420 frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from dome import Equirect, Mapping, domemaster
from dome.pipeline import i420_planes, run_pipeline
from dome.warper import YuvWarper

from .conftest import smooth_equirect


def i420_frames(n: int):
    base = smooth_equirect(128, 64)
    for k in range(n):
        yield cv2.cvtColor(np.roll(base, 4 * k, axis=1), cv2.COLOR_BGR2YUV_I420)


def test_frames_come_out_in_order_and_warped() -> None:
    warper = YuvWarper.from_mapping(Mapping(Equirect(128, 64), domemaster(64)))
    got, seen = [], []
    count = run_pipeline(i420_frames(9), warper, lambda buf: got.append(buf.copy()), seen.append, ring_size=2)
    assert count == 9 and seen == list(range(1, 10)) and len(got) == 9
    reference = YuvWarper.from_mapping(Mapping(Equirect(128, 64), domemaster(64)))
    for k, frame in enumerate(i420_frames(9)):
        y, _, _ = reference.warp(*i420_planes(frame, 64, 128))
        np.testing.assert_array_equal(i420_planes(got[k], 64, 64)[0], y)
    assert got[0][0, 0] == 16  # video black outside the disc


def test_errors_of_any_stage_are_raised() -> None:
    warper = YuvWarper.from_mapping(Mapping(Equirect(128, 64), domemaster(32)))

    def broken_source():
        yield from i420_frames(2)
        raise OSError("corrupt packet")

    with pytest.raises(OSError, match="corrupt"):
        run_pipeline(broken_source(), warper, lambda buf: None)

    def broken_sink(buf) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        run_pipeline(i420_frames(20), warper, broken_sink)

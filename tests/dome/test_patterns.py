"""Calibration patterns: drawn in the target geometry, markers where the geometry says, labels placed
through any maps (tilt, mesh, flips) and never on the focus stars."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dome import Equirect, Mapping, Orientation, Perspective, build_maps, domemaster
from dome.errors import DomeError
from dome.patterns import (
    FOCUS_STAR_RADIUS_DEG,
    FOCUS_STARS,
    MARKERS,
    PATTERNS,
    draw_pattern,
    pattern_labels,
    place_labels,
)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_draws_inside_the_disc_only(name: str) -> None:
    dm = domemaster(160)
    image = draw_pattern(name, dm)
    assert image.shape == (160, 160, 3) and image.dtype == np.uint8
    assert image.any() and not image[:6, :6].any()


def test_front_marker_is_at_the_bottom_and_horizon_at_the_rim() -> None:
    image = draw_pattern("markers", domemaster(400))
    green = np.all(image == MARKERS["front"][1], axis=-1)
    ys, xs = np.nonzero(green)
    assert ys.size and ys.mean() > 300 and abs(xs.mean() - 199.5) < 2  # FRONT disc below the centre
    polar = draw_pattern("polar", domemaster(400))
    assert polar[337:343, 337:343].max() > 150  # the 0° circle runs along the rim (here at 45°)


def test_pattern_in_a_perspective_view_and_unknown_name() -> None:
    assert draw_pattern("latlong", Perspective(96, 64, 90)).any()
    with pytest.raises(DomeError, match="unknown pattern"):
        draw_pattern("nope", domemaster(32))
    with pytest.raises(DomeError, match="unknown pattern"):
        pattern_labels("nope")


def _maps(size: int = 256, tilt: float = 0.0, yaw: float = 0.0):
    return build_maps(Mapping(Equirect(1024, 512), domemaster(size, tilt_deg=tilt), Orientation(yaw_deg=yaw)))


def test_labels_land_where_the_geometry_says() -> None:
    placed = {p.label.key: p for p in place_labels(pattern_labels("polar"), _maps())}
    front, right = placed["front"], placed["right"]
    # front at the bottom, right at the right; altitude 21°: radius (90 - 21) / 90 of the half side
    radius = (90 - front.label.lat_deg) / 90 * 128
    assert front.x == pytest.approx(127.5, abs=0.3) and front.y == pytest.approx(127.5 + radius, abs=0.5)
    assert right.x == pytest.approx(127.5 + radius, abs=0.5)
    # at the front, "up" (towards the zenith) points to the image centre, the baseline to the right
    assert front.up[1] < 0 and abs(front.up[0]) < 0.02 and front.right[0] > 0
    assert front.up[1] == pytest.approx(-128 / 90, rel=0.02)  # equidistant: 128 px per 90°


def test_labels_follow_yaw_and_mirroring() -> None:
    turned = {p.label.key: p for p in place_labels(pattern_labels("markers"), _maps(yaw=90))}
    assert turned["right"].y > 200  # yaw +90 brings the right to the front (bottom)
    maps = _maps()
    mirrored = type(maps)(maps.map_x[:, ::-1], maps.map_y[:, ::-1], maps.valid[:, ::-1], None, maps.source_shape, True)
    plain = {p.label.key: p for p in place_labels(pattern_labels("markers"), maps)}
    flipped = {p.label.key: p for p in place_labels(pattern_labels("markers"), mirrored)}
    assert flipped["right"].x == pytest.approx(255 - plain["right"].x, abs=0.3)
    cross = lambda p: p.right[0] * p.up[1] - p.right[1] * p.up[0]  # noqa: E731
    assert cross(plain["front"]) < 0 < cross(flipped["front"])  # mirrored axes: text drawn on them reads right


def test_focus_labels_are_below_the_stars() -> None:
    for label in pattern_labels("focus"):
        for lon, lat in FOCUS_STARS:
            a = np.radians([label.lon_deg, label.lat_deg, lon, lat])
            cos = math.sin(a[1]) * math.sin(a[3]) + math.cos(a[1]) * math.cos(a[3]) * math.cos(a[0] - a[2])
            gap = math.degrees(math.acos(min(1.0, cos))) - FOCUS_STAR_RADIUS_DEG
            assert gap > label.height_deg  # a label as wide as 2 heights still misses every star


def test_labels_outside_the_output_are_left_out() -> None:
    maps = build_maps(Mapping(Equirect(1024, 512), Perspective(160, 90, 100)))
    keys = {p.label.key for p in place_labels(pattern_labels("markers"), maps)}
    assert keys == {"front"}

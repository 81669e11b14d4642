"""Calibration patterns: drawn in the target geometry, markers where the geometry says."""

from __future__ import annotations

import numpy as np
import pytest

from dome import Perspective, domemaster
from dome.errors import DomeError
from dome.patterns import MARKERS, PATTERNS, draw_pattern


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_draws_inside_the_disc_only(name: str) -> None:
    dm = domemaster(160)
    image = draw_pattern(name, dm)
    assert image.shape == (160, 160, 3) and image.dtype == np.uint8
    assert image.any() and not image[:6, :6].any()


def test_front_marker_is_at_the_bottom_and_horizon_at_the_rim() -> None:
    image = draw_pattern("markers", domemaster(400))
    green = np.all(image == MARKERS["FRONT"][1], axis=-1)
    ys, _ = np.nonzero(green)
    assert ys.size and ys.mean() > 250  # FRONT label below the centre
    polar = draw_pattern("polar", domemaster(400))
    assert polar[337:343, 337:343].max() > 150  # the 0° circle runs along the rim (here at 45°)


def test_pattern_in_a_perspective_view_and_unknown_name() -> None:
    assert draw_pattern("latlong", Perspective(96, 64, 90)).any()
    with pytest.raises(DomeError, match="unknown pattern"):
        draw_pattern("nope", domemaster(32))

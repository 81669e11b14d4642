"""Helpers for the dome tests: analytic images, never stored ones."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dome.equirect import Equirect


def smooth_equirect(width: int, height: int) -> np.ndarray:
    """A smooth BGR equirect whose colour is a function of the 3-D direction (continuous everywhere,
    across the seam and at the poles)."""
    d, _ = Equirect(width, height).pixel_to_dir(np.arange(width)[None, :], np.arange(height)[:, None])
    channels = [
        0.5 + 0.5 * np.sin(2.0 * d[..., 0] + 1.0 * d[..., 1]),
        0.5 + 0.5 * np.cos(1.5 * d[..., 2] - 0.5 * d[..., 0]),
        0.5 + 0.5 * d[..., 1],
    ]
    return np.clip(np.stack(channels, axis=-1) * 255 + 0.5, 0, 255).astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray, mask: np.ndarray | None = None) -> float:
    diff = a.astype(np.float64) - b.astype(np.float64)
    if mask is not None:
        diff = diff[mask]
    mse = float(np.mean(diff**2))
    return math.inf if mse == 0 else 10 * math.log10(255.0**2 / mse)


@pytest.fixture(scope="session")
def equirect_image() -> np.ndarray:
    return smooth_equirect(512, 256)

"""Perspective (pinhole) views, e.g. what a VR station shows: square pixels, optical axis +z.

``x = cx + f * X / Z`` and ``y = cy - f * Y / Z`` with ``cx = (w - 1) / 2``, ``cy = (h - 1) / 2`` and
``f = (w / 2) / tan(hfov / 2)`` pixels; the vertical field of view follows from the aspect ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dome.errors import DomeError
from dome.projection import Raster, scaled_size
from dome.sphere import as_float, normalize


@dataclass(frozen=True)
class Perspective(Raster):
    """A ``width`` × ``height`` pinhole view with horizontal field of view ``hfov_deg`` in (0, 180)."""

    width: int
    height: int
    hfov_deg: float = 90.0

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1:
            raise DomeError(f"perspective size {self.width}x{self.height} is impossible")
        if not 0.0 < self.hfov_deg < 180.0:
            raise DomeError(f"perspective field of view {self.hfov_deg}° must be between 0 and 180°")

    @property
    def focal_px(self) -> float:
        """Focal length in pixels."""
        return (self.width / 2.0) / math.tan(math.radians(self.hfov_deg) / 2.0)

    def pixel_to_dir(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        f = self.focal_px
        a = (as_float(x) - (self.width - 1) / 2.0) / f
        b = -(as_float(y) - (self.height - 1) / 2.0) / f
        a, b = np.broadcast_arrays(a, b)
        d = normalize(np.stack([a, b, np.ones_like(a)], axis=-1))
        return d, np.ones(a.shape, dtype=bool)

    def dir_to_pixel(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = as_float(d)
        z = d[..., 2]
        valid = z > 1e-12
        zs = np.where(valid, z, 1.0)
        f = self.focal_px
        x = (self.width - 1) / 2.0 + f * d[..., 0] / zs
        y = (self.height - 1) / 2.0 - f * d[..., 1] / zs
        inside = (x >= -0.5) & (x <= self.width - 0.5) & (y >= -0.5) & (y <= self.height - 0.5)
        return x, y, valid & inside

    def scaled(self, factor: float) -> Perspective:
        return Perspective(
            scaled_size(self.width, factor, "width"), scaled_size(self.height, factor, "height"), self.hfov_deg
        )

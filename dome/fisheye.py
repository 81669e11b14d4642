"""Equidistant fisheye images, the domemaster among them.

Lens frame: axis +z, image right = +x, image down = -y. A pixel at distance ``r`` from the image-circle
centre looks ``r / radius_px * fov / 2`` radians away from the axis (equidistant, "angular" fisheye).
Mounted in a dome the lens axis is pitched up by ``90° - tilt``: at tilt 0 the axis is the zenith and
the bottom of the image is the front of the dome. ``radius_px`` larger than half the image truncates the
circle (projectors with a 16:9 chip); ``offset_*_px`` move the circle for an off-centre lens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dome.errors import DomeError
from dome.projection import Raster, scaled_size
from dome.sphere import as_float, atan2, pitch_matrix


@dataclass(frozen=True)
class Fisheye(Raster):
    """An equidistant fisheye image; see the module docstring for the frame.

    Attributes:
        width, height: image size in pixels.
        fov_deg: full field of view across the image circle, degrees, in (0, 360].
        radius_px: radius of that circle in pixels; ``None`` = half the smaller image side (touching).
        offset_x_px, offset_y_px: circle centre minus image centre, pixels (+ right, + down).
        tilt_deg: dome tilt in degrees; the lens axis points ``90 - tilt`` degrees above the horizon
            towards the front (0 = planetarium, 90 = a fisheye looking straight forward).
    """

    width: int
    height: int
    fov_deg: float = 180.0
    radius_px: float | None = None
    offset_x_px: float = 0.0
    offset_y_px: float = 0.0
    tilt_deg: float = 0.0

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1:
            raise DomeError(f"fisheye size {self.width}x{self.height} is impossible")
        if not 0.0 < self.fov_deg <= 360.0:
            raise DomeError(f"fisheye field of view {self.fov_deg}° is outside 0…360°")
        if self.radius_px is not None and not self.radius_px > 0:
            raise DomeError(f"fisheye radius {self.radius_px} px must be positive")
        if not -90.0 <= self.tilt_deg <= 90.0:
            raise DomeError(f"dome tilt {self.tilt_deg}° is outside -90…90°")

    @property
    def radius(self) -> float:
        """Radius of the ``fov/2`` circle in pixels."""
        return self.radius_px if self.radius_px is not None else min(self.width, self.height) / 2.0

    @property
    def centre(self) -> tuple[float, float]:
        """Centre of the image circle in pixel coordinates ``(cx, cy)``."""
        return ((self.width - 1) / 2.0 + self.offset_x_px, (self.height - 1) / 2.0 + self.offset_y_px)

    def pixel_to_dir(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        cx, cy = self.centre
        half = math.radians(self.fov_deg) / 2.0
        dx = (as_float(x) - cx) / self.radius
        dy = (as_float(y) - cy) / self.radius
        dx, dy = np.broadcast_arrays(dx, dy)
        r = np.hypot(dx, dy)
        theta = r * half
        with np.errstate(invalid="ignore", divide="ignore"):
            k = np.where(r > 0, np.sin(theta) / r, half)  # sin(theta) / r, smooth at the centre
        d = np.stack([k * dx, -k * dy, np.cos(theta)], axis=-1)
        return d, r <= 1.0 + 1e-12

    def dir_to_pixel(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = as_float(d)
        cx, cy = self.centre
        half = math.radians(self.fov_deg) / 2.0
        s = np.hypot(d[..., 0], d[..., 1])
        theta = atan2(s, d[..., 2])
        with np.errstate(invalid="ignore", divide="ignore"):
            k = np.where(s > 0, self.radius / half * theta / s, self.radius / half)
        x = cx + k * d[..., 0]
        y = cy - k * d[..., 1]
        return x, y, theta <= half + 1e-12

    def mount(self) -> np.ndarray:
        return pitch_matrix(math.radians(90.0 - self.tilt_deg))

    def scaled(self, factor: float) -> Fisheye:
        return Fisheye(
            scaled_size(self.width, factor, "width"),
            scaled_size(self.height, factor, "height"),
            self.fov_deg,
            None if self.radius_px is None else self.radius_px * factor,
            self.offset_x_px * factor,
            self.offset_y_px * factor,
            self.tilt_deg,
        )


def domemaster(size: int, fov_deg: float = 180.0, tilt_deg: float = 0.0) -> Fisheye:
    """A square domemaster of ``size`` px whose ``fov_deg`` circle touches the square's edges."""
    return Fisheye(size, size, fov_deg=fov_deg, tilt_deg=tilt_deg)

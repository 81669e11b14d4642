"""Equirectangular (lat/long) images: the usual 2:1 360° panorama.

``x = (lon / 2pi + 0.5) * w - 0.5`` and ``y = (0.5 - lat / pi) * h - 0.5`` (pixel centres at integers):
longitude -180° is the left edge, 0° the centre, +180° the right edge; latitude +90° is the top edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dome.errors import DomeError
from dome.projection import Raster, scaled_size
from dome.sphere import as_float, dir_to_lonlat, lonlat_to_dir


def pixel_to_lonlat(x: np.ndarray, y: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (radians) of pixel coordinates in an equirect image of ``shape`` (h, w)."""
    h, w = shape
    lon = ((as_float(x) + 0.5) / w - 0.5) * (2 * math.pi)
    lat = (0.5 - (as_float(y) + 0.5) / h) * math.pi
    return lon, lat


def lonlat_to_pixel(lon: np.ndarray, lat: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates of longitude/latitude (radians) in an equirect image of ``shape`` (h, w)."""
    h, w = shape
    x = (np.asarray(lon) / (2 * math.pi) + 0.5) * w - 0.5
    y = (0.5 - np.asarray(lat) / math.pi) * h - 0.5
    return x, y


@dataclass(frozen=True)
class Equirect(Raster):
    """A full 360°×180° equirectangular image of ``width`` × ``height`` pixels."""

    width: int
    height: int

    def __post_init__(self) -> None:
        if self.width < 2 or self.height < 1:
            raise DomeError(f"equirect size {self.width}x{self.height} is too small")

    @property
    def wraps_x(self) -> bool:
        return True

    def pixel_to_dir(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = pixel_to_lonlat(x, y, self.shape)
        d = lonlat_to_dir(lon, lat)
        return d, np.ones(d.shape[:-1], dtype=bool)

    def dir_to_pixel(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lon, lat = dir_to_lonlat(d)
        x, y = lonlat_to_pixel(lon, lat, self.shape)
        return x, y, np.isfinite(x) & np.isfinite(y)

    def scaled(self, factor: float) -> Equirect:
        return Equirect(scaled_size(self.width, factor, "width"), scaled_size(self.height, factor, "height"))

    def clamp_source(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Wrap x into ``[-0.5, w - 0.5)`` (the seam is sampled with BORDER_WRAP) and clamp y to the
        first/last row centres, so a pole never blends with the opposite pole."""
        w, h = self.width, self.height
        x = np.mod(x + 0.5, w) - 0.5
        y = np.clip(y, 0.0, h - 1.0)
        return x, y

"""Calibration patterns drawn directly in the target geometry (every line is exact, not resampled).

Each pattern is computed per output pixel from its direction in the *content* frame (so the
orientation and the dome tilt move the pattern exactly as they move the media). Lines are
anti-aliased and keep the same width in output pixels everywhere. Labels use OpenCV's Hershey font,
which has no accents, so they are in English (FRONT, BACK, LEFT, RIGHT, ZENITH, HORIZON).
Images are BGR uint8.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from dome.errors import DomeError
from dome.projection import Projection, pixel_grid
from dome.sphere import Orientation, dir_to_lonlat, lonlat_to_dir, rotate

WHITE, GREY = (255, 255, 255), (110, 110, 110)
MARKERS = {
    "FRONT": (0.0, (60, 220, 60)),
    "RIGHT": (90.0, (40, 220, 240)),
    "BACK": (180.0, (60, 60, 240)),
    "LEFT": (-90.0, (240, 140, 40)),
}


class _Canvas:
    """Per-pixel content directions of a target, and helpers to draw on it."""

    def __init__(self, target: Projection, orientation: Orientation) -> None:
        self.target = target
        self.to_content = orientation.matrix() @ target.mount()
        x, y = pixel_grid(target.shape, np.float32)
        d, self.valid = target.pixel_to_dir(x, y)
        c = rotate(d, self.to_content)
        self.dirs = c
        self.lon, self.lat = dir_to_lonlat(c)
        gx = np.linalg.norm(np.diff(c, axis=1, append=c[:, -2:-1]), axis=-1)
        gy = np.linalg.norm(np.diff(c, axis=0, append=c[-2:-1]), axis=-1)
        self.px_angle = np.maximum(np.maximum(gx, gy), 1e-9)  # radians per output pixel
        self.image = np.zeros(target.shape + (3,), np.uint8)

    def paint(self, coverage: np.ndarray, colour: tuple[int, int, int]) -> None:
        """Blend ``colour`` with per-pixel ``coverage`` (0…1) into the image."""
        a = np.clip(coverage, 0, 1).astype(np.float32)
        a[~self.valid] = 0
        hit = a > 0
        if not hit.any():
            return
        a = a[hit][:, None]
        blended = self.image[hit] * (1 - a) + np.array(colour, np.float32) * a
        self.image[hit] = (blended + 0.5).astype(np.uint8)

    def line(self, angle_dist: np.ndarray, width_px: float, colour: tuple[int, int, int]) -> None:
        """Draw where the angular distance to a curve (radians) is under ``width_px / 2`` pixels."""
        self.paint(width_px / 2 + 0.5 - np.abs(angle_dist) / self.px_angle, colour)

    def parallels(self, step_deg: float, width_px: float, colour, max_lat_deg: float = 90.0) -> None:
        s = math.radians(step_deg)
        near = np.round(self.lat / s) * s
        self.line(np.where(np.abs(near) <= math.radians(max_lat_deg), self.lat - near, np.inf), width_px, colour)

    def meridians(self, step_deg: float, width_px: float, colour, max_lat_deg: float = 90.0) -> None:
        s = math.radians(step_deg)
        dist = (self.lon - np.round(self.lon / s) * s) * np.cos(self.lat)
        self.line(np.where(np.abs(self.lat) <= math.radians(max_lat_deg), dist, np.inf), width_px, colour)

    def label(self, text: str, lon_deg: float, lat_deg: float, colour, scale: float | None = None) -> None:
        """Write ``text`` centred on the content direction (lon, lat) if it is visible."""
        d = lonlat_to_dir(math.radians(lon_deg), math.radians(lat_deg))
        x, y, ok = self.target.dir_to_pixel(rotate(d, self.to_content.T))
        h, w = self.target.shape
        if not ok or not (0 <= x < w and 0 <= y < h):
            return
        scale = scale if scale is not None else max(0.4, min(h, w) / 700)
        thick = max(1, int(round(scale * 2)))
        (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thick)
        org = (int(round(float(x) - tw / 2)), int(round(float(y) + th / 2)))
        cv2.putText(self.image, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, thick, cv2.LINE_AA)


def _width(c: _Canvas) -> float:
    return max(1.0, min(c.target.shape) / 512)


def _markers(c: _Canvas) -> None:
    for name, (lon, colour) in MARKERS.items():
        c.label(name, lon, 25.0, colour, max(0.6, min(c.target.shape) / 450))


def _polar(c: _Canvas) -> None:
    w = _width(c)
    c.parallels(10, w, GREY)
    c.parallels(30, 2 * w, WHITE)
    c.meridians(30, w, GREY, max_lat_deg=80)
    for alt in (0, 30, 60):
        c.label(f"{alt}", 0.0, alt + 3.0, WHITE)
    c.label("ZENITH", 0.0, 90.0, WHITE)
    _markers(c)


def _latlong(c: _Canvas) -> None:
    w = _width(c)
    c.parallels(15, w, GREY)
    c.meridians(15, w, GREY, max_lat_deg=89)
    c.parallels(90, 2 * w, WHITE, max_lat_deg=1)
    c.meridians(90, 2 * w, WHITE, max_lat_deg=89)
    _markers(c)


def _horizon(c: _Canvas) -> None:
    w = _width(c)
    c.parallels(5, w, GREY, max_lat_deg=20)
    c.parallels(90, 3 * w, (255, 255, 0), max_lat_deg=1)
    for lon in range(-180, 180, 45):
        c.label("HORIZON" if lon % 90 else "+", lon, 2.5, (255, 255, 0))
    _markers(c)


def _bars(c: _Canvas) -> None:
    colours = [(255, 255, 255), (0, 255, 255), (255, 255, 0), (0, 255, 0), (255, 0, 255), (0, 0, 255), (255, 0, 0)]
    sector = np.floor((c.lon + math.pi) / (2 * math.pi) * len(colours)).astype(int) % len(colours)
    upper = c.lat >= math.radians(20)
    for k, colour in enumerate(colours):
        r, g, b = (int(v * 0.75) for v in colour)
        c.paint((sector == k) & upper, (r, g, b))
    ramp = ((c.lon + math.pi) / (2 * math.pi) * 255).astype(np.uint8)
    lower = c.valid & ~upper
    c.image[lower] = ramp[lower][:, None]
    _markers(c)


def _focus(c: _Canvas) -> None:
    stars = [(0.0, 90.0)] + [(lon, 30.0) for lon in (0.0, 90.0, 180.0, -90.0)]
    d = c.dirs
    for lon, lat in stars:
        centre = lonlat_to_dir(math.radians(lon), math.radians(lat))
        near = (d @ centre.astype(np.float32)) > math.cos(math.radians(9))
        ref = np.array([0.0, 0.0, 1.0]) if abs(lat) > 80 else np.array([0.0, 1.0, 0.0])
        e1 = np.cross(ref, centre)
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(centre, e1)
        phi = np.arctan2(d[near] @ e2, d[near] @ e1)
        spokes = np.zeros(near.shape, np.float32)
        spokes[near] = np.sin(36 * phi) > 0
        c.paint(spokes, WHITE)
    c.parallels(10, 1.0, GREY)
    c.meridians(10, 1.0, GREY, max_lat_deg=80)
    _markers(c)


PATTERNS: dict[str, Callable[[_Canvas], None]] = {
    "polar": _polar,
    "latlong": _latlong,
    "horizon": _horizon,
    "bars": _bars,
    "focus": _focus,
    "markers": _markers,
}


def draw_pattern(name: str, target: Projection, orientation: Orientation | None = None) -> np.ndarray:
    """The calibration pattern ``name`` (see :data:`PATTERNS`) as a BGR uint8 image of ``target``."""
    if name not in PATTERNS:
        raise DomeError(f"unknown pattern {name!r}; choose one of {', '.join(PATTERNS)}")
    canvas = _Canvas(target, orientation or Orientation())
    PATTERNS[name](canvas)
    return canvas.image

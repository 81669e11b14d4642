"""Calibration patterns drawn directly in the target geometry (every line is exact, not resampled).

Each pattern is computed per output pixel from its direction in the *content* frame (so the
orientation and the dome tilt move the pattern exactly as they move the media). Lines are
anti-aliased and keep the same width in output pixels everywhere. Images are BGR uint8.

Labels are not drawn here (OpenCV's Hershey font has no accents, and labels exist in French and
English): :func:`pattern_labels` says which label goes where (a text key, a content direction, a
colour, a height in degrees of arc) and :func:`place_labels` finds, through any inverse maps (tilt,
orientation, warp mesh, projector flips), where each lands in the output and which way its baseline and
its "up" (towards the zenith) point there; the caller draws the text with a real font. Labels of the
focus chart sit below its stars, never on them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dome.equirect import lonlat_to_pixel
from dome.errors import DomeError
from dome.maps import Maps
from dome.projection import Projection, pixel_grid
from dome.sphere import Orientation, dir_to_lonlat, lonlat_to_dir, rotate

WHITE, GREY, YELLOW = (255, 255, 255), (110, 110, 110), (255, 255, 0)
# label key -> (longitude in degrees, BGR colour): the four directions of the dome
MARKERS = {
    "front": (0.0, (60, 220, 60)),
    "right": (90.0, (40, 220, 240)),
    "back": (180.0, (60, 60, 240)),
    "left": (-90.0, (240, 140, 40)),
}
MARKER_LAT_DEG = 15.0  # the marker discs; their labels sit above them
FOCUS_STARS = ((0.0, 90.0), (0.0, 30.0), (90.0, 30.0), (180.0, 30.0), (-90.0, 30.0))  # (lon, lat) degrees
FOCUS_STAR_RADIUS_DEG = 9.0


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

    def disc(self, lon_deg: float, lat_deg: float, radius_deg: float, colour: tuple[int, int, int]) -> None:
        """A filled, anti-aliased disc of ``radius_deg`` around the content direction (lon, lat)."""
        centre = lonlat_to_dir(math.radians(lon_deg), math.radians(lat_deg)).astype(np.float32)
        angle = np.arccos(np.clip(self.dirs @ centre, -1.0, 1.0))
        self.paint(0.5 + (math.radians(radius_deg) - angle) / self.px_angle, colour)


def _width(c: _Canvas) -> float:
    return max(1.0, min(c.target.shape) / 512)


def _markers(c: _Canvas) -> None:
    """Four coloured discs above the horizon: front, right, back, left (their labels sit above them)."""
    for lon, colour in MARKERS.values():
        c.disc(lon, MARKER_LAT_DEG, 3.0, colour)


def _polar(c: _Canvas) -> None:
    w = _width(c)
    c.parallels(10, w, GREY)
    c.parallels(30, 2 * w, WHITE)
    c.meridians(30, w, GREY, max_lat_deg=80)
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
    c.parallels(90, 3 * w, YELLOW, max_lat_deg=1)
    for lon in range(-180, 180, 45):
        c.disc(lon, 0.0, 1.2, YELLOW)
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


def _focus(c: _Canvas) -> None:
    d = c.dirs
    for lon, lat in FOCUS_STARS:
        centre = lonlat_to_dir(math.radians(lon), math.radians(lat))
        near = (d @ centre.astype(np.float32)) > math.cos(math.radians(FOCUS_STAR_RADIUS_DEG))
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


PATTERNS: dict[str, Callable[[_Canvas], None]] = {
    "polar": _polar,
    "latlong": _latlong,
    "markers": _markers,
    "bars": _bars,
    "focus": _focus,
    "horizon": _horizon,
}


def draw_pattern(name: str, target: Projection, orientation: Orientation | None = None) -> np.ndarray:
    """The calibration pattern ``name`` (see :data:`PATTERNS`) as a BGR uint8 image of ``target``."""
    if name not in PATTERNS:
        raise DomeError(f"unknown pattern {name!r}; choose one of {', '.join(PATTERNS)}")
    canvas = _Canvas(target, orientation or Orientation())
    PATTERNS[name](canvas)
    return canvas.image


@dataclass(frozen=True)
class PatternLabel:
    """A label of a pattern: ``key`` (the caller translates it, e.g. ``"front"``), centred on the content
    direction ``(lon_deg, lat_deg)``, ``height_deg`` degrees of arc tall, in ``colour`` (BGR)."""

    key: str
    lon_deg: float
    lat_deg: float
    colour: tuple[int, int, int]
    height_deg: float = 4.0


def _direction_labels(lat_deg: float) -> list[PatternLabel]:
    return [PatternLabel(key, lon, lat_deg, colour) for key, (lon, colour) in MARKERS.items()]


def pattern_labels(name: str) -> tuple[PatternLabel, ...]:
    """The labels of pattern ``name``. Keys: ``front``, ``right``, ``back``, ``left``, ``zenith``,
    ``horizon`` and altitudes such as ``30°`` (digits, the same in every language)."""
    if name not in PATTERNS:
        raise DomeError(f"unknown pattern {name!r}; choose one of {', '.join(PATTERNS)}")
    if name == "polar":
        rings = [PatternLabel(f"{alt}°", 45.0, alt + 3.0, WHITE, 3.0) for alt in (0, 30, 60)]
        return (*_direction_labels(MARKER_LAT_DEG + 6), *rings, PatternLabel("zenith", 0.0, 84.0, WHITE))
    if name == "horizon":
        return (
            *_direction_labels(MARKER_LAT_DEG + 6),
            *(PatternLabel("horizon", lon, 4.5, YELLOW, 3.0) for lon in (-135, -45, 45, 135)),
        )
    if name == "focus":
        below = FOCUS_STARS[1][1] - FOCUS_STAR_RADIUS_DEG - 5.0  # under the stars, never on them
        return tuple(_direction_labels(below))
    if name == "bars":
        return tuple(_direction_labels(35.0))
    return tuple(_direction_labels(MARKER_LAT_DEG + 6))


@dataclass(frozen=True)
class LabelPlacement:
    """Where a label lands in the output image of some maps.

    ``x, y``: output pixel of the label's centre; ``right``: output pixels per degree of arc along the
    label's baseline (along the parallel, towards increasing longitude); ``up``: output pixels per degree
    towards the zenith (increasing latitude). The two need not be orthogonal (a warp mesh may shear), and
    ``right × up`` is negative where the output is mirrored (a projector flip): drawing text on these axes
    reads right on the dome either way.
    """

    label: PatternLabel
    x: float
    y: float
    right: tuple[float, float]
    up: tuple[float, float]


def _sample_grid(maps: Maps, step: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The maps every ``step`` output pixels (x, y as float64, invalid pixels at infinity)."""
    mx = maps.map_x[::step, ::step].astype(np.float64)
    my = maps.map_y[::step, ::step].astype(np.float64)
    invalid = ~maps.valid[::step, ::step]
    mx[invalid] = np.inf
    return mx, my, invalid


def _nearest_output(
    maps: Maps, grid: tuple[np.ndarray, ...], sx: float, sy: float, step: int
) -> tuple[int, int, float]:
    """Output pixel ``(x, y)`` whose sample is nearest ``(sx, sy)`` on the sample grid, and its distance."""
    mx, my, _ = grid
    dx = mx - sx
    if maps.wraps_x:
        w = maps.source_shape[1]
        with np.errstate(invalid="ignore"):  # invalid samples are at infinity
            dx = np.mod(dx + w / 2, w) - w / 2
    dist = np.abs(dx) + np.abs(my - sy)  # L1 is enough to find the nearest sample
    k = int(np.argmin(np.where(np.isfinite(dist), dist, np.inf)))
    r, c = divmod(k, dist.shape[1])
    return c * step, r * step, float(np.hypot(dx.flat[k], my.flat[k] - sy))


def _jacobian(maps: Maps, x: int, y: int) -> np.ndarray:
    """2×2 derivative of the source position by the output position at pixel ``(x, y)`` (central differences)."""
    h, w = maps.shape
    x0, x1, y0, y1 = max(x - 1, 0), min(x + 1, w - 1), max(y - 1, 0), min(y + 1, h - 1)
    dxx = float(maps.map_x[y, x1] - maps.map_x[y, x0])
    dxy = float(maps.map_x[y1, x] - maps.map_x[y0, x])
    if maps.wraps_x:
        sw = maps.source_shape[1]
        dxx, dxy = ((d + sw / 2) % sw - sw / 2 for d in (dxx, dxy))
    dyx = float(maps.map_y[y, x1] - maps.map_y[y, x0])
    dyy = float(maps.map_y[y1, x] - maps.map_y[y0, x])
    return np.array([[dxx / max(x1 - x0, 1), dxy / max(y1 - y0, 1)], [dyx / max(x1 - x0, 1), dyy / max(y1 - y0, 1)]])


def place_labels(labels: tuple[PatternLabel, ...], maps: Maps) -> list[LabelPlacement]:
    """Where each label lands in the output of ``maps`` built from an **equirect** pattern source.

    Works through whatever the maps contain (tilt, orientation, warp mesh, projector flips); labels whose
    direction the output does not show are left out.
    """
    h_src, w_src = maps.source_shape
    step = max(1, min(maps.shape) // 128)
    grid = _sample_grid(maps, step)
    placed = []
    for label in labels:
        sx, sy = lonlat_to_pixel(np.radians(label.lon_deg), np.radians(label.lat_deg), (h_src, w_src))
        x, y, dist = _nearest_output(maps, grid, float(sx), float(sy), step)
        jac = _jacobian(maps, x, y)
        if dist > 4 * step * float(np.abs(jac).max()) + 2 or abs(np.linalg.det(jac)) < 1e-12:
            continue  # not shown in this output
        fx, fy = float(x), float(y)
        for _ in range(3):  # Newton steps on the maps towards the exact sample position
            err = np.array([sx - maps.map_x[y, x], sy - maps.map_y[y, x]], dtype=np.float64)
            if maps.wraps_x:
                err[0] = (err[0] + w_src / 2) % w_src - w_src / 2
            fx, fy = np.array([x, y], dtype=np.float64) + np.linalg.solve(jac, err)
            nx, ny = int(np.clip(round(fx), 0, maps.shape[1] - 1)), int(np.clip(round(fy), 0, maps.shape[0] - 1))
            if (nx, ny) == (x, y) or not maps.valid[ny, nx]:
                break
            x, y = nx, ny
            jac = _jacobian(maps, x, y)
        inverse = np.linalg.inv(jac)
        arc = max(math.cos(math.radians(label.lat_deg)), 1e-3)  # a degree of longitude is cos(lat) degrees of arc
        right = inverse @ np.array([w_src / 360.0 / arc, 0.0])
        up = inverse @ np.array([0.0, -h_src / 180.0])
        placed.append(
            LabelPlacement(
                label, float(fx), float(fy), (float(right[0]), float(right[1])), (float(up[0]), float(up[1]))
            )
        )
    return placed

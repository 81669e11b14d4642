"""Directions on the unit sphere: longitude/latitude ↔ unit vectors, and rotations.

Directions are float arrays of shape ``(..., 3)`` holding unit vectors ``(x, y, z)`` in the frame of
:mod:`dome` (+x right, +y up, +z forward). Angles are radians.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


def as_float(a: object) -> np.ndarray:
    """``a`` as a float array: float32 stays float32 (fast map building), anything else is float64."""
    a = np.asarray(a)
    return a if a.dtype == np.float32 else a.astype(np.float64, copy=False)


def atan2(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``arctan2(y, x)`` in (-pi, pi]; float32 inputs take a fast SIMD path (``cv2.phase`` refined by one
    correction step, error ~1e-7 rad), anything else ``np.arctan2`` in float64."""
    y, x = np.broadcast_arrays(as_float(y), as_float(x))
    if y.dtype != np.float32 or x.dtype != np.float32 or y.size < 1024:
        return np.arctan2(y, x)
    a = cv2.phase(np.ascontiguousarray(x).reshape(-1, 1), np.ascontiguousarray(y).reshape(-1, 1)).reshape(y.shape)
    c, s = np.cos(a), np.sin(a)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (y * c - x * s) / (x * c + y * s)  # tan of the residual angle, |r| < 2e-4
    a += np.where(np.isfinite(r), r, np.float32(0))
    np.subtract(a, np.float32(2 * math.pi), out=a, where=a > math.pi)
    return a


def lonlat_to_dir(lon: np.ndarray | float, lat: np.ndarray | float) -> np.ndarray:
    """Unit vectors for longitude ``lon`` (0 forward, + right) and latitude ``lat`` (+ up), radians."""
    lon, lat = np.broadcast_arrays(as_float(lon), as_float(lat))
    c = np.cos(lat)
    return np.stack([c * np.sin(lon), np.sin(lat), c * np.cos(lon)], axis=-1)


def dir_to_lonlat(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude in [-pi, pi] and latitude in [-pi/2, pi/2] (radians) of directions ``d`` (any length)."""
    d = as_float(d)
    x, y, z = d[..., 0], d[..., 1], d[..., 2]
    lon = atan2(x, z)
    lat = atan2(y, np.hypot(x, z))
    return lon, lat


def normalize(d: np.ndarray) -> np.ndarray:
    """``d`` scaled to unit length along the last axis (zero vectors stay zero)."""
    n = np.linalg.norm(d, axis=-1, keepdims=True)
    return d / np.where(n > 0, n, 1.0)


def yaw_matrix(yaw: float) -> np.ndarray:
    """Rotation about +y that turns forward (+z) towards the right (+x) by ``yaw`` radians."""
    c, s = math.cos(yaw), math.sin(yaw)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def pitch_matrix(pitch: float) -> np.ndarray:
    """Rotation about +x that turns forward (+z) upwards (+y) by ``pitch`` radians."""
    c, s = math.cos(pitch), math.sin(pitch)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, s], [0.0, -s, c]])


def roll_matrix(roll: float) -> np.ndarray:
    """Rotation about +z that turns up (+y) towards the right (+x) by ``roll`` radians (clockwise as seen
    by a viewer looking forward)."""
    c, s = math.cos(roll), math.sin(roll)
    return np.array([[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]])


def rotate(d: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Apply the 3×3 rotation ``matrix`` to directions ``d`` of shape ``(..., 3)``.

    Written out component by component: numpy's matmul is slow for a 3-wide inner dimension.
    """
    m = np.asarray(matrix, dtype=np.float64)
    d = as_float(d)
    if np.array_equal(m, np.eye(3)):
        return d
    x, y, z = d[..., 0], d[..., 1], d[..., 2]
    out = np.empty(d.shape, dtype=d.dtype)
    for row in range(3):
        np.multiply(x, float(m[row, 0]), out=out[..., row])
        out[..., row] += float(m[row, 1]) * y
        out[..., row] += float(m[row, 2]) * z
    return out


@dataclass(frozen=True)
class Orientation:
    """How the content is turned in front of the viewer, in degrees (edge units).

    ``d_content = Ry(yaw) · Rpitch(pitch) · Rroll(roll) · d_view``: yaw +θ brings content at longitude +θ
    to the front, pitch +θ looks up, roll +θ turns the view clockwise.
    """

    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0

    def matrix(self) -> np.ndarray:
        """The 3×3 rotation from view directions to content directions."""
        return (
            yaw_matrix(math.radians(self.yaw_deg))
            @ pitch_matrix(math.radians(self.pitch_deg))
            @ roll_matrix(math.radians(self.roll_deg))
        )

    def inverse(self) -> np.ndarray:
        """The 3×3 rotation from content directions back to view directions."""
        return self.matrix().T

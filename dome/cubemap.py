"""Cube maps in the common "horizon" layout: six square faces in one row, F R B L U D.

Face ``k`` occupies columns ``k*n … (k+1)*n``. Each face is a 90° pinhole view; F, R, B, L look
forward, right, back and left with +y up. U looks up with the back (-z) at the top of the face, so its
bottom edge meets the top of F; D looks down with the front (+z) at the top, so its top edge meets the
bottom of F (the layout of py360convert's ``cube_format="horizon"``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dome.errors import DomeError
from dome.projection import scaled_size
from dome.sphere import as_float, normalize

FACES = "FRBLUD"

# Per face: forward, right and up unit vectors (rows), in the order of FACES.
_FORWARD = np.array([[0, 0, 1], [1, 0, 0], [0, 0, -1], [-1, 0, 0], [0, 1, 0], [0, -1, 0]], dtype=np.float64)
_RIGHT = np.array([[1, 0, 0], [0, 0, -1], [-1, 0, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0]], dtype=np.float64)
_UP = np.array([[0, 1, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0], [0, 0, -1], [0, 0, 1]], dtype=np.float64)


@dataclass(frozen=True)
class Cubemap:
    """A horizon-layout cube map with square faces of ``face`` pixels (image ``face`` × ``6*face``)."""

    face: int

    def __post_init__(self) -> None:
        if self.face < 1:
            raise DomeError(f"cube-map face size {self.face} px is impossible")

    @property
    def shape(self) -> tuple[int, int]:
        return (self.face, 6 * self.face)

    @property
    def wraps_x(self) -> bool:
        return False

    def pixel_to_dir(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = self.face
        x, y = np.broadcast_arrays(as_float(x), as_float(y))
        k = np.clip(np.floor((x + 0.5) / n), 0, 5).astype(np.intp)
        a = ((x + 0.5) - k * n) / n * 2.0 - 1.0
        b = (y + 0.5) / n * 2.0 - 1.0
        d = _FORWARD[k] + a[..., None] * _RIGHT[k] - b[..., None] * _UP[k]
        valid = (x >= -0.5) & (x <= 6 * n - 0.5) & (y >= -0.5) & (y <= n - 0.5)
        return normalize(d), valid

    def dir_to_pixel(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = as_float(d)
        n = self.face
        k = np.argmax(d @ _FORWARD.T, axis=-1)
        fwd = np.einsum("...i,...i->...", d, _FORWARD[k])
        a = np.einsum("...i,...i->...", d, _RIGHT[k]) / fwd
        b = -np.einsum("...i,...i->...", d, _UP[k]) / fwd
        x = k * n + (a + 1.0) / 2.0 * n - 0.5
        y = (b + 1.0) / 2.0 * n - 0.5
        return x, y, fwd > 0

    def mount(self) -> np.ndarray:
        return np.eye(3)

    def scaled(self, factor: float) -> Cubemap:
        return Cubemap(scaled_size(self.face, factor, "cube-map face"))

    def clamp_source(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Clamp each sample inside its own face so bilinear taps never read a neighbouring face."""
        n = self.face
        k = np.clip(np.floor((x + 0.5) / n), 0, 5)
        return np.clip(x, k * n, k * n + n - 1.0), np.clip(y, 0.0, n - 1.0)

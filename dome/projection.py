"""What every projection offers: pixel ↔ direction in its own frame, and how it is mounted.

A projection maps continuous pixel coordinates ``(x, y)`` (pixel centres at integers, see :mod:`dome`)
to unit directions in its *lens frame*, and back. ``mount()`` turns lens-frame directions into the
world frame (identity except for fisheye lenses mounted in a dome). ``sample_bounds`` says how a
source is sampled: the x range wraps for equirect images (the ±180° seam), everything else is clamped.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Projection(Protocol):
    """The interface shared by :class:`Equirect`, :class:`Fisheye`, :class:`Perspective`, :class:`Cubemap`."""

    @property
    def shape(self) -> tuple[int, int]:
        """Image shape ``(h, w)`` in pixels."""
        ...

    def pixel_to_dir(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Lens-frame unit directions ``(..., 3)`` and a validity mask for pixel coordinates."""
        ...

    def dir_to_pixel(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pixel coordinates ``x, y`` and a validity mask for lens-frame directions ``d``."""
        ...

    def mount(self) -> np.ndarray:
        """3×3 rotation from the lens frame to the world frame."""
        ...

    def scaled(self, factor: float) -> Projection:
        """The same geometry on a grid ``factor`` times as fine (0.5 = a 4:2:0 chroma plane)."""
        ...

    def clamp_source(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sample coordinates made safe for ``cv2.remap`` (in place where possible)."""
        ...

    @property
    def wraps_x(self) -> bool:
        """True when the x axis is periodic (sample with ``BORDER_WRAP``)."""
        ...


class Raster:
    """Plumbing shared by projections stored as one ``width × height`` raster that does not wrap.

    Subclasses are frozen dataclasses with ``width`` and ``height`` fields; they override what differs
    (the equirect wraps in x, a fisheye lens is mounted in a dome).
    """

    width: int
    height: int

    @property
    def shape(self) -> tuple[int, int]:
        """Image shape ``(h, w)`` in pixels."""
        return (self.height, self.width)

    @property
    def wraps_x(self) -> bool:
        """False: the x axis is clamped at the image edges."""
        return False

    def mount(self) -> np.ndarray:
        """Identity: the lens frame is the world frame."""
        return np.eye(3)

    def clamp_source(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Clamp sample coordinates to the first/last pixel centres."""
        return np.clip(x, 0.0, self.width - 1.0), np.clip(y, 0.0, self.height - 1.0)


def pixel_grid(shape: tuple[int, int], dtype: type = np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Broadcastable pixel-centre coordinates ``x (1, w)`` and ``y (h, 1)`` for an image of ``shape``."""
    h, w = shape
    return np.arange(w, dtype=dtype)[None, :], np.arange(h, dtype=dtype)[:, None]


def scaled_size(n: int, factor: float, what: str) -> int:
    """``n * factor`` as an integer, refusing factors that do not give whole pixels."""
    value = n * factor
    if abs(value - round(value)) > 1e-9 or round(value) < 1:
        from dome.errors import DomeError

        raise DomeError(f"{what} {n} px cannot be scaled by {factor} to whole pixels")
    return int(round(value))

"""Spherical-mirror projection (Paul Bourke's single projector + mirror dome set-up).

Frame: the dome's world frame of :mod:`dome` in metres, the dome sphere centred at the origin with the
spring line at ``y = 0``. A projector at ``projector_m`` aims at the centre of a mirror sphere; each
projector pixel's ray reflects off the mirror and lands on the dome. The point it lands on, seen from
the dome centre, is a direction of the domemaster; so the mirror is a pixel warp from projector pixels to
domemaster pixels (plus a gain), applied in front of any map like a warp mesh, and exportable as one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dome.errors import DomeError
from dome.fisheye import Fisheye
from dome.projection import scaled_size
from dome.sphere import normalize, rotate


@dataclass(frozen=True)
class SphericalMirror:
    """Geometry of a mirror dome set-up; lengths in metres, the projector frame ``width × height`` px.

    Attributes:
        dome_radius_m: radius of the dome sphere.
        mirror_radius_m: radius of the spherical mirror.
        mirror_m: mirror centre ``(x, y, z)``.
        projector_m: projector lens position; it aims at the mirror centre with +y up.
        throw: throw ratio (distance / image width), e.g. 3.5 (a long-throw lens that just frames the mirror).
        lens_shift: vertical lens offset as a fraction of the image height (+ moves the image up).
        fov_deg: field of view of the domemaster the mirror shows.
    """

    width: int
    height: int
    dome_radius_m: float = 2.5
    mirror_radius_m: float = 0.3
    mirror_m: tuple[float, float, float] = (0.0, -0.2, 2.1)
    projector_m: tuple[float, float, float] = (0.0, 0.3, 0.4)
    throw: float = 3.5
    lens_shift: float = 0.0
    fov_deg: float = 180.0

    def __post_init__(self) -> None:
        if min(self.dome_radius_m, self.mirror_radius_m, self.throw) <= 0:
            raise DomeError("dome radius, mirror radius and throw ratio must be positive")
        for name, point in (("mirror", self.mirror_m), ("projector", self.projector_m)):
            if np.linalg.norm(point) >= self.dome_radius_m:
                raise DomeError(f"the {name} position {point} m is outside the dome")
        if np.linalg.norm(np.subtract(self.mirror_m, self.projector_m)) <= self.mirror_radius_m:
            raise DomeError("the projector is inside the mirror")

    @property
    def shape(self) -> tuple[int, int]:
        return (self.height, self.width)

    def scaled(self, factor: float) -> SphericalMirror:
        w = scaled_size(self.width, factor, "projector width")
        h = scaled_size(self.height, factor, "projector height")
        return SphericalMirror(
            w,
            h,
            self.dome_radius_m,
            self.mirror_radius_m,
            self.mirror_m,
            self.projector_m,
            self.throw,
            self.lens_shift,
            self.fov_deg,
        )

    def key(self) -> str:
        return repr(self)

    def projector_rays(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Unit world directions of the rays through projector pixels ``x, y``."""
        origin = np.asarray(self.projector_m, np.float64)
        forward = normalize(np.asarray(self.mirror_m, np.float64) - origin)
        right = normalize(np.cross([0.0, 1.0, 0.0], forward))
        up = np.cross(forward, right)
        f = self.width * self.throw
        a = (np.asarray(x, np.float64) - (self.width - 1) / 2.0) / f
        b = -(np.asarray(y, np.float64) - (self.height - 1) / 2.0) / f + self.lens_shift * self.height / f
        a, b = np.broadcast_arrays(a, b)
        return normalize(forward + a[..., None] * right + b[..., None] * up)

    def dome_points(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where the rays of projector pixels land: dome points (m), total path length (m), validity."""
        origin = np.asarray(self.projector_m, np.float64)
        centre = np.asarray(self.mirror_m, np.float64)
        d = self.projector_rays(x, y)
        oc = origin - centre
        b = d @ oc
        disc = b * b - (oc @ oc - self.mirror_radius_m**2)
        hit = disc >= 0
        t = -b - np.sqrt(np.where(hit, disc, 0.0))
        p = origin + t[..., None] * d
        n = (p - centre) / self.mirror_radius_m
        r = d - 2.0 * np.sum(d * n, axis=-1, keepdims=True) * n
        b2 = np.sum(r * p, axis=-1)
        s = -b2 + np.sqrt(np.maximum(b2 * b2 - (np.sum(p * p, axis=-1) - self.dome_radius_m**2), 0.0))
        q = p + s[..., None] * r
        valid = hit & (t > 0)
        return q, t + s, valid

    def to_intermediate(
        self, x: np.ndarray, y: np.ndarray, shape: tuple[int, int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Domemaster pixel coordinates (a ``shape`` domemaster of ``fov_deg``), gain and validity.

        The gain ``(L / L_max)²`` evens out the inverse-square fall-off along the light path ``L`` (an
        approximation that ignores the mirror's varying divergence).
        """
        q, length, valid = self.dome_points(x, y)
        dome = Fisheye(shape[1], shape[0], fov_deg=self.fov_deg)
        lens = rotate(normalize(q), dome.mount().T)
        ix, iy, inside = dome.dir_to_pixel(lens)
        valid = valid & inside
        longest = float(length[valid].max()) if valid.any() else 1.0
        gain = np.where(valid, (length / longest) ** 2, 0.0)
        return ix, iy, gain, valid

    def coverage(self, shape: tuple[int, int] = (64, 64)) -> float:
        """Fraction of the domemaster disc area the mirror covers (a quick sanity figure)."""
        ys, xs = np.mgrid[0 : self.height : 4, 0 : self.width : 4]
        ix, iy, _, valid = self.to_intermediate(xs.astype(float), ys.astype(float), shape)
        seen = np.zeros(shape, bool)
        seen[np.clip(iy[valid].astype(int), 0, shape[0] - 1), np.clip(ix[valid].astype(int), 0, shape[1] - 1)] = True
        return float(seen.sum()) / (math.pi * shape[0] * shape[1] / 4)

"""The projector image: one renderer behind the projector, the console preview and the ``--profile`` CLI.

:class:`ProjectorRenderer` turns a source frame into the RGB image (``(h, w, 3)`` uint8) the projector
shows, through a :class:`~kiosk.show.calibration.Geometry`:

* **video** (:meth:`render_yuv`): the Y, U and V planes of a 4:2:0 frame are warped as they are (no RGB
  conversion of the 4K source), the picture settings are applied to the warped planes (brightness, gamma
  and fade as a lookup table on luma; chroma pulled towards grey by the fade), then one I420 → RGB
  conversion (BT.601 coefficients, OpenCV's) of the projector-sized image;
* **stills and patterns** (:meth:`render_bgr`): a BGR image is warped, the same curve is applied per
  channel;
* a mesh or mirror **gain** multiplies the result; **pattern labels** (:mod:`kiosk.show.labels`) are
  painted last, so they stay sharp.

A preview geometry (smaller than the projector) is rendered small and upsampled to the projector's size,
so the output never changes size while a slider moves. Buffers are reused: the returned array is
overwritten by the next call unless the caller passes its own ``out``.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from dome import Warper
from dome.patterns import pattern_labels, place_labels
from dome.pipeline import i420_planes
from dome.warper import YuvWarper
from kiosk.show.calibration import Geometry, chroma_maps
from kiosk.show.labels import LabelSprite, blend_sprites, label_sprites


@dataclass(frozen=True)
class Look:
    """Picture settings: ``brightness`` (×, 1 = unchanged), ``gamma`` (> 1 lifts mid-tones), ``fade``
    (1 = full picture, 0 = black: the fade to black)."""

    brightness: float = 1.0
    gamma: float = 1.0
    fade: float = 1.0


def tone_curve(look: Look) -> np.ndarray:
    """uint8 lookup table 0…255 → 0…255 of ``look`` for full-range values (RGB)."""
    x = np.arange(256, dtype=np.float64) / 255.0
    y = np.clip(x ** (1.0 / look.gamma) * look.brightness * look.fade, 0.0, 1.0)
    return np.round(y * 255.0).astype(np.uint8)


def luma_curve(look: Look) -> np.ndarray:
    """The same curve for video luma (limited range: black 16, white 235)."""
    x = np.clip((np.arange(256, dtype=np.float64) - 16.0) / 219.0, 0.0, 1.0)
    y = np.clip(x ** (1.0 / look.gamma) * look.brightness * look.fade, 0.0, 1.0)
    return np.round(16.0 + 219.0 * y).astype(np.uint8)


def chroma_curve(look: Look) -> np.ndarray:
    """Chroma pulled towards grey (128) as the picture fades."""
    x = np.arange(256, dtype=np.float64)
    return np.round(128.0 + (x - 128.0) * min(1.0, look.fade)).astype(np.uint8)


class ProjectorRenderer:
    """Renders frames through one geometry (swap it with :meth:`set_geometry`); not thread-safe: one
    thread renders (the output back end's worker, or the CLI)."""

    def __init__(self, geometry: Geometry, look: Look | None = None, pattern: str | None = None, language: str = "fr"):
        self.look = look or Look(geometry.profile.brightness, geometry.profile.gamma)  # the profile's own
        self.pattern = pattern
        self.language = language
        self._geometry: Geometry | None = None
        self._sprites: list[LabelSprite] = []
        self.set_geometry(geometry)

    @property
    def geometry(self) -> Geometry:
        assert self._geometry is not None
        return self._geometry

    @property
    def output_shape(self) -> tuple[int, int]:
        """Shape ``(h, w)`` of the images returned: always the projector's, also for preview geometries."""
        p = self.geometry.profile
        return (p.projector_height, p.projector_width)

    def set_geometry(self, geometry: Geometry) -> None:
        """Use ``geometry`` from now on (warpers built here: ~10–30 ms at full size)."""
        if self._geometry is not None:
            self.close()
        self._geometry = geometry
        prefilter = 1 if geometry.preview else None  # no anti-aliasing pass while a slider moves
        self._bgr = Warper(geometry.luma, prefilter=prefilter)
        self._yuv: YuvWarper | None = None
        h, w = geometry.shape
        self._i420 = np.empty((h * 3 // 2, w), np.uint8)
        self._planes = i420_planes(self._i420, h, w)
        for plane, value in zip(self._planes, (16, 128, 128)):
            plane[...] = value
        self._rgb = np.zeros((h, w, 3), np.uint8)
        self._gain3 = None if geometry.gain is None else cv2.merge([geometry.gain] * 3)
        self.set_pattern(self.pattern, self.language)

    def set_pattern(self, pattern: str | None, language: str) -> None:
        """Pattern labels to paint (``None``: a show, no labels), in ``language``."""
        self.pattern, self.language = pattern, language
        self._sprites = []
        if pattern is not None and self.geometry.source.projection == "equirect":
            placements = place_labels(pattern_labels(pattern), self.geometry.luma)
            self._sprites = label_sprites(placements, self.geometry.shape, language)

    def render_yuv(self, y: np.ndarray, u: np.ndarray, v: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The projector image of one 4:2:0 frame (planes of the geometry's source size)."""
        if self._yuv is None:
            self._yuv = YuvWarper(self.geometry.luma, chroma_maps(self.geometry))
        py, pu, pv = self._planes
        assert self._yuv is not None
        self._yuv.warp(y, u, v, out=self._planes, fill_outside=False)
        cv2.LUT(py, luma_curve(self.look), dst=py)
        if self.look.fade < 1.0:
            curve = chroma_curve(self.look)
            cv2.LUT(pu, curve, dst=pu)
            cv2.LUT(pv, curve, dst=pv)
        cv2.cvtColor(self._i420, cv2.COLOR_YUV2RGB_I420, dst=self._rgb)
        return self._finish(out)

    def render_bgr(self, image: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The projector image of a BGR still or pattern (of the geometry's source size)."""
        warped = self._bgr.warp(image)
        cv2.cvtColor(warped, cv2.COLOR_BGR2RGB, dst=self._rgb)
        cv2.LUT(self._rgb, tone_curve(self.look), dst=self._rgb)
        return self._finish(out)

    def render_black(self, out: np.ndarray | None = None) -> np.ndarray:
        """Black: a show ended, nothing chosen yet, or faded out."""
        self._rgb[...] = 0
        return self._finish(out)

    def _finish(self, out: np.ndarray | None) -> np.ndarray:
        rgb = self._rgb
        if self._gain3 is not None:
            cv2.multiply(rgb, self._gain3, dst=rgb, dtype=cv2.CV_8U)
        if self._sprites:
            blend_sprites(rgb, self._sprites, self.look.fade)
        oh, ow = self.output_shape
        if rgb.shape[:2] == (oh, ow):
            if out is None:
                return rgb
            out[...] = rgb
            return out
        if out is None:
            out = np.empty((oh, ow, 3), np.uint8)
        return cv2.resize(rgb, (ow, oh), dst=out, interpolation=cv2.INTER_LINEAR)

    def close(self) -> None:
        self._bgr.close()
        if self._yuv is not None:
            self._yuv.close()

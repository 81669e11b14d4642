"""The viewer's CPU path: a perspective view of an equirectangular picture or 4:2:0 video frame (no Qt).

The dome core builds the inverse maps (``dome.Mapping`` equirect → perspective, :func:`dome.build_maps`);
:class:`PerspectiveWarp` samples them with ``cv2.remap`` (float maps, bilinear, ``BORDER_WRAP`` across the
±180° seam; OpenCV splits each remap over its own threads). Two things keep a turning view cheap:

* **A turn is a shift.** Yaw rotates the sphere about its vertical axis, i.e. adds the same longitude to
  every direction: the maps of yaw ``a`` are the maps of yaw 0 with ``a / 360 · width`` added to ``map_x``
  (``tests/ui/test_dome_viewer.py`` checks it against :func:`dome.build_maps`). Maps are built only when
  the pitch, the zoom, the view's size or the source's size change; a sideways drag or coast reuses them.
* **Video stays in YUV.** A frame's Y plane is warped with the luma maps and its U and V planes with the
  same geometry at half size (``mapping.scaled(0.5)``, as :class:`dome.yuv.YuvWarper`), into one I420
  buffer of the view's size, converted to BGR once (``cv2.cvtColor``, BT.601 limited range, as the dome's
  CPU renderer): no conversion of the whole 360° frame. Pictures are warped in BGR directly.

The view is rendered at an even size (4:2:0 needs it) and cut to the asked one. Figures: ``docs/vr.md``.
"""

from __future__ import annotations

import cv2
import numpy as np

from dome import Equirect, Mapping, Orientation, Perspective, build_maps
from kiosk.look import LookState


def even(n: int) -> int:
    return max(2, n + (n % 2))


class PerspectiveWarp:
    """Renders :class:`~kiosk.look.LookState` views of one source at a time; keeps its last maps."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._luma: tuple[np.ndarray, np.ndarray] | None = None
        self._chroma: tuple[np.ndarray, np.ndarray] | None = None
        self._mapping: Mapping | None = None
        self.builds = 0  # how many times maps were built (tests: a sideways turn builds none)

    @staticmethod
    def mapping(source_w: int, source_h: int, state: LookState, width: int, height: int) -> Mapping:
        """The dome core's mapping of a view (its yaw included: the GPU path and the tests use it as is)."""
        return Mapping(
            Equirect(source_w, source_h),
            Perspective(width, height, state.hfov_deg),
            Orientation(state.yaw_deg, state.pitch_deg, 0.0),
        )

    def _maps(self, source_w: int, source_h: int, state: LookState, width: int, height: int, chroma: bool) -> None:
        key = (source_w, source_h, state.pitch_deg, state.hfov_deg, width, height)
        if key != self._key:
            level = LookState(0.0, state.pitch_deg, state.hfov_deg)  # yaw 0: a turn shifts these maps
            self._mapping = self.mapping(source_w, source_h, level, width, height)
            maps = build_maps(self._mapping)
            self._luma = (np.asarray(maps.map_x, np.float32), np.asarray(maps.map_y, np.float32))
            self._chroma, self._key = None, key
            self.builds += 1
        if chroma and self._chroma is None:
            assert self._mapping is not None
            half = build_maps(self._mapping.scaled(0.5))
            self._chroma = (np.asarray(half.map_x, np.float32), np.asarray(half.map_y, np.float32))

    @staticmethod
    def _remap(plane: np.ndarray, maps: tuple[np.ndarray, np.ndarray], shift: float, dst: np.ndarray | None = None):
        map_x = maps[0] + np.float32(shift) if shift else maps[0]
        return cv2.remap(plane, map_x, maps[1], cv2.INTER_LINEAR, dst=dst, borderMode=cv2.BORDER_WRAP)

    def bgr(self, image: np.ndarray, state: LookState, width: int, height: int) -> np.ndarray:
        """The ``width × height`` view of a BGR equirectangular picture."""
        sh, sw = image.shape[:2]
        ew, eh = even(width), even(height)
        self._maps(sw, sh, state, ew, eh, chroma=False)
        assert self._luma is not None
        out = self._remap(image, self._luma, state.yaw_deg / 360.0 * sw)
        return np.ascontiguousarray(out[:height, :width])

    def yuv420(
        self, y: np.ndarray, u: np.ndarray, v: np.ndarray, state: LookState, width: int, height: int
    ) -> np.ndarray:
        """The ``width × height`` view (BGR) of a 4:2:0 frame: ``y`` ``(h, w)``, ``u`` and ``v`` ``(h/2, w/2)``."""
        sh, sw = y.shape
        ew, eh = even(width), even(height)
        self._maps(sw, sh, state, ew, eh, chroma=True)
        assert self._luma is not None and self._chroma is not None
        buffer = np.empty(ew * eh * 3 // 2, np.uint8)  # I420: Y, then U, then V
        quarter = (eh // 2) * (ew // 2)
        oy = buffer[: ew * eh].reshape(eh, ew)
        ou = buffer[ew * eh : ew * eh + quarter].reshape(eh // 2, ew // 2)
        ov = buffer[ew * eh + quarter :].reshape(eh // 2, ew // 2)
        turn = state.yaw_deg / 360.0
        self._remap(y, self._luma, turn * sw, oy)
        self._remap(u, self._chroma, turn * u.shape[1], ou)
        self._remap(v, self._chroma, turn * v.shape[1], ov)
        out = cv2.cvtColor(buffer.reshape(eh * 3 // 2, ew), cv2.COLOR_YUV2BGR_I420)
        return out if (ew, eh) == (width, height) else np.ascontiguousarray(out[:height, :width])

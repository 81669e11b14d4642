"""The GPU back end on screen: a ``QOpenGLWidget`` that draws the dome renderer's picture.

Put it in the projector window (full screen on the projector's display) or in the console's preview;
it letterboxes the output image to keep its aspect ratio (black around). Everything may be set before
the widget is shown: the latest frame and geometry are kept and uploaded when its GL context exists.
Each ``set_*`` call makes the widget's context current, uploads, and schedules a repaint (``update()``);
call them from the GUI thread (decode on a worker, hand the planes over with a queued signal).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from dome import Mapping, Maps
from kiosk.ui.output import gl_api as glc
from kiosk.ui.output.gl_api import GlApi, GlError
from kiosk.ui.output.gl_context import surface_format
from kiosk.ui.output.gl_renderer import GlDomeRenderer


def letterbox(out_w: int, out_h: int, area_w: int, area_h: int) -> tuple[int, int, int, int]:
    """The largest ``(x, y, w, h)`` with the aspect ratio ``out_w : out_h`` centred in ``area_w × area_h``."""
    scale = min(area_w / out_w, area_h / out_h)
    w, h = max(1, round(out_w * scale)), max(1, round(out_h * scale))
    return (area_w - w) // 2, (area_h - h) // 2, w, h


class GlDomeWidget(QOpenGLWidget):
    """Shows a :class:`GlDomeRenderer` picture; ``failed`` carries the driver's message if GL breaks."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFormat(surface_format())
        self.renderer: GlDomeRenderer | None = None
        self.error: str | None = None
        self.blank = False  # black instead of the picture (a show ended, nothing chosen)
        self.draw_ms = 0.0  # how long the last paintGL took on the CPU (GL calls issued, not GPU time)
        self._frame: Callable[[GlDomeRenderer], None] | None = None
        self._geometry: Callable[[GlDomeRenderer], None] | None = None
        self._colour: dict[str, Callable[[GlDomeRenderer], None]] = {}

    # --- what to show -------------------------------------------------------------------------
    def set_yuv420(self, y: np.ndarray, u: np.ndarray, v: np.ndarray) -> None:
        """Show a decoded 4:2:0 frame (uint8 planes; see :meth:`GlDomeRenderer.set_yuv420`)."""
        self._frame = lambda r: r.set_yuv420(y, u, v)
        self._apply(self._frame)

    def set_nv12(self, y: np.ndarray, uv: np.ndarray) -> None:
        """Show an NV12 frame from a hardware decoder (see :meth:`GlDomeRenderer.set_nv12`)."""
        self._frame = lambda r: r.set_nv12(y, uv)
        self._apply(self._frame)

    def set_bgr(self, image: np.ndarray) -> None:
        """Show a BGR still."""
        self._frame = lambda r: r.set_bgr(image)
        self._apply(self._frame)

    def set_maps(self, maps: Maps, gain: np.ndarray | None = None) -> None:
        """Geometry from the core's exact maps (meshes, mirrors); ``gain`` when kept apart from them."""
        self._geometry = lambda r: r.set_maps(maps, gain)
        self._apply(self._geometry)

    def set_mapping(self, mapping: Mapping) -> None:
        """Geometry computed in the shader: the live-calibration path (a new tilt is a uniform)."""
        self._geometry = lambda r: r.set_mapping(mapping)
        self._apply(self._geometry)

    def set_colour(self, matrix: str = "bt601", full_range: bool = False) -> None:
        """The frames' YUV matrix and range, as the decoder reports them."""
        self._remember("matrix", lambda r: r.set_colour(matrix, full_range))

    def set_blank(self, blank: bool) -> None:
        """Show black (True) or the picture (False)."""
        if blank != self.blank:
            self.blank = blank
            self.update()

    def set_overlay_dim(self, dim: float) -> None:
        """Only the overlay's dimming (the fade), without uploading it again."""
        self._remember("overlay_dim", lambda r: r.set_overlay_dim(dim))

    def set_curves(self, rgb: np.ndarray | None = None, luma: np.ndarray | None = None, chroma: float = 1.0) -> None:
        """Brightness, gamma and fade as curves (see :meth:`GlDomeRenderer.set_curves`)."""
        self._remember("curves", lambda r: r.set_curves(rgb, luma, chroma))

    def set_overlay(self, rgba: np.ndarray | None, dim: float = 1.0) -> None:
        """Labels painted on top of the picture (see :meth:`GlDomeRenderer.set_overlay`)."""
        self._colour.pop("overlay_dim", None)
        self._remember("overlay", lambda r: r.set_overlay(rgba, dim))

    def set_output_transform(self, rotate_deg: int = 0, flip_h: bool = False, flip_v: bool = False) -> None:
        """The projector's rotation and flips (see :meth:`GlDomeRenderer.set_output_transform`)."""
        self._remember("transform", lambda r: r.set_output_transform(rotate_deg, flip_h, flip_v))

    def grab_bgr(self) -> np.ndarray:
        """What the widget shows now, as a BGR array (the console preview, screenshots, tests)."""
        image = self.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB888)
        h, w, stride = image.height(), image.width(), image.bytesPerLine()
        rgb = np.frombuffer(image.constBits(), np.uint8, count=stride * h).reshape(h, stride)[:, : 3 * w]
        return np.ascontiguousarray(rgb.reshape(h, w, 3)[..., ::-1])

    # --- QOpenGLWidget ------------------------------------------------------------------------
    def initializeGL(self) -> None:  # noqa: N802 - Qt API
        context = self.context()
        try:
            self.renderer = GlDomeRenderer(GlApi(lambda name: context.getProcAddress(name)), context.isOpenGLES())
            for step in [*self._colour.values(), self._frame, self._geometry]:
                if step is not None:
                    step(self.renderer)
        except GlError as exc:
            self._fail(str(exc))

    def paintGL(self) -> None:  # noqa: N802 - Qt API
        if self.renderer is None:
            return
        gl = self.renderer.gl
        ratio = self.devicePixelRatioF()
        area_w, area_h = round(self.width() * ratio), round(self.height() * ratio)
        gl.glViewport(0, 0, area_w, area_h)
        gl.glClearColor(0.0, 0.0, 0.0, 1.0)
        gl.glClear(glc.COLOR_BUFFER_BIT)
        renderer = self.renderer
        if self.blank or renderer.output_shape is None or renderer.source_shape is None:
            return
        out_h, out_w = renderer.output_shape
        started = time.perf_counter()
        try:
            renderer.draw(letterbox(out_w, out_h, area_w, area_h))
            self.draw_ms = (time.perf_counter() - started) * 1000.0
        except GlError as exc:
            self._fail(str(exc))

    def release(self) -> None:
        """Free the GL objects (call before the widget is destroyed)."""
        if self.renderer is not None and self.context() is not None:
            self.makeCurrent()
            self.renderer.release()
            self.doneCurrent()
        self.renderer = None

    # --- internals ----------------------------------------------------------------------------
    def _remember(self, kind: str, step: Callable[[GlDomeRenderer], None]) -> None:
        self._colour[kind] = step  # the latest of each kind is enough
        self._apply(step)

    def _apply(self, step: Callable[[GlDomeRenderer], None]) -> None:
        if self.renderer is None:
            return
        self.makeCurrent()
        try:
            step(self.renderer)
        except GlError as exc:
            self._fail(str(exc))
        finally:
            self.doneCurrent()
        self.update()

    def _fail(self, message: str) -> None:
        self.error = message
        self.renderer = None
        self.failed.emit(message)

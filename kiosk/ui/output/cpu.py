"""The CPU back end: a worker thread renders with :class:`~kiosk.show.render.ProjectorRenderer`, a widget
paints the result as a ``QImage`` (see :mod:`kiosk.ui.output.backend` for the interface).

The GUI thread only hands frames over (latest wins) and paints finished images; warping, colour
conversion and labels happen on the worker, which writes into three rotating RGB buffers (never the
one on screen). The widget letterboxes the image when the window is not the projector's size (the
rehearsal window), so it always shows the projector's whole picture.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np
import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.show.calibration import Geometry
from kiosk.show.render import Look, ProjectorRenderer
from kiosk.show.station import SourceFrame
from kiosk.ui.output.backend import BackendStats, Presented, newer

BUFFERS = 3


class ImageSurface(QWidget):
    """Paints one ``QImage`` scaled to fit (aspect kept) on black."""

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.image: QImage | None = None

    def show_image(self, image: QImage) -> None:
        self.image = image
        self.repaint()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0))
        if self.image is not None and not self.image.isNull():
            w, h = self.width(), self.height()
            scale = min(w / self.image.width(), h / self.image.height())
            dw, dh = self.image.width() * scale, self.image.height() * scale
            target = QRectF((w - dw) / 2, (h - dh) / 2, dw, dh)
            if abs(scale - 1.0) > 1e-3:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        painter.end()


class CpuBackend(QObject):
    """Renders on a worker thread, paints on the GUI thread (see the module docstring)."""

    name = "cpu"
    _ready = Signal()

    def __init__(self, language: str = "fr") -> None:
        super().__init__()
        self.on_presented: Callable[[Presented], None] | None = None
        self._surface = ImageSurface()
        self._cond = threading.Condition()
        self._geometry: Geometry | None = None
        self._frame: SourceFrame | None = None  # the newest frame handed over
        self._look, self._pattern, self._language = Look(), None, language
        self._dirty = False
        self._closed = False
        self._buffers: list[np.ndarray] = []
        self._on_screen = -1
        self._finished: tuple[int, QImage, Presented] | None = None
        self._rendered = self._dropped = 0
        self._render_ms = self._paint_ms = 0.0
        self._ready.connect(self._present)
        self._thread = threading.Thread(target=self._run, name="dome-cpu-render", daemon=True)
        self._thread.start()

    # --- the interface -----------------------------------------------------------------------------
    def surface(self) -> QWidget:
        return self._surface

    def set_geometry(self, geometry: Geometry) -> None:
        with self._cond:
            if self._geometry is None or newer(geometry, self._geometry):
                self._geometry = geometry
                self._dirty = True
                self._cond.notify()

    def set_look(self, look: Look, pattern: str | None, language: str) -> None:
        with self._cond:
            if (look, pattern, language) != (self._look, self._pattern, self._language):
                self._look, self._pattern, self._language = look, pattern, language
                self._dirty = True
                self._cond.notify()

    def show_frame(self, frame: SourceFrame) -> None:
        with self._cond:
            if self._dirty and self._frame is not None and self._frame.planes is not None:
                self._dropped += 1  # the previous video frame was never drawn
            self._frame = frame
            self._dirty = True
            self._cond.notify()

    def latency_s(self) -> float:
        return (self._render_ms + self._paint_ms) / 1000.0  # render, then one paint

    def last_image(self) -> np.ndarray | None:
        index = self._on_screen
        return self._buffers[index] if 0 <= index < len(self._buffers) else None

    def stats(self) -> BackendStats:
        return BackendStats(self._rendered, self._dropped, self._render_ms, self._paint_ms)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout=5)

    # --- the worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        renderer: ProjectorRenderer | None = None
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._dirty or self._closed)
                if self._closed:
                    break
                self._dirty = False
                geometry, frame = self._geometry, self._frame
                look, pattern, language = self._look, self._pattern, self._language
            if geometry is None or frame is None:
                continue
            if frame.source is not None and frame.source != geometry.source:
                continue  # wait for the geometry of this source; the last image stays up
            started = time.perf_counter()
            if renderer is None:
                renderer = ProjectorRenderer(geometry, look, pattern, language)
            elif renderer.geometry is not geometry:
                renderer.set_geometry(geometry)
            renderer.look = look
            if (renderer.pattern, renderer.language) != (pattern, language):
                renderer.set_pattern(pattern, language)
            self._render(renderer, frame, geometry, started)
        if renderer is not None:
            renderer.close()

    def _render(self, renderer: ProjectorRenderer, frame: SourceFrame, geometry: Geometry, started: float) -> None:
        oh, ow = renderer.output_shape
        if not self._buffers or self._buffers[0].shape[:2] != (oh, ow):
            self._buffers = [np.zeros((oh, ow, 3), np.uint8) for _ in range(BUFFERS)]
        with self._cond:
            pending = self._finished[0] if self._finished is not None else -1
        index = next(k for k in range(BUFFERS) if k not in (self._on_screen, pending))
        out = self._buffers[index]
        if frame.planes is not None:
            renderer.render_yuv(frame.planes.y, frame.planes.u, frame.planes.v, out=out)
        elif frame.image is not None:
            renderer.render_bgr(frame.image, out=out)
        else:
            renderer.render_black(out=out)
        image = QImage(out.data, ow, oh, 3 * ow, QImage.Format.Format_RGB888)
        elapsed = (time.perf_counter() - started) * 1000.0
        self._render_ms = elapsed if self._rendered == 0 else 0.8 * self._render_ms + 0.2 * elapsed
        self._rendered += 1
        pts = frame.pts_s if frame.planes is not None else None
        with self._cond:
            self._finished = (index, image, Presented(pts, geometry.version, geometry.preview, 0.0))
        self._ready.emit()

    def _present(self) -> None:
        """GUI thread: put the newest finished image on screen (nothing once closed or the window is gone:
        an image finished just before :meth:`close` arrives through the event queue afterwards)."""
        with self._cond:
            finished, self._finished = self._finished, None
        if finished is None or self._closed or not shiboken6.isValid(self._surface):
            return
        index, image, info = finished
        self._on_screen = index
        started = time.perf_counter()
        self._surface.show_image(image)
        now = time.perf_counter()
        self._paint_ms = 0.8 * self._paint_ms + 0.2 * (now - started) * 1000.0
        if self.on_presented is not None:
            self.on_presented(Presented(info.pts_s, info.geometry_version, info.preview, now))

"""The GPU back end of the projector output: :class:`GpuBackend`, the :class:`OutputBackend` interface on OpenGL.

The CPU only decodes: each frame's Y, U, V planes are uploaded as textures and the fragment shader does
the YUV → RGB conversion, the warp through the geometry's maps, brightness/gamma/fade, the mesh gain and
the pattern labels (:mod:`kiosk.ui.output.gl_renderer`), at the projector's refresh in the output window's
:class:`~kiosk.ui.output.gl_widget.GlDomeWidget`. Same inputs as :class:`kiosk.ui.output.cpu.CpuBackend`
(a :class:`~kiosk.show.calibration.Geometry`, a :class:`~kiosk.show.render.Look`, source frames), same
picture (``tests/ui/test_gl_backend.py`` compares them).

Two geometry modes (:mod:`kiosk.ui.output.gl_renderer`):

* **analytic** — :meth:`GpuBackend.set_analytic` takes a :class:`~kiosk.show.calibration.AnalyticGeometry`
  (a profile without a mesh or mirror): the projection is computed in the shader from its parameters and
  the projector's rotation and flips are the output transform, so a tilt, yaw or field-of-view change is
  a few uniforms — no maps are built or uploaded. The maps geometry of the same request that follows
  (``set_geometry``, built once the slider rests) only places the pattern labels; until it comes, the
  labels of an older geometry are hidden rather than shown in the wrong place.
* **maps** — ``set_geometry`` with no analytic geometry of that request (a mesh or mirror profile): the
  core's exact maps (flips folded in) and the mesh gain are uploaded as textures.

GL work happens on the GUI thread (the widget's context). :meth:`GpuBackend.set_geometry` and
:meth:`~GpuBackend.set_analytic` may be called from other threads (the map builders, the pattern drawer):
they keep the newest and a signal applies it on the GUI thread (at once when called there).
:func:`choose_backend` is how the console picks: the GPU back end when :func:`~.gl_context.probe` finds
a hardware OpenGL 3.3 context, else the CPU one, and a message that says which; ``KIOSK_DOME_RENDER``
(``cpu``, ``gpu``) overrides the choice.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.errors import Message
from kiosk.show.calibration import AnalyticGeometry, Geometry, SourceKind
from kiosk.show.render import Look, luma_curve, tone_curve
from kiosk.show.station import SourceFrame
from kiosk.ui.output.backend import BackendStats, OutputBackend, Presented, newer
from kiosk.ui.output.gl_context import NO_GL_WIDGETS, GlCapability, probe
from kiosk.ui.output.gl_framebuffer import Framebuffer
from kiosk.ui.output.gl_widget import GlDomeWidget

PREVIEW_SIDE = 768  # longest side of the image :meth:`GpuBackend.last_image` reads back
RENDER_ENV = "KIOSK_DOME_RENDER"  # "cpu" or "gpu" overrides choose_backend (anything else: automatic)


def label_overlay(geometry: Geometry, pattern: str | None, language: str) -> np.ndarray | None:
    """The pattern's labels as an RGBA image of the geometry's size (None: no labels), placed as the CPU
    renderer places them (:mod:`kiosk.show.labels`)."""
    if pattern is None or geometry.source.projection != "equirect":
        return None
    from dome.patterns import pattern_labels, place_labels
    from kiosk.show.labels import label_sprites

    sprites = label_sprites(place_labels(pattern_labels(pattern), geometry.luma), geometry.shape, language)
    overlay = np.zeros(geometry.shape + (4,), np.uint8)
    for sprite in sprites:
        h, w = sprite.alpha.shape
        view = overlay[sprite.y0 : sprite.y0 + h, sprite.x0 : sprite.x0 + w]
        alpha = np.rint(np.clip(sprite.alpha, 0, 1) * 255).astype(np.uint8)
        more = alpha > view[..., 3]
        view[more, :3] = sprite.colour
        view[more, 3] = alpha[more]
    return overlay


class GpuBackend(QObject):
    """The projector output drawn by the GPU (see the module docstring)."""

    name = "gpu"
    _geometry_waiting = Signal()

    def __init__(self, language: str = "fr") -> None:
        super().__init__()
        self.on_presented: Callable[[Presented], None] | None = None
        self.widget = GlDomeWidget()
        self.widget.frameSwapped.connect(self._swapped)
        self._lock = threading.Lock()
        self._newest: Geometry | None = None  # handed over by any thread
        self._newest_analytic: AnalyticGeometry | None = None  # handed over by any thread
        self._geometry: Geometry | None = None  # the newest maps geometry taken (maps mode: the one drawn)
        self._analytic: AnalyticGeometry | None = None  # the one drawn in analytic mode, else None
        self._labels: tuple[Geometry, str, str] | None = None  # what the label overlay was placed for
        self._look: tuple[Look, str | None, str] = (Look(), None, language)
        self._waiting: SourceFrame | None = None  # a frame for a source whose geometry is not here yet
        self._shown: SourceFrame | None = None
        self._painted = True
        self._handed_at = 0.0
        self._rendered = self._dropped = 0
        self._render_ms = self._paint_ms = 0.0
        self._upload_ms = 0.0
        self._preview: Framebuffer | None = None
        self._geometry_waiting.connect(self._apply_geometry)
        self._set_curves(Look())

    # --- the interface -----------------------------------------------------------------------------
    def surface(self) -> QWidget:
        return self.widget

    def set_geometry(self, geometry: Geometry) -> None:
        with self._lock:
            if self._newest is not None and not newer(geometry, self._newest):
                return
            self._newest = geometry
        self._geometry_waiting.emit()

    def set_analytic(self, analytic: AnalyticGeometry) -> None:
        """The geometry as parameters (analytic mode; see the module docstring). Any thread."""
        with self._lock:
            if self._newest_analytic is not None and analytic.version < self._newest_analytic.version:
                return
            self._newest_analytic = analytic
        self._geometry_waiting.emit()

    @property
    def mode(self) -> str | None:
        """``"analytic"``, ``"maps"``, or None before the first geometry."""
        if self._analytic is not None:
            return "analytic"
        return "maps" if self._geometry is not None else None

    def set_look(self, look: Look, pattern: str | None, language: str) -> None:
        if (look, pattern, language) == self._look:
            return
        old_pattern = self._look[1:]
        self._look = (look, pattern, language)
        self._set_curves(look)
        if (pattern, language) != old_pattern:
            self._place_labels()
        else:
            self.widget.set_overlay_dim(look.fade)
        self.widget.update()

    def show_frame(self, frame: SourceFrame) -> None:
        if frame.source is not None and frame.source != self._source():
            self._waiting = frame  # the last image stays up until the matching geometry arrives
            return
        self._waiting = None
        if not self._painted and self._shown is not None and self._shown.planes is not None:
            self._dropped += 1  # the previous video frame was never on screen
        started = time.perf_counter()
        if frame.planes is not None and frame.planes.uv is not None:
            self.widget.set_nv12(frame.planes.y, frame.planes.uv)  # a hardware decoder's frame, as it is
        elif frame.planes is not None:
            self.widget.set_yuv420(frame.planes.y, frame.planes.u, frame.planes.v)
        elif frame.image is not None:
            self.widget.set_bgr(frame.image)
        self.widget.set_blank(frame.source is None)
        self._upload_ms = (time.perf_counter() - started) * 1000.0
        self._shown, self._painted, self._handed_at = frame, False, started

    def latency_s(self) -> float:
        screen = self.widget.screen()
        refresh = screen.refreshRate() if screen is not None and screen.refreshRate() > 1 else 60.0
        return self._paint_ms / 1000.0 + 1.0 / refresh  # upload + draw + swap, then the next vertical refresh

    def last_image(self) -> np.ndarray | None:
        """What the projector shows, drawn again at most :data:`PREVIEW_SIDE` px wide (RGB) for the console."""
        renderer = self.widget.renderer
        if renderer is None or renderer.output_shape is None or self._shown is None:
            return None
        h, w = renderer.output_shape
        scale = min(1.0, PREVIEW_SIDE / max(h, w))
        size = (max(2, round(w * scale)), max(2, round(h * scale)))
        self.widget.makeCurrent()
        try:
            if self._preview is None or (self._preview.width, self._preview.height) != size:
                if self._preview is not None:
                    self._preview.release()
                self._preview = Framebuffer(renderer.gl, *size)
            if self.widget.blank:
                return np.zeros((size[1], size[0], 3), np.uint8)
            self._preview.render(renderer)
            return np.ascontiguousarray(self._preview.read_rgba()[..., :3])
        finally:
            self.widget.doneCurrent()

    def stats(self) -> BackendStats:
        return BackendStats(self._rendered, self._dropped, self._render_ms, self._paint_ms)

    def close(self) -> None:
        if self._preview is not None and self.widget.renderer is not None:
            self.widget.makeCurrent()
            self._preview.release()
            self.widget.doneCurrent()
        self._preview = None
        self.widget.release()

    # --- GUI thread --------------------------------------------------------------------------------
    def _set_curves(self, look: Look) -> None:
        self.widget.set_curves(tone_curve(look), luma_curve(look), min(1.0, look.fade))

    def _source(self) -> SourceKind | None:
        """The source the geometry on screen samples."""
        current = self._analytic or self._geometry
        return current.source if current is not None else None

    def _version(self) -> int:
        """The version of the geometry on screen (the newest request it answers)."""
        if self._analytic is not None:
            return self._analytic.version
        return self._geometry.version if self._geometry is not None else -1

    def _apply_geometry(self) -> None:
        """GUI thread: take the newest analytic or maps geometry (the newer request decides the mode)."""
        with self._lock:
            geometry, analytic = self._newest, self._newest_analytic
        if analytic is not None and (geometry is None or analytic.version >= geometry.version):
            if analytic is not self._analytic:
                self._analytic = analytic
                self.widget.set_mapping(analytic.mapping)  # uniforms only: nothing is sampled or uploaded
                self.widget.set_output_transform(analytic.rotate_deg, analytic.flip_h, analytic.flip_v)
            self._geometry = geometry  # maps of this request (labels) or an older one (ignored)
        elif geometry is not None and (geometry is not self._geometry or self._analytic is not None):
            self._analytic = None
            self._geometry = geometry
            self.widget.set_output_transform()  # the maps include the projector's flips and rotation
            self.widget.set_maps(geometry.luma, geometry.gain)
        else:
            return
        self._place_labels()
        if self._waiting is not None and self._waiting.source == self._source():
            self.show_frame(self._waiting)

    def _place_labels(self) -> None:
        """The pattern's labels from the maps of the geometry on screen; none while those maps are not
        here yet (analytic mode, before the slider rests): never labels in the wrong place."""
        look, pattern, language = self._look
        geometry = self._geometry
        if pattern is None or geometry is None or geometry.version != self._version():
            if self._labels is not None or pattern is None:
                self.widget.set_overlay(None)
            self._labels = None
            return
        if self._labels is not None and self._labels[0] is geometry and self._labels[1:] == (pattern, language):
            self.widget.set_overlay_dim(look.fade)
            return
        self.widget.set_overlay(label_overlay(geometry, pattern, language), look.fade)
        self._labels = (geometry, pattern, language)

    def _swapped(self) -> None:
        """The widget's new image is on screen."""
        now = time.perf_counter()
        if self._shown is not None and not self._painted:
            render = self._upload_ms + self.widget.draw_ms  # the CPU's part: uploads and GL calls
            paint = (now - self._handed_at) * 1000.0  # handed over → on screen
            first = self._rendered == 0
            self._render_ms = render if first else 0.8 * self._render_ms + 0.2 * render
            self._paint_ms = paint if first else 0.8 * self._paint_ms + 0.2 * paint
            self._rendered += 1
            self._painted = True
        if self.on_presented is not None and self._version() >= 0 and self._shown is not None:
            pts = self._shown.pts_s if self._shown.planes is not None else None
            preview = self._analytic is None and self._geometry is not None and self._geometry.preview
            self.on_presented(Presented(pts, self._version(), preview, now))


def choose_backend(
    language: str, capability: GlCapability | None = None, environ: Mapping[str, str] | None = None
) -> tuple[OutputBackend, Message]:
    """The GPU back end where a hardware OpenGL 3.3 context exists, else the CPU one; and the console line
    that says which (and why). ``capability`` defaults to a fresh :func:`probe` (GUI thread); on a Qt
    platform that cannot show OpenGL widgets (offscreen…) nothing is probed.

    ``$KIOSK_DOME_RENDER`` (:data:`RENDER_ENV`): ``cpu`` keeps the CPU back end (a GPU driver that
    misbehaves); ``gpu`` takes the GPU back end on any OpenGL 3.3 context that can show widgets, a
    software rasteriser included (tests under Xvfb, trying a driver the probe calls software)."""
    from kiosk.ui.output.cpu import CpuBackend

    wanted = (os.environ if environ is None else environ).get(RENDER_ENV, "").strip().lower()
    if wanted == "cpu":
        return CpuBackend(language), Message("gpu.path_cpu_forced", {"variable": f"{RENDER_ENV}=cpu"})
    platform = QGuiApplication.platformName() if QGuiApplication.instance() is not None else ""
    if capability is None and platform in NO_GL_WIDGETS:
        return CpuBackend(language), Message("gpu.path_cpu_platform", {"platform": platform})
    found = capability if capability is not None else probe()
    if wanted == "gpu" and found.available and found.widgets and not found.usable:
        message = Message(
            "gpu.path_gpu_forced",
            {"renderer": found.renderer, "version": f"{found.api} {found.version}", "variable": f"{RENDER_ENV}=gpu"},
        )
        return GpuBackend(language), message
    if found.usable:
        return GpuBackend(language), found.message()
    return CpuBackend(language), found.message()

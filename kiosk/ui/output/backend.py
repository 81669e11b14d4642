"""The interface between the dome station and whatever draws on the projector: :class:`OutputBackend`.

A back end owns a widget (:meth:`~OutputBackend.surface`) that the output window shows full screen, and
turns the station's source frames into the projector image through the current geometry:

* ``set_geometry(geometry)`` — a :class:`kiosk.show.calibration.Geometry` (luma and chroma inverse maps
  of the projector, flips and rotation folded in, the mesh/mirror gain apart, its ``profile`` and
  ``version``). **May be called from any thread** (the background map builders publish directly);
  the newest version wins (:func:`newer`: a late preview never replaces the full-size geometry of the
  same request). A preview geometry is smaller than the projector: draw it upsampled.
* ``set_look(look, pattern, language)`` — brightness, gamma, fade (:class:`kiosk.show.render.Look`) and
  the pattern whose labels to paint (None for a show) in ``language``. GUI thread.
* ``show_frame(frame)`` — a :class:`kiosk.show.station.SourceFrame`: Y/U/V planes of a video frame, a
  BGR still or pattern, or black (``source`` None). GUI thread, must not block: a back end that is busy
  keeps only the newest frame (the others count as dropped). A frame whose ``source`` differs from the
  current geometry's waits (the last image stays up) until the matching geometry arrives.
* ``latency_s()`` — how long after :meth:`show_frame` the frame is on screen (the player hands frames
  that much early, so that they are seen when their sound is heard).
* ``last_image()`` — RGB ``(h, w, 3)`` of what the projector shows now (the console's preview), or None.
* ``on_presented`` — set by the owner: called on the GUI thread with a :class:`Presented` each time a
  new image is on screen (its frame time, the geometry version it used).
* ``stats()`` — :class:`BackendStats`; ``close()``.

Two back ends: :class:`kiosk.ui.output.cpu.CpuBackend` (a worker thread renders with
:class:`kiosk.show.render.ProjectorRenderer`, the widget paints a ``QImage``) and
:class:`kiosk.ui.output.gl_backend.GpuBackend` (OpenGL). Both show the same picture for the same
geometry and look. The GPU one has one method more, ``set_analytic(analytic)`` (any thread): a
:class:`kiosk.show.calibration.AnalyticGeometry` it computes in its shader, no maps (a slider is a
uniform change); the console hands it over when the back end has it
(:func:`kiosk.ui.output.gl_backend.choose_backend` picks the back end).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PySide6.QtWidgets import QWidget

from kiosk.show.calibration import Geometry
from kiosk.show.render import Look
from kiosk.show.station import SourceFrame


@dataclass(frozen=True)
class Presented:
    """An image just put on screen: the frame's time (video), the geometry version, when (perf counter)."""

    pts_s: float | None
    geometry_version: int
    preview: bool
    at: float


@dataclass(frozen=True)
class BackendStats:
    rendered: int = 0
    dropped: int = 0  # frames replaced by a newer one before they could be drawn
    render_ms: float = 0.0  # recent mean time to render one frame (warp, colour, labels), worker thread
    paint_ms: float = 0.0  # recent mean time to put it on screen, GUI thread


def newer(geometry: Geometry, than: Geometry) -> bool:
    """Whether ``geometry`` should replace ``than``: a newer request, or the full size of the same one."""
    return (geometry.version, not geometry.preview) >= (than.version, not than.preview)


class OutputBackend(Protocol):
    """See the module docstring."""

    name: str
    on_presented: Callable[[Presented], None] | None

    def surface(self) -> QWidget: ...
    def set_geometry(self, geometry: Geometry) -> None: ...
    def set_look(self, look: Look, pattern: str | None, language: str) -> None: ...
    def show_frame(self, frame: SourceFrame) -> None: ...
    def latency_s(self) -> float: ...
    def last_image(self) -> np.ndarray | None: ...
    def stats(self) -> BackendStats: ...
    def close(self) -> None: ...

"""The viewer's drawing surfaces and the finger that turns them.

* :class:`CpuLookView` — a ``QLabel`` showing the BGR image :class:`~.cpu_view.PerspectiveWarp` made at
  the label's own size in device pixels (nothing scaled);
* :class:`GlLookView` — the dome output's OpenGL widget (:class:`~kiosk.ui.output.gl_widget.GlDomeWidget`)
  in its perspective mode: the view is the shader's mapping (a drag is one uniform change, no maps), the
  frames are uploaded as Y, U, V planes (a picture as one BGR texture, once);
* :class:`DragInput` — an event filter on either one: press, drag by ``(dx, dy)`` px, release.

Both views call ``on_resize`` when their size changes and give :meth:`pixel_size`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk.look import LookState
from kiosk.ui.output.gl_widget import GlDomeWidget
from kiosk.ui.screens.dome.cpu_view import PerspectiveWarp

MIN_SIZE = (320, 200)


def pixel_size(widget: QWidget) -> QSize:
    """``widget``'s area in device pixels."""
    ratio = widget.devicePixelRatioF()
    return QSize(max(1, round(widget.width() * ratio)), max(1, round(widget.height() * ratio)))


class DragInput(QObject):
    """Mouse (and touch, which Qt synthesises as mouse) on a view → ``on_press()``, ``on_drag(dx, dy)`` in
    pixels, ``on_release()``."""

    def __init__(self, view: QWidget, on_press, on_drag, on_release) -> None:
        super().__init__(view)
        self._on_press, self._on_drag, self._on_release = on_press, on_drag, on_release
        self._last: QPointF | None = None
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._last = event.position()
            self._on_press()
            return True
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent) and self._last is not None:
            delta = event.position() - self._last
            self._last = event.position()
            self._on_drag(delta.x(), delta.y())
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._last is not None:
            self._last = None
            self._on_release()
            return True
        return False


class FollowsItsSize:
    """What both views share (listed first among their bases): their area in device pixels, and
    ``_on_resize`` called whenever it changes."""

    _on_resize: Callable[[], None]

    def pixel_size(self) -> QSize:
        return pixel_size(self)  # type: ignore[arg-type]  # always mixed into a QWidget

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)  # type: ignore[misc]  # the QWidget's own
        self._on_resize()


class CpuLookView(FollowsItsSize, QLabel):
    """The CPU path: the warped view as a pixmap. :attr:`frame` is the last image drawn (BGR)."""

    path = "cpu"

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__(alignment=Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(*MIN_SIZE)
        # Ignored: the picture follows the label's size, never the other way round.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._on_resize = on_resize
        self.warp = PerspectiveWarp()
        self.frame: np.ndarray | None = None

    def draw(self, still: np.ndarray | None, planes, state: LookState) -> None:
        """Draw ``still`` (BGR) or ``planes`` (a 4:2:0 frame: ``y``, ``u``, ``v``) seen from ``state``."""
        size = self.pixel_size()
        width, height = size.width(), size.height()
        if planes is not None:
            frame = self.warp.yuv420(planes.y, planes.u, planes.v, state, width, height)
        elif still is not None:
            frame = self.warp.bgr(still, state, width, height)
        else:
            return
        self.frame = frame
        image = QImage(frame.data, width, height, 3 * width, QImage.Format.Format_BGR888).copy()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.setPixmap(pixmap)

    def clear_view(self) -> None:
        self.clear()
        self.frame = None


class GlLookView(FollowsItsSize, GlDomeWidget):
    """The GPU path: the dome renderer draws the perspective view in the shader (see the module docstring)."""

    path = "gpu"

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self.setMinimumSize(*MIN_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._on_resize = on_resize
        self.frame: np.ndarray | None = None  # the CPU path's last image; the GPU keeps its own
        self._source: object = None
        self._geometry: tuple[object, ...] | None = None

    def draw(self, still: np.ndarray | None, planes, state: LookState) -> None:
        if planes is not None:
            self.set_yuv420(planes.y, planes.u, planes.v)
            shape = planes.y.shape
        elif still is not None:
            if self._source is not still:  # a picture is uploaded once; turning it changes uniforms only
                self.set_bgr(still)
            shape = still.shape[:2]
        else:
            return
        self._source = still
        size = self.pixel_size()
        geometry = (shape, state, size.width(), size.height())
        if geometry != self._geometry:
            self._geometry = geometry
            self.set_mapping(PerspectiveWarp.mapping(shape[1], shape[0], state, size.width(), size.height()))
        self.set_blank(False)

    def clear_view(self) -> None:
        self._source = None
        self.set_blank(True)

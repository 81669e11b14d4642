"""« Dôme et réalité virtuelle »: look around a 360° picture with a finger, as in a VR headset.

The visitor picks a 360° still from the media manifest; the screen shows a perspective view of it
built by the dome mapping core (``dome.Mapping`` equirect → perspective, coarse-grid maps, fixed-point
``cv2.remap``). Dragging turns the view, the + / − buttons zoom. The activity core
:class:`kiosk.look.LookAround` holds the picture and the view and returns each picture's
``dome_show_started`` / ``dome_show_ended`` pair (target ``vr-viewer``, no visitor data) for ``ctx.log``.

The view is rendered at the size of its area (device pixels), never scaled: the first picture waits
until the page is laid out, and every resize (window, larger text) draws it again at the new size.
"""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QMouseEvent, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from dome import Equirect, Mapping, Orientation, Perspective, Warper, build_maps
from kiosk.errors import Message
from kiosk.look import LookAround, LookState
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.home import VisitorHeader
from kiosk.ui.widgets.touch import touch_button

RENDER_MS = 30  # coalesce drags and resizes into at most ~33 renders per second


def short_title(title: str) -> str:
    """The part of a manifest title before its description (« Paysage 360° de démonstration : … »)."""
    return title.split(":")[0].split("(")[0].strip()


class LookView(QLabel):
    """The perspective view; turns with the finger. ``on_resize`` is told when its size changes."""

    def __init__(self, on_drag, on_resize) -> None:
        super().__init__(alignment=Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(320, 200)
        # Ignored: the picture follows the label's size, never the other way round.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._on_drag = on_drag
        self._on_resize = on_resize
        self._last: QPointF | None = None

    def pixel_size(self) -> QSize:
        """The area in device pixels (what the warp renders, so nothing is scaled)."""
        ratio = self.devicePixelRatioF()
        return QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._on_resize()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._last = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._last is not None:
            delta = event.position() - self._last
            self._last = event.position()
            self._on_drag(delta.x(), delta.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._last = None


class DomeViewerScreen(QWidget):
    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        manifest = ctx.catalogue.media
        self.items = [item for item in (manifest.items.values() if manifest else ()) if item.kind == "360-still"]
        self.look = LookAround(ctx.clock)
        self.source: np.ndarray | None = None
        self.frame: np.ndarray | None = None  # the last rendered view, BGR
        self.header = VisitorHeader(ctx)
        self.header.home_requested.connect(ctx.signals.go_home)
        self.title = QLabel(objectName="subtitle", wordWrap=True)
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.view = LookView(self.drag, self._render_soon)
        self.choices = []
        side = QVBoxLayout()
        for item in self.items:
            button = touch_button("", min_height=96)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, i=item: self.show_media(i.id))
            self.choices.append((item, button))
            side.addWidget(button)
        side.addStretch()
        self.zoom_in = touch_button("+", min_height=72)
        self.zoom_in.clicked.connect(lambda: self.zoom(0.8))
        self.zoom_out = touch_button("−", min_height=72)
        self.zoom_out.clicked.connect(lambda: self.zoom(1.25))
        zoom = QHBoxLayout()
        zoom.addWidget(self.zoom_in)
        zoom.addWidget(self.zoom_out)
        side.addLayout(zoom)
        body = QHBoxLayout()
        body.addLayout(side, 1)
        body.addWidget(self.view, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint)
        self._render_timer = QTimer(self, singleShot=True, interval=RENDER_MS)
        self._render_timer.timeout.connect(self.render)
        self.retranslate()

    # --- activity protocol -------------------------------------------------------------------
    def start(self) -> None:
        if self.items:
            self.show_media(self.items[0].id)

    def reset(self) -> None:
        self.ctx.log(self.look.end())
        self.source = None
        self.view.clear()

    def retranslate(self) -> None:
        tr, lang = self.ctx.tr, self.ctx.tr.language
        self.header.retranslate()
        self.title.setText("🌐  " + tr.tr("dome.title"))
        self.hint.setText("👆  " + tr.tr("dome.hint"))
        self.zoom_in.setToolTip(tr.tr("dome.zoom_in"))
        self.zoom_out.setToolTip(tr.tr("dome.zoom_out"))
        for item, button in self.choices:
            button.setText(short_title(getattr(item.title, lang)))

    # --- behaviour ---------------------------------------------------------------------------
    @property
    def state(self) -> LookState:
        """The view direction and zoom (kept by :attr:`look`)."""
        return self.look.state

    @property
    def media_id(self) -> str | None:
        return self.look.media_id

    def show_media(self, media_id: str) -> None:
        path = self.ctx.catalogue.media.path_of(media_id)
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            self.ctx.log(self.look.end())
            self.ctx.add_notice(Message("notices.picture_unreadable", {"file": str(path)}))
            return
        self.source = image
        for item, button in self.choices:
            button.setChecked(item.id == media_id)
        self.ctx.log(self.look.show(media_id))
        self.render()

    def drag(self, dx: float, dy: float) -> None:
        self.look.drag(dx, dy, self.view.width())  # a drag across the view turns it by its field of view
        self._render_soon()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.render()  # laid out by now: the first picture at the view's real size

    def _render_soon(self) -> None:
        """Draw again shortly (drags and resizes come in bursts: one render for each burst)."""
        self._render_timer.start()

    def zoom(self, factor: float) -> None:
        self.look.zoom(factor)
        self.render()

    def render(self) -> None:
        """Warp the current view at the view's own size (maps rebuilt for the new direction; < 16 ms at
        1920×1080, see bench). Nothing is drawn while the page is hidden: showing it draws."""
        self._render_timer.stop()
        if self.source is None or not self.view.isVisible():
            return
        size = self.view.pixel_size()
        width, height = size.width(), size.height()
        h, w = self.source.shape[:2]
        mapping = Mapping(
            Equirect(w, h),
            Perspective(width, height, self.state.hfov_deg),
            Orientation(self.state.yaw_deg, self.state.pitch_deg, 0.0),
        )
        warper = Warper(build_maps(mapping), "linear", threads=1)
        frame = np.ascontiguousarray(warper.warp(self.source))
        self.frame = frame
        image = QImage(frame.data, width, height, 3 * width, QImage.Format.Format_BGR888).copy()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.view.devicePixelRatioF())
        self.view.setPixmap(pixmap)

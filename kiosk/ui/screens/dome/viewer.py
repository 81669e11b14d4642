"""« Dôme et réalité virtuelle »: look around a 360° picture with a finger, as in a VR headset.

The visitor picks a 360° still from the media manifest; the screen shows a perspective view of it
built by the dome mapping core (``dome.Mapping`` equirect → perspective, coarse-grid maps, fixed-point
``cv2.remap``). Dragging turns the view, the + / − buttons zoom. The activity core
:class:`kiosk.look.LookAround` holds the picture and the view and returns each picture's
``dome_show_started`` / ``dome_show_ended`` pair (target ``vr-viewer``, no visitor data) for ``ctx.log``.
"""

from __future__ import annotations

import textwrap

import cv2
import numpy as np
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from dome import Equirect, Mapping, Orientation, Perspective, Warper, build_maps
from kiosk.errors import Message
from kiosk.look import LookAround, LookState
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.home import VisitorHeader
from kiosk.ui.widgets.touch import touch_button

VIEW_W, VIEW_H = 960, 600
RENDER_MS = 30  # coalesce drags into at most ~33 renders per second


def short_title(title: str) -> str:
    """The part of a manifest title before its description (« Paysage 360° de démonstration : … »)."""
    return textwrap.fill(title.split(":")[0].split("(")[0].strip(), 18)


class LookView(QLabel):
    """The perspective view; turns with the finger."""

    def __init__(self, on_drag) -> None:
        super().__init__(alignment=Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(320, 200)
        # Ignored: the pixmap follows the label's size, never the other way round.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._on_drag = on_drag
        self._last: QPointF | None = None

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
        self.title = QLabel(objectName="subtitle")
        self.hint = QLabel(objectName="hint")
        self.view = LookView(self.drag)
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
        self.look.drag(dx, dy, VIEW_W)
        self._render_timer.start()

    def zoom(self, factor: float) -> None:
        self.look.zoom(factor)
        self.render()

    def render(self) -> None:
        """Warp the current view (maps rebuilt for the new direction; < 16 ms at 1920×1080, see bench)."""
        if self.source is None:
            return
        h, w = self.source.shape[:2]
        mapping = Mapping(
            Equirect(w, h),
            Perspective(VIEW_W, VIEW_H, self.state.hfov_deg),
            Orientation(self.state.yaw_deg, self.state.pitch_deg, 0.0),
        )
        warper = Warper(build_maps(mapping), "linear", threads=1)
        frame = np.ascontiguousarray(warper.warp(self.source))
        self.frame = frame
        image = QImage(frame.data, VIEW_W, VIEW_H, 3 * VIEW_W, QImage.Format.Format_BGR888).copy()
        pixmap = QPixmap.fromImage(image).scaled(
            self.view.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.view.setPixmap(pixmap)

"""« Dôme et réalité virtuelle »: look around a 360° picture or video with a finger, as in a VR headset.

The visitor picks a 360° still or an equirectangular 360° video from the media manifest (the dome's demo
show among them). Dragging turns the view and, once the finger lifts, the view coasts and slows down
(:class:`kiosk.look.Inertia`, stepped by a 16 ms timer; a touch stops it); the + / − buttons zoom. The
activity core :class:`kiosk.look.LookAround` holds the item, the view and its inertia, and returns each
item's ``vr_view_started`` / ``vr_view_ended`` pair (target ``viewer``; a video counts the seconds
it played) for ``ctx.log``.

Videos play through the dome station's player (:mod:`.video`): a ~30 Hz timer takes the frame due and
draws it. Two drawing paths (:mod:`.views`), chosen once by :func:`.render_path.choose_path` and named in
the log: the GPU (the dome renderer's OpenGL widget, perspective mode: a drag is a uniform change, frames
go up as Y/U/V planes) where a hardware OpenGL context can show widgets, else the CPU (:mod:`.cpu_view`:
maps from the dome core, a sideways turn is a shift of them, video warped in YUV). The video stops when
the page is hidden (and goes on where it was when it shows again), when another item is chosen, when the
visitor goes home and at every reset. A file that cannot be played says so in the visitor's language
and the viewer stays usable.

The view is rendered at the size of its area (device pixels), never scaled: the first picture waits
until the page is laid out, and every resize (window, larger text) draws it again at the new size.
"""

from __future__ import annotations

import functools
import logging
import os

import cv2
import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.media import MediaItem, MediaKind
from kiosk.errors import KioskError, MediaError, Message
from kiosk.look import LookAround, LookState
from kiosk.show.decode import VideoPlanes
from kiosk.ui.context import KioskContext
from kiosk.ui.output.gl_context import GlCapability, probe
from kiosk.ui.screens.dome.render_path import choose_path
from kiosk.ui.screens.dome.video import ViewerVideo
from kiosk.ui.screens.dome.views import CpuLookView, DragInput, GlLookView
from kiosk.ui.screens.home import VisitorHeader
from kiosk.ui.widgets.touch import touch_button

log = logging.getLogger("kiosk")
RENDER_MS = 30  # CPU: drags and resizes coalesced into at most ~33 renders per second
VIDEO_MS = 33  # the video's frames are taken ~30 times a second
COAST_MS = 16  # the inertia is stepped ~60 times a second


def short_title(title: str) -> str:
    """The part of a manifest title before its description (« Paysage 360° de démonstration : … »)."""
    return title.split(":")[0].split("(")[0].strip()


def viewable(item: MediaItem) -> bool:
    """A 360° still, or a 360° video in the equirectangular projection (a domemaster is the dome's own)."""
    return item.kind == MediaKind.STILL_360 or (item.kind == MediaKind.VIDEO_360 and item.projection == "equirect")


@functools.cache
def _probe() -> GlCapability:
    return probe()  # once per run: a context is made and the renderer's shaders compiled


class DomeViewerScreen(QWidget):
    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        manifest = ctx.catalogue.media
        self.items = [item for item in (manifest.items.values() if manifest else ()) if viewable(item)]
        self.look = LookAround(ctx.clock)
        self.video = ViewerVideo()
        self.source: np.ndarray | None = None  # the picture shown (BGR), None for a video
        self.planes: VideoPlanes | None = None  # the video frame shown
        self.problem: KioskError | Message | None = None  # what the visitor is told (a file that cannot play)
        self.header = VisitorHeader(ctx)
        self.header.home_requested.connect(self.go_home)
        self.title = QLabel(objectName="subtitle", wordWrap=True)
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.message = QLabel(objectName="error", wordWrap=True)
        self.message.hide()
        self.path, why = choose_path(QGuiApplication.platformName(), _probe, os.environ)
        log.info("360° viewer: %s path (%s)", self.path, why)
        self.view: CpuLookView | GlLookView = (GlLookView if self.path == "gpu" else CpuLookView)(self._render_soon)
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
        self.body = QHBoxLayout()
        self.body.addLayout(side, 1)
        self.body.addWidget(self.view, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.title)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self._render_timer = QTimer(self, singleShot=True, interval=RENDER_MS)
        self._render_timer.timeout.connect(self.render)
        self._video_timer = QTimer(self, interval=VIDEO_MS, timerType=Qt.TimerType.PreciseTimer)
        self._video_timer.timeout.connect(self.video_tick)
        self._coast_timer = QTimer(self, interval=COAST_MS, timerType=Qt.TimerType.PreciseTimer)
        self._coast_timer.timeout.connect(self.coast)
        self._attach(self.view)
        self.retranslate()

    def _attach(self, view: CpuLookView | GlLookView) -> None:
        DragInput(view, self.touch, self.drag, self.release)
        if isinstance(view, GlLookView):
            view.failed.connect(self._gpu_failed)

    def _gpu_failed(self, reason: str) -> None:
        """The OpenGL widget broke (a driver error): the CPU path takes over the same place."""
        log.warning("360° viewer: the GPU path failed (%s), CPU path from now on", reason)
        old, self.path = self.view, "cpu"
        self.view = CpuLookView(self._render_soon)
        self.body.replaceWidget(old, self.view)
        old.hide()
        old.deleteLater()
        self._attach(self.view)
        self._render_soon()

    # --- activity protocol -------------------------------------------------------------------
    def start(self) -> None:
        if self.items:
            self.show_media(self.items[0].id)

    def reset(self) -> None:
        self._leave()
        self.video.close()  # the sound output too: the next visitor opens it again

    def retranslate(self) -> None:
        tr, lang = self.ctx.tr, self.ctx.tr.language
        self.header.retranslate()
        self.title.setText("🌐  " + tr.tr("dome.title"))
        self.hint.setText("👆  " + tr.tr("dome.hint"))
        self.zoom_in.setToolTip(tr.tr("dome.zoom_in"))
        self.zoom_out.setToolTip(tr.tr("dome.zoom_out"))
        for item, button in self.choices:
            icon = "🎬  " if item.kind == MediaKind.VIDEO_360 else ""
            button.setText(icon + short_title(getattr(item.title, lang)))
        if self.problem is not None:
            self.message.setText("⚠️  " + self.problem.text(lang))

    # --- behaviour ---------------------------------------------------------------------------
    @property
    def state(self) -> LookState:
        """The view direction and zoom (kept by :attr:`look`)."""
        return self.look.state

    @property
    def media_id(self) -> str | None:
        return self.look.media_id

    @property
    def frame(self) -> np.ndarray | None:
        """The last view drawn on the CPU path (BGR), None on the GPU path."""
        return self.view.frame

    def go_home(self) -> None:
        """« Accueil »: what is shown ends (logged), the video stops, then the home screen."""
        self._leave()
        self.ctx.signals.go_home.emit()

    def _leave(self) -> None:
        """End the item on screen (its events to the log) and stop everything that moves."""
        self._end_item()
        self._coast_timer.stop()
        self._render_timer.stop()
        self.source = self.planes = None
        self.view.clear_view()
        self._tell(None)
        for _item, button in self.choices:
            button.setChecked(False)

    def _end_item(self) -> None:
        self._video_timer.stop()
        if self.video.playing:
            self.look.played(self.video.position_s())
        self.video.stop(forget=True)
        self.ctx.log(self.look.end())

    def show_media(self, media_id: str) -> None:
        """Show picture or video ``media_id``; one that cannot be shown says so and changes nothing else
        (the item before it has ended)."""
        item = self.ctx.catalogue.media.items[media_id]
        path = self.ctx.catalogue.media.path_of(media_id, self.ctx.tr.language)
        self._end_item()
        self._coast_timer.stop()
        self.source = self.planes = None
        video = item.kind == MediaKind.VIDEO_360
        try:
            if video:
                self.video.open(path)
            else:
                image = cv2.imread(str(path), cv2.IMREAD_COLOR)
                if image is None:
                    raise MediaError("errors.dome.image_unreadable", file=str(path))
                self.source = image
        except KioskError as exc:
            log.info("360° viewer: %s cannot be shown: %s", media_id, exc.text("en"))
            if video:
                self.ctx.add_notice(Message("notices.video_unreadable", {"file": str(path)}))
            else:
                self.ctx.add_notice(Message("notices.picture_unreadable", {"file": str(path)}))
            self.view.clear_view()
            self._tell(Message("dome.video_unreadable") if video else Message("dome.picture_unreadable"))
            for _item, button in self.choices:
                button.setChecked(False)
            return
        self._tell(None)
        for choice, button in self.choices:
            button.setChecked(choice.id == media_id)
        self.ctx.log(self.look.show(media_id, video=video))
        if video:
            self._play()
        else:
            self.render()

    def _play(self, start_s: float = 0.0) -> None:
        self.video.play(start_s)
        self.look.played(self.video.position_s())
        self._video_timer.start()
        self.video_tick()

    def video_tick(self) -> None:
        """The video's heartbeat: the frame due (drawn at once), the seconds played, a broken file."""
        planes = self.video.frame()
        self.look.played(self.video.position_s())
        if planes is not None:
            self.planes = planes
            self.render()
        elif self.video.error is not None:
            log.info("360° viewer: the video broke: %s", self.video.error.text("en"))
            self._leave()
            self._tell(Message("dome.video_unreadable"))

    def _tell(self, problem: KioskError | Message | None) -> None:
        """Show (or clear) the visitor's message under the view, in the language of the moment."""
        self.problem = problem
        self.message.setVisible(problem is not None)
        if problem is not None:
            self.message.setText("⚠️  " + problem.text(self.ctx.tr.language))

    # --- the finger ----------------------------------------------------------------------------
    def touch(self) -> None:
        self.look.touch()
        self._coast_timer.stop()

    def drag(self, dx: float, dy: float) -> None:
        self.look.drag(dx, dy, self.view.width())  # a drag across the view turns it by its field of view
        self._changed()

    def release(self) -> None:
        if self.look.release():
            self._coast_timer.start()

    def coast(self) -> None:
        """The inertia's step (16 ms timer, time from the injected clock)."""
        if not self.look.coast():
            self._coast_timer.stop()
        self._changed()

    def zoom(self, factor: float) -> None:
        self.look.zoom(factor)
        self.render()

    # --- drawing -------------------------------------------------------------------------------
    def _changed(self) -> None:
        """The view moved: the GPU draws at once (uniforms), the CPU at most every :data:`RENDER_MS`; a
        playing video draws with its next frame anyway."""
        if self.path == "gpu":
            self.render()
        elif not self._video_timer.isActive():
            self._render_soon()

    def _render_soon(self) -> None:
        """Draw again shortly (drags and resizes come in bursts: one render for each burst)."""
        if not self._render_timer.isActive():
            self._render_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.video.resume_at is not None and self.media_id is not None:
            self._play(self.video.resume_at)  # back on the page: the video goes on where it was
        self.render()  # laid out by now: the first picture at the view's real size

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self._coast_timer.stop()
        if self.video.playing:
            self.look.played(self.video.position_s())
            self._video_timer.stop()
            self.video.stop()  # no sound behind another page; the position is kept
            self.look.played(None)

    def render(self) -> None:
        """Draw the current view at the view's own size. Nothing is drawn while the page is hidden."""
        self._render_timer.stop()
        if not self.view.isVisible():
            return
        self.view.draw(self.source, self.planes, self.state)

"""« Dôme »: the dome operator's console, behind the facilitator PIN (a button of the facilitator panel).

It opens the projector output at once (a test pattern on the projector's display, or a rehearsal window
when the laptop has one screen) and keeps it, and the show, running when the operator goes back to the
panel. Left: a live preview of exactly what the projector shows (the back end's own image), the figures
(fps, dropped frames, render time, A/V offset, calibration → projector latency) and the transport (play,
pause, next, seek, volume, fade to black, elapsed / remaining). Right: the pages — calibration
(:mod:`~kiosk.ui.facilitator.dome_console_calibration`), patterns, profiles and shows
(:mod:`~kiosk.ui.facilitator.dome_console_pages`), and under them which back end draws the dome and which
decoder runs, and why (:mod:`~kiosk.ui.facilitator.dome_console_output`).

The logic lives in :class:`kiosk.show.station.DomeStation` (pure); this module wires it to Qt: the output
back end is the GPU one where a graphics card's OpenGL 3.3 exists, else the CPU one
(:func:`~kiosk.ui.output.gl_backend.choose_backend`); a 5 ms timer hands it due frames; geometry builders
publish to it from their threads — and with the GPU, a profile without a mesh or mirror reaches it at once
as parameters (a slider is a uniform change, no maps); errors from threads come back through a signal.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.errors import KioskError, Message
from kiosk.show.audio import PortAudioSink, output_devices
from kiosk.show.calibration import AnalyticGeometry, Geometry
from kiosk.show.patterns import PatternSources
from kiosk.show.player import ShowPlayer
from kiosk.show.playlist import playlist
from kiosk.show.profiles import ProfileStore
from kiosk.show.station import DomeStation
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator import dome_console_output as output
from kiosk.ui.facilitator.dome_console_calibration import CalibrationPage
from kiosk.ui.facilitator.dome_console_controls import ConsoleControls
from kiosk.ui.facilitator.dome_console_pages import PatternsPage, ProfilesPage, ShowsPage
from kiosk.ui.messages import message_text
from kiosk.ui.output.backend import OutputBackend, Presented
from kiosk.ui.output.gl_backend import choose_backend
from kiosk.ui.output.window import OutputWindow
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button

log = logging.getLogger("kiosk")
TICK_MS = 5


class DomeConsole(QWidget):
    """See the module docstring. Created once per panel and kept (the show runs while it is hidden)."""

    error_from_thread = Signal(object)
    geometry_arrived = Signal(int, bool)

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.store = ProfileStore(ctx.paths.home / "dome")
        self.backend: OutputBackend
        self.backend, self.backend_message = choose_backend(ctx.tr.language)
        log.info("dome output: %s", self.backend_message.text("en"))
        self.backend.on_presented = self.presented
        self.requested_at: dict[int, float] = {}
        self.latency_ms: float | None = None
        self.analytic_version = -1  # the newest request the back end took as parameters (GPU)
        analytic = getattr(self.backend, "set_analytic", None)
        self.station = DomeStation(
            self.store,
            PatternSources(ctx.paths.cache_dir / "dome-patterns"),
            playlist(ctx.catalogue.media),
            ShowPlayer(self._open_sink(self.store.station().get("audio_device"))),
            publish_geometry=self._publish,
            on_error=self.error_from_thread.emit,
            publish_analytic=self._publish_analytic if analytic is not None else None,
        )
        self.output = OutputWindow(self.backend.surface(), ctx.tr.tr("dome_console.output_title"))
        self.output.screen_lost.connect(lambda name: output.screen_lost(self, name))
        self.output.screen_back.connect(lambda name: output.screen_back(self, name))
        output.watch_gpu(self)
        self.error_from_thread.connect(self.show_problem)
        self.geometry_arrived.connect(self._geometry_arrived)
        self._build()
        self._tick = QTimer(self, interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self.tick)
        self._slow = QTimer(self, interval=250)
        self._slow.timeout.connect(self.refresh)
        self._tick.start()
        self._slow.start()
        ctx.signals.language_changed.connect(lambda _l: self.retranslate())
        QGuiApplication.instance().aboutToQuit.connect(self.shut_down)  # type: ignore[attr-defined]
        self.retranslate()
        self.calibration.show_profile(self.station.profile)
        self.station.set_profile(self.station.profile)
        output.place_output(self)

    # --- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.ctx.tr
        self.title = QLabel(objectName="title")
        self.output_choice = QComboBox(objectName="dome_output")
        self.output_choice.setMinimumHeight(56)
        self.output_choice.activated.connect(lambda _i: output.choose_output(self))
        self.audio_choice = QComboBox(objectName="dome_audio")
        self.audio_choice.setMinimumHeight(56)
        self.audio_choice.activated.connect(lambda _i: self._choose_audio())
        self.back = touch_button("", name="dome_back", min_height=64)
        self.back.clicked.connect(self.close_console)
        self.output_choice.setMinimumWidth(330)
        self.audio_choice.setMinimumWidth(220)
        self.output_label, self.audio_label = QLabel(), QLabel()
        top = QHBoxLayout()
        top.setContentsMargins(CORNER_MARGIN_PX, 0, 0, 0)
        top.addWidget(self.title, 1)
        for widget in (self.output_label, self.output_choice, self.audio_label, self.audio_choice, self.back):
            top.addWidget(widget)
        self.controls = ConsoleControls(tr, self.station)
        self.calibration = CalibrationPage(tr, self.change_value)
        self.patterns = PatternsPage(tr, self.choose_pattern)
        self.profiles = ProfilesPage(tr, self._profile_actions())
        self.shows = ShowsPage(tr, self.station.shows, self.play_show, self.count_audience)
        self.pages = self.controls.add_pages(
            [
                ("calibration", self.calibration),
                ("patterns", self.patterns),
                ("profiles", self.profiles),
                ("shows", self.shows),
            ]
        )
        self.status = QLabel(wordWrap=True, objectName="dome_status")
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addWidget(self.status)
        columns = QHBoxLayout()
        columns.addWidget(self.controls, 0)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CORNER_MARGIN_PX // 2, 8, 16, 8)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        self.controls.play_pause.clicked.connect(self.play_pause)
        self.controls.next.clicked.connect(self.next_show)
        self.controls.stop.clicked.connect(self.stop_show)
        self.controls.fade.clicked.connect(self.toggle_fade)
        self.controls.volume.valueChanged.connect(lambda v: self.station.set_volume(v / 100))
        self.controls.seek.sliderReleased.connect(self._seek_released)

    def _profile_actions(self) -> dict[str, object]:
        from kiosk.ui.facilitator import dome_console_files as files

        return {
            "load": lambda: files.load_profile(self),
            "save": lambda: files.save_profile(self, save_as=False),
            "save_as": lambda: files.save_profile(self, save_as=True),
            "delete": lambda: files.delete_profile(self),
            "export": lambda: files.export_profile(self),
            "import": lambda: files.import_profile(self),
            "mesh_import": lambda: files.import_mesh(self),
            "mesh_clear": lambda: files.clear_mesh(self),
        }

    # --- opening and closing -----------------------------------------------------------------------
    @classmethod
    def cover(cls, parent: QWidget, ctx: KioskContext, existing: DomeConsole | None = None) -> DomeConsole:
        """Show the console over ``parent`` (the facilitator panel), creating it the first time."""
        console = existing or cls(ctx)
        if console.parentWidget() is not parent:
            console.setParent(parent)
            parent.installEventFilter(console)
        console.setGeometry(parent.rect())
        console.setAutoFillBackground(True)
        console.show()
        console.raise_()
        console.setFocus()
        return console

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API: follow the parent's size
        if watched is self.parentWidget() and event.type() == event.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def close_console(self) -> None:
        """Back to the panel; the projector and the show go on."""
        self.hide()

    def shut_down(self) -> None:
        """The app quits: end the show (logged), stop the threads, close the projector window."""
        self._tick.stop()
        self._slow.stop()
        self.ctx.log(self.station.stop())
        self.station.close()
        self.backend.close()
        self.output.release()

    # --- the heartbeat ---------------------------------------------------------------------------------
    def tick(self) -> None:
        station = self.station
        station.session_id = self.ctx.flow.session_id
        station.station_name = self.ctx.settings.station_name
        frame, ended = station.tick(self.backend.latency_s())
        if station.mode == "show" and self.isVisible():
            self.ctx.flow.keep_facilitator_awake()  # the operator can pause or stop a long show at any time
        pattern = station.pattern if station.mode == "pattern" else None
        self.backend.set_look(station.look(), pattern, self.ctx.tr.language)
        if frame is not None:
            self.backend.show_frame(frame)
        if ended:
            self.ctx.log(ended)
            self.refresh()

    def _publish(self, geometry: Geometry) -> None:
        """Builder threads: the back end takes it directly; the console hears of it on the GUI thread."""
        self.backend.set_geometry(geometry)
        self.geometry_arrived.emit(geometry.version, geometry.preview)

    def _publish_analytic(self, analytic: AnalyticGeometry) -> None:
        """The GPU back end computes this geometry itself: handed over at once (the requesting thread)."""
        set_analytic = getattr(self.backend, "set_analytic", None)
        if set_analytic is not None:  # None once the CPU took over after a GPU failure
            self.analytic_version = analytic.version
            set_analytic(analytic)

    def _geometry_arrived(self, version: int, preview: bool) -> None:
        if not preview and version == self.station.geometry.version:
            self.controls.set_busy(False)

    def presented(self, presented: Presented) -> None:
        if presented.pts_s is not None:
            self.station.player.presented(presented.pts_s)
        started = self.requested_at.pop(presented.geometry_version, None)
        if started is not None:
            self.latency_ms = (presented.at - started) * 1000.0
            log.debug("calibration → projector: %.1f ms (preview %s)", self.latency_ms, presented.preview)
        for version in [v for v in self.requested_at if v < presented.geometry_version]:
            del self.requested_at[version]

    def refresh(self) -> None:
        """The slow part of the screen: figures, time, highlighted pattern/show (4 times a second)."""
        self.controls.refresh(self.backend.stats(), self.latency_ms)
        self.status.setText(output.status_text(self))
        self.patterns.show_current(self.station.pattern if self.station.mode == "pattern" else None)
        self.shows.show_current(self.station.show_index if self.station.current_show else None)
        image = self.backend.last_image()
        if image is not None:
            self.controls.show_preview(image)

    # --- calibration ----------------------------------------------------------------------------------
    def change_value(self, name: str, value: object) -> None:
        started = time.perf_counter()
        version = self.station.set_value(name, value)
        self.requested_at[version] = started
        self.calibration.show_profile(self.station.profile)
        self.controls.set_busy(version != self.analytic_version)  # the GPU draws it sharp at once

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        coarse = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.calibration.nudge(-1 if key == Qt.Key.Key_Left else 1, coarse)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.calibration.select(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def choose_pattern(self, name: str) -> None:
        self.ctx.log(self.station.set_pattern(name))
        self.refresh()

    # --- shows -----------------------------------------------------------------------------------------
    def play_show(self, index: int) -> None:
        """Play show ``index``; a file that cannot be played is skipped with a message (the next one plays)."""
        started, problems = self.station.play_from(index)
        self.ctx.log(started)
        for problem in problems:
            self.show_problem(problem)
        if not problems:
            self.shows.message.setText("")
            self.controls.message.setText("")
        self.refresh()

    def next_show(self) -> None:
        if self.station.shows:
            current = self.station.show_index
            self.play_show(0 if current is None else (current + 1) % len(self.station.shows))

    def stop_show(self) -> None:
        self.ctx.log(self.station.stop())
        self.refresh()

    def play_pause(self) -> None:
        if self.station.current_show is None:
            self.next_show()
        else:
            self.station.set_paused(not self.station.player.paused)
        self.refresh()

    def toggle_fade(self) -> None:
        self.station.fade(self.station.faded_out)

    def _seek_released(self) -> None:
        _, total = self.station.position()
        self.station.seek(self.controls.seek.value() / 1000 * total)

    def count_audience(self, count: int) -> None:
        self.station.session_id = self.ctx.flow.session_id
        try:
            event = self.station.audience(count)
        except KioskError as exc:
            self.shows.message.setText("⚠️  " + message_text(exc, self.ctx.tr))
            return
        self.ctx.log_now([event])
        self.shows.message.setText(self.ctx.tr.tr("dome_console.audience_logged", count=count))

    def show_problem(self, problem: object) -> None:
        """A message on the console (never on the projector)."""
        if isinstance(problem, (KioskError, Message, OSError)):
            text = message_text(problem, self.ctx.tr)
        else:
            text = str(problem)
        self.controls.message.setText("⚠️  " + text)
        self.shows.message.setText("⚠️  " + text)

    # --- sound ------------------------------------------------------------------------------------------------
    def _open_sink(self, device: object) -> PortAudioSink | None:
        if device == "none":
            return None
        try:
            return PortAudioSink(device if isinstance(device, (int, str)) and device != "" else None)
        except KioskError as exc:
            log.info("dome sound output unavailable: %s", exc)
            return None

    def _fill_audio(self) -> None:
        tr = self.ctx.tr.tr
        self.audio_choice.clear()
        self.audio_choice.addItem("🔇  " + tr("dome_console.audio_none"), "none")
        for device in output_devices():
            self.audio_choice.addItem("🔊  " + device.name, device.name)
        remembered = self.store.station().get("audio_device", "")
        index = self.audio_choice.findData(remembered)
        if index < 0 and self.station.player.audio_sink is not None:
            index = 1 if self.audio_choice.count() > 1 else 0
        self.audio_choice.setCurrentIndex(max(0, index))

    def _choose_audio(self) -> None:
        device = self.audio_choice.currentData()
        old = self.station.player.audio_sink
        self.station.player.stop()
        if old is not None:
            old.close()
        self.station.player.audio_sink = self._open_sink(device)
        if device != "none" and self.station.player.audio_sink is None:
            self.show_problem(Message("dome_console.audio_failed", {"device": device}))
        self.remember(audio_device=str(device))

    def remember(self, **values: str) -> None:
        try:
            self.store.set_station(**values)
        except KioskError as exc:
            self.show_problem(exc)

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.title.setText("🌐  " + tr("dome_console.title"))
        self.back.setText(tr("dome_console.back"))
        self.output_label.setText(tr("dome_console.output"))
        self.audio_label.setText(tr("dome_console.audio"))
        self.output.setWindowTitle(tr("dome_console.output_title"))
        for page in (self.calibration, self.patterns, self.profiles, self.shows, self.controls):
            page.retranslate()
        self.status.setText(output.status_text(self))
        output.fill_outputs(self)
        self._fill_audio()
        from kiosk.ui.facilitator import dome_console_files as files

        files.show_profile_state(self)


def dome_console_button(panel: QWidget, ctx: KioskContext) -> QPushButton:
    """The facilitator panel's « Dôme » button; the console is created on the first tap and kept."""
    button = touch_button("", name="open_dome", min_height=64)
    holder: dict[str, DomeConsole] = {}

    def open_console() -> None:
        holder["console"] = DomeConsole.cover(panel, ctx, holder.get("console"))

    def retranslate() -> None:
        button.setText("🌐  " + ctx.tr.tr("dome_console.open"))

    button.clicked.connect(lambda _checked=False: open_console())
    ctx.signals.language_changed.connect(lambda _language: retranslate())
    retranslate()
    return button

"""The left column of the dome console: the projector preview, its figures, the transport and the pages' tabs.

The preview is the back end's own last image (what the projector shows, pixel for pixel, scaled down);
the figures say whether the laptop keeps up: frames per second on the projector, dropped frames (the
decoder's and the renderer's), render time per frame, the A/V offset (p95 of frame time − audio clock)
and the last calibration → projector latency.
"""

from __future__ import annotations

import time

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSlider, QTabWidget, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.show.station import DomeStation
from kiosk.ui.facilitator.dome_console_calibration import SLIDER_STYLE
from kiosk.ui.output.backend import BackendStats
from kiosk.ui.widgets.touch import touch_button

PREVIEW_PX = 420


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ConsoleControls(QWidget):
    """Preview, figures, transport; :meth:`add_pages` builds the tabs of the right column."""

    def __init__(self, tr: Translator, station: DomeStation) -> None:
        super().__init__()
        self.tr, self.station = tr, station
        self.setMaximumWidth(PREVIEW_PX + 40)
        self.preview_title = QLabel(objectName="subtitle")
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="dome_preview")
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX * 9 // 16)
        self.preview.setStyleSheet("background: black;")
        self.figures = QLabel(wordWrap=True, objectName="hint")
        self.time = QLabel(objectName="dome_time")
        self.seek = QSlider(Qt.Orientation.Horizontal, objectName="dome_seek")
        self.seek.setRange(0, 1000)
        self.seek.setMinimumHeight(48)
        self.play_pause = touch_button("", name="dome_play", min_height=64)
        self.next = touch_button("", name="dome_next", min_height=64)
        self.stop = touch_button("", name="dome_stop", min_height=64)
        self.fade = touch_button("", name="dome_fade", min_height=64)
        self.volume_label = QLabel()
        self.volume = QSlider(Qt.Orientation.Horizontal, objectName="dome_volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(round(station.volume * 100))
        self.volume.setMinimumHeight(48)
        self.message = QLabel(wordWrap=True, objectName="dome_message")
        self.busy = QLabel(objectName="hint", wordWrap=True)
        self.time.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview)
        for widget in (self.figures, self.busy, self.time, self.seek):
            layout.addWidget(widget)
        transport = QGridLayout()
        for k, button in enumerate((self.play_pause, self.next, self.stop, self.fade)):
            transport.addWidget(button, k // 2, k % 2)
        layout.addLayout(transport)
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume_label)
        volume_row.addWidget(self.volume, 1)
        layout.addLayout(volume_row)
        layout.addWidget(self.message)
        layout.addStretch()
        self.setStyleSheet(SLIDER_STYLE)
        self.tabs = QTabWidget(objectName="dome_pages")
        self._tab_keys: list[str] = []
        self._shown = (time.perf_counter(), 0)
        self._fps = 0.0

    def add_pages(self, pages: list[tuple[str, QWidget]]) -> QTabWidget:
        for key, page in pages:
            self.tabs.addTab(page, "")
            self._tab_keys.append(key)
        self.tabs.tabBar().setMinimumHeight(56)
        return self.tabs

    def show_preview(self, rgb: np.ndarray) -> None:
        h, w = rgb.shape[:2]
        scale = min(self.preview.width() / w, self.preview.height() / h)
        size = (max(1, int(w * scale)), max(1, int(h * scale)))
        small = np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA))
        image = QImage(small.data, size[0], size[1], 3 * size[0], QImage.Format.Format_RGB888)
        self.preview.setPixmap(QPixmap.fromImage(image.copy()))

    def set_busy(self, busy: bool) -> None:
        self.busy.setText(self.tr.tr("dome_console.sharpening") if busy else "")

    def refresh(self, stats: BackendStats, latency_ms: float | None) -> None:
        tr, station = self.tr.tr, self.station
        player = station.player.stats
        now = time.perf_counter()
        then, shown = self._shown
        if now - then >= 1.0:
            self._fps = (player.shown - shown) / (now - then) if player.shown >= shown else 0.0
            self._shown = (now, player.shown)
        _, p95 = player.offset_summary()
        lines = [
            tr(
                "dome_console.figures",
                fps=f"{self._fps:.0f}",
                dropped=player.dropped + stats.dropped,
                render=f"{stats.render_ms:.0f}",
                offset=f"{p95 * 1000:.0f}",
            )
        ]
        if latency_ms is not None:
            lines.append(tr("dome_console.latency", ms=f"{latency_ms:.0f}"))
        self.figures.setText("\n".join(lines))
        elapsed, total = station.position()
        show = station.current_show
        if show is None:
            self.time.setText(tr("dome_console.no_show_playing"))
        else:
            self.time.setText(
                tr(
                    "dome_console.time",
                    title=show.short_title(self.tr.language),
                    elapsed=clock_text(elapsed),
                    total=clock_text(total),
                    remaining=clock_text(total - elapsed),
                )
            )
        if total > 0 and not self.seek.isSliderDown():
            self.seek.setValue(round(1000 * min(1.0, elapsed / total)))
        playing = show is not None and not station.player.paused
        self.play_pause.setText(("⏸  " + tr("dome_console.pause")) if playing else ("▶  " + tr("dome_console.play")))
        self.fade.setText(
            ("☀  " + tr("dome_console.fade_in")) if station.faded_out else ("◐  " + tr("dome_console.fade"))
        )

    def retranslate(self) -> None:
        tr = self.tr.tr
        self.preview_title.setText(tr("dome_console.preview"))
        self.next.setText("⏭  " + tr("dome_console.next"))
        self.stop.setText("⏹  " + tr("dome_console.stop"))
        self.volume_label.setText(tr("dome_console.volume"))
        for index, key in enumerate(self._tab_keys):
            self.tabs.setTabText(index, tr(f"dome_console.tab_{key}"))

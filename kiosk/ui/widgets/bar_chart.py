"""A bar chart for a room: huge letters, counts written on the bars, a legend of the choices below.

Used by the pause-débat screen and its projection window. Choices are lettered A, B, C… on the axis
(long texts go in the legend, where they can wrap); several series (before/after) are grouped side
by side; ``highlight`` paints the bars of the right choices green (only once revealed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.figures.debate import count_ticks
from kiosk.ui.theme import FONT_FAMILY, NORMAL

BAR_COLORS = ("#4e9af1", NORMAL.accent)  # first series, second series
RIGHT_COLOR = "#2ecc71"
GROUP_WIDTH = 0.8  # of one slot on the x axis


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class ChartData:
    """What to draw: one value per choice and series; ``note`` is a line under the title."""

    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...] = ()
    highlight: frozenset[int] = frozenset()
    note: str = ""


def letter(index: int) -> str:
    return chr(ord("A") + index)


class BarChart(QWidget):
    def __init__(self, *, font_px: int = 28) -> None:
        super().__init__()
        self.font_px = font_px
        self.data = ChartData("", ())
        self.title = QLabel(objectName="chart_title", wordWrap=True)
        self.note = QLabel(objectName="chart_note", wordWrap=True)
        self.legend = QLabel(objectName="chart_legend", wordWrap=True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.plot = pg.PlotWidget(background=NORMAL.background)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        font = QFont(FONT_FAMILY)
        font.setPixelSize(font_px)
        font.setBold(True)
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=font, tickTextOffset=12)
            axis.setPen(pg.mkPen(NORMAL.muted, width=2))
            axis.setTextPen(pg.mkPen(NORMAL.text))
        self.plot.getAxis("left").setWidth(font_px * 3)
        self.plot.getAxis("bottom").setHeight(font_px * 2)
        self.setStyleSheet(f"""
            QLabel#chart_title {{ font-size: {int(font_px * 1.3)}px; font-weight: bold; }}
            QLabel#chart_note {{ font-size: {font_px}px; color: {NORMAL.accent}; }}
            QLabel#chart_legend {{ font-size: {font_px}px; }}""")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)

    def show_data(self, data: ChartData) -> None:
        self.data = data
        self.title.setText(data.title)
        self.note.setText(data.note)
        self.note.setVisible(bool(data.note))
        self.plot.clear()
        slots = len(data.labels)
        count = max(1, len(data.series))
        width = GROUP_WIDTH / count
        top = 1
        for index, series in enumerate(data.series):
            offset = -GROUP_WIDTH / 2 + width * (index + 0.5)
            xs = [slot + offset for slot in range(slots)]
            base = BAR_COLORS[index % len(BAR_COLORS)]
            brushes = [pg.mkBrush(RIGHT_COLOR if slot in data.highlight else base) for slot in range(slots)]
            self.plot.addItem(
                pg.BarGraphItem(
                    x=xs, height=list(series.values), width=width * 0.92, brushes=brushes, pen=pg.mkPen(None)
                )
            )
            for x, value in zip(xs, series.values):
                label = pg.TextItem(str(value), color=NORMAL.text, anchor=(0.5, 1.0))
                font = QFont(FONT_FAMILY)
                font.setPixelSize(self.font_px)
                font.setBold(True)
                label.setFont(font)
                label.setPos(x, value)
                self.plot.addItem(label)
            top = max(top, *series.values) if series.values else top
        self.plot.getAxis("bottom").setTicks([[(slot, letter(slot)) for slot in range(slots)]])
        self.plot.setXRange(-0.6, max(0, slots - 1) + 0.6, padding=0)
        self.plot.setYRange(0, top * 1.25, padding=0)
        self.plot.getAxis("left").setTicks([[(tick, str(tick)) for tick in count_ticks(top)], []])  # people
        self.legend.setText(self._legend_html(data))

    def _legend_html(self, data: ChartData) -> str:
        rows = []
        for index, text in enumerate(data.labels):
            mark = f"  <span style='color:{RIGHT_COLOR}'>✔</span>" if index in data.highlight else ""
            rows.append(f"<b>{letter(index)}</b>&nbsp; {_escape(text)}{mark}")
        keys = ""
        if len(data.series) > 1:
            keys = "<br>" + " &nbsp; ".join(
                f"<span style='color:{BAR_COLORS[i % len(BAR_COLORS)]}'>■</span> {_escape(s.name)}"
                for i, s in enumerate(data.series)
            )
        return "<br>".join(rows) + keys


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The projection view: the pause-débat chart alone, in its own top-level window for a second screen."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.widgets.bar_chart import BarChart, ChartData


class ProjectionWindow(QWidget):
    """Shows the same :class:`ChartData` as the facilitator's chart, with even larger text."""

    closed = Signal()

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.chart = BarChart(font_px=40)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.chart)

    def show_data(self, data: ChartData) -> None:
        self.chart.show_data(data)

    def open(self) -> None:
        """Full screen on the second screen when there is one, else a 1280×720 window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.resize(1280, 720)
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.closed.emit()
        super().closeEvent(event)

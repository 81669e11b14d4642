"""The HQ dashboard: bar charts of participants by region and by month, and every report table.

It is handed a :class:`kiosk.hq.report.Report` and shows only :func:`kiosk.hq.report.tables` — the
suppressed form — so a count below 5 never reaches the screen (screenshots get exported too).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.hq.report import MIN_COUNT, Report, tables

TITLES = {
    "summary": "Résumé",
    "by_region": "Par région",
    "by_venue_type": "Par type de lieu",
    "by_school": "Par école",
    "by_month": "Par mois",
    "by_theme": "Par thème",
    "quiz_items": "Questions",
    "dome_shows": "Dôme",
    "stations": "Stations",
    "gaps": "Trous par appareil",
}


def table_widget(header: tuple[str, ...], rows: list[tuple]) -> QTableWidget:
    widget = QTableWidget(len(rows), len(header))
    widget.setHorizontalHeaderLabels(list(header))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            widget.setItem(r, c, QTableWidgetItem(str(value)))
    widget.resizeColumnsToContents()
    return widget


def bar_chart(title: str, labels: list[str], values: list[int | str]) -> pg.PlotWidget:
    """Bars for the shown values; a suppressed value ("<5") is drawn as an empty bar."""
    plot = pg.PlotWidget(title=title)
    heights = [v if isinstance(v, int) else 0 for v in values]
    plot.addItem(pg.BarGraphItem(x=list(range(len(labels))), height=heights, width=0.7))
    plot.getAxis("bottom").setTicks([list(enumerate(labels))])
    plot.setObjectName(title)
    return plot


class Dashboard(QMainWindow):
    def __init__(self, report: Report) -> None:
        super().__init__()
        self.setWindowTitle("Cafés numériques — tableau de bord du siège")
        self.tables = tables(report)
        central = QWidget()
        layout = QVBoxLayout(central)
        ((cafes, people),) = self.tables["summary"][1]
        self.summary = QLabel(
            f"{cafes} cafés, {people} participants (les nombres inférieurs à {MIN_COUNT} sont masqués)"
        )
        layout.addWidget(self.summary)
        self.charts = []
        for name, title in (("by_region", "Participants par région"), ("by_month", "Participants par mois")):
            _header, rows = self.tables[name]
            chart = bar_chart(title, [str(r[0]) for r in rows], [r[2] for r in rows])
            self.charts.append(chart)
            layout.addWidget(chart)
        self.tabs = QTabWidget()
        for name, (header, rows) in self.tables.items():
            self.tabs.addTab(table_widget(header, rows), TITLES.get(name, name))
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.resize(1100, 900)


def show(report: Report) -> int:
    """Open the window and run the event loop; returns the exit code."""
    app = QApplication.instance() or QApplication([])
    window = Dashboard(report)
    window.show()
    return int(app.exec())

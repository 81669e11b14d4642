"""The HQ dashboard: bar charts of participants by region and by month, and every report table.

It is handed a :class:`kiosk.hq.report.Report` and shows only :func:`kiosk.hq.report.tables` — the
suppressed form — so a count below 5 never reaches the screen (screenshots get exported too). Its words
come from the ``hq.dashboard`` strings of the locale tables, in the operator's language.
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
from kiosk.i18n import Translator

# report table -> its tab's string key (hq.dashboard.*); a table without one shows its own name
TAB_KEYS = {
    "summary": "hq.dashboard.summary_tab",
    "by_region": "hq.dashboard.by_region",
    "by_venue_type": "hq.dashboard.by_venue_type",
    "by_school": "hq.dashboard.by_school",
    "by_month": "hq.dashboard.by_month",
    "by_theme": "hq.dashboard.by_theme",
    "quiz_items": "hq.dashboard.quiz_items",
    "dome_shows": "hq.dashboard.dome_shows",
    "dome_audience": "hq.dashboard.dome_audience",
    "vr_views": "hq.dashboard.vr_views",
    "stations": "hq.dashboard.stations",
    "gaps": "hq.dashboard.gaps",
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
    def __init__(self, report: Report, language: str = "fr") -> None:
        super().__init__()
        tr = Translator(language).tr
        self.setWindowTitle(tr("hq.dashboard.title"))
        self.tables = tables(report)
        central = QWidget()
        layout = QVBoxLayout(central)
        ((cafes, people),) = self.tables["summary"][1]
        self.summary = QLabel(tr("hq.dashboard.summary", cafes=cafes, people=people, minimum=MIN_COUNT))
        layout.addWidget(self.summary)
        self.charts = []
        for name, key in (("by_region", "hq.dashboard.by_region_chart"), ("by_month", "hq.dashboard.by_month_chart")):
            _header, rows = self.tables[name]
            chart = bar_chart(tr(key), [str(r[0]) for r in rows], [r[2] for r in rows])
            self.charts.append(chart)
            layout.addWidget(chart)
        self.tabs = QTabWidget()
        for name, (header, rows) in self.tables.items():
            self.tabs.addTab(table_widget(header, rows), tr(TAB_KEYS[name]) if name in TAB_KEYS else name)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.resize(1100, 900)


def show(report: Report, language: str = "fr") -> int:
    """Open the window (in ``language``) and run the event loop; returns the exit code."""
    app = QApplication.instance() or QApplication([])
    window = Dashboard(report, language)
    window.show()
    return int(app.exec())

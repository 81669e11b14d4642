"""The HQ dashboard window shows the report's suppressed tables and charts."""

from __future__ import annotations

import pytest

from kiosk.hq.report import Report

pytest.importorskip("pytestqt")


def make_report() -> Report:
    return Report(
        cafes=3,
        participants=41,
        by={
            "region": {"01": [2, 38], "06": [1, 3]},
            "venue_type": {"school": [3, 41]},
            "school": {"École A": [3, 41]},
            "month": {"2026-10": [3, 41]},
        },
        themes={"privacy": 12, "ai": 2},
        quiz_items=[("vie-privee", "q1", 20, 15, "b", 4), ("vie-privee", "q2", 3, 1, "a", 2)],
        dome_shows={"demo-dome-grid": 7},
        stations={"Robot": 4},
        gaps=[("d1", 1, "101-200", 1, "")],
    )


def test_dashboard_shows_tables_with_small_counts_hidden(qtbot):
    from kiosk.ui.hq.dashboard import Dashboard

    window = Dashboard(make_report())
    qtbot.addWidget(window)
    window.show()
    assert "3 cafés, 41 participants" in window.summary.text()
    assert window.tabs.count() == len(window.tables)
    texts = set()
    for index in range(window.tabs.count()):
        table = window.tabs.widget(index)
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                texts.add(table.item(r, c).text())
    assert "<5" in texts and "38" in texts and "101-200" in texts
    themes = window.tabs.widget(list(window.tables).index("by_theme"))
    shown = {themes.item(r, 0).text(): themes.item(r, 1).text() for r in range(themes.rowCount())}
    assert shown == {"ai": "<5", "privacy": "12"}  # 2 participants of the AI theme: hidden
    assert [c.objectName() for c in window.charts] == ["Participants par région", "Participants par mois"]

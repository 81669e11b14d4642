"""Guard against the PySide6 6.12.0 reference-count bug that made us pin 6.11.3.

With PySide6 6.12.0 on Python 3.11, every call of a Python slot from ``QPushButton.clicked`` (and from
other signals) released one reference to the slot's return value (``None``) too many; a kiosk that
handles a few thousand taps or timer ticks then aborts with ``Fatal Python error: none_dealloc`` /
``bool_dealloc``. This test fails on such a binding instead of a café crashing.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

pytestmark = pytest.mark.qt


class _Emitter(QObject):
    changed = Signal(str)


def test_python_slots_do_not_leak_or_steal_references(qtbot):
    button = QPushButton("x")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: None)
    emitter = _Emitter()
    emitter.changed.connect(lambda value: None)
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    before = sys.getrefcount(None)
    for _ in range(500):  # few enough not to abort on a broken binding, enough to see the drift
        button.click()
        emitter.changed.emit("a")
        timer.timeout.emit()
    assert sys.getrefcount(None) - before > -50, "the Qt binding steals references to None"

"""Touch helpers: large buttons and kinetic scrolling (no hover-only affordances anywhere)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QHBoxLayout, QLabel, QPushButton, QScrollArea, QScroller, QWidget

from kiosk.ui.theme import MIN_TOUCH_PX


def touch_button(
    text: str, *, name: str | None = None, parent: QWidget | None = None, min_height: int = 80
) -> QPushButton:
    """A push button at least ``min_height`` px high (never below 48 px), no keyboard focus ring."""
    button = QPushButton(text, parent)
    if name:
        button.setObjectName(name)
    button.setMinimumHeight(max(MIN_TOUCH_PX, min_height))
    button.setMinimumWidth(MIN_TOUCH_PX)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def kinetic_scroll(body: QWidget) -> QScrollArea:
    """``body`` in a scroll area that follows the finger (vertical; no horizontal bar)."""
    area = QScrollArea(widgetResizable=True)
    area.setWidget(body)
    make_kinetic(area)
    return area


def make_kinetic(area: QAbstractScrollArea) -> None:
    """Flick-to-scroll with a finger (and with the mouse, for touch screens that send mouse events)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def back_bar(on_back: Callable[[], object], *, name: str = "career_back") -> tuple[QPushButton, QLabel, QHBoxLayout]:
    """A « Retour » button and a page title on one row (the button's text is set by the page)."""
    back = touch_button("", name=name, min_height=72)
    back.clicked.connect(on_back)
    title = QLabel(objectName="title")
    row = QHBoxLayout()
    row.addWidget(back)
    row.addSpacing(16)
    row.addWidget(title, 1)
    return back, title, row

"""Touch helpers: big buttons whose text wraps, and kinetic scrolling (no hover-only affordances anywhere).

:class:`TouchButton` is the kiosk's push button. Qt's ``QPushButton`` never wraps its text (it only breaks
lines at ``\\n``) and, once a minimum width is set on it, a layout may squeeze it below its text. A touch
button instead

* is at least :data:`~kiosk.ui.theme.MIN_TOUCH_PX` (48 px) each way, and at least its ``min_height``;
* never gets narrower than its longest word (its minimum size hint), so a layout cannot cut its text;
* wraps its text at spaces when it is narrower than the text (never inside a word, never at a no-break
  space: « 30 s », « Toujours là ? » stay whole), and grows in height to show every line.

Wrapping is :func:`wrap_words`, a pure function of the text, the width and a measure of a string's width.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.ui.theme import MIN_TOUCH_PX

T = TypeVar("T")
_PROBE = QSize(1000, 1000)
"""A contents size large enough that the style adds only its padding and border to it (no minimum)."""


def wrap_words(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` in lines no wider than ``width`` where possible, breaking only at ordinary spaces.

    Existing line breaks are kept. A word wider than ``width`` gets a line of its own (it is never cut:
    the caller makes sure the width fits the longest word). ``measure`` gives a string's width.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and measure(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def longest_word(text: str, measure: Callable[[str], float]) -> float:
    """The width of the widest piece of ``text`` that :func:`wrap_words` cannot break."""
    return max((measure(word) for word in text.replace("\n", " ").split(" ")), default=0.0)


class TouchButton(QPushButton):
    """A push button for a finger: ≥ 48 px, never narrower than its longest word, wraps its text.

    Layouts ask a button for its sizes very often; every measure is kept until the text, the font or the
    style changes (:meth:`_forget`).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_height: int = 80) -> None:
        super().__init__(parent)
        self._full_text = ""
        self._min_height = max(MIN_TOUCH_PX, min_height)
        self._measures: dict[object, object] = {}
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setText(text)

    # --- text --------------------------------------------------------------------------------
    def text(self) -> str:
        """The whole text, as set (the lines on screen are :meth:`shown_text`)."""
        return self._full_text

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self._full_text = text
        self._forget()

    def shown_text(self) -> str:
        """The text as drawn: wrapped to the button's width."""
        return QPushButton.text(self)

    def _rewrap(self) -> None:
        shown = self._wrapped(self.width())
        if shown != QPushButton.text(self):
            QPushButton.setText(self, shown)
            self.updateGeometry()  # the height follows the number of lines

    def _forget(self) -> None:
        """The text, font or style changed: measure again, wrap again."""
        self._measures.clear()
        self._rewrap()
        self.updateGeometry()

    # --- measures (kept until _forget) ---------------------------------------------------------
    def _measure(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, once per ``key`` until the next :meth:`_forget`."""
        if key not in self._measures:
            self._measures[key] = compute()
        return self._measures[key]  # type: ignore[return-value]

    def _chrome(self) -> QSize:
        """What the style adds around the text: padding and border, both sides."""

        def compute() -> QSize:
            option = QStyleOptionButton()
            self.initStyleOption(option)
            option.text = ""
            return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, _PROBE, self) - _PROBE

        return self._measure("chrome", compute)

    def _wrapped(self, width: int) -> str:
        """The text wrapped for a button ``width`` px wide."""
        room = width - self._chrome().width()
        return self._measure(
            ("wrap", room), lambda: "\n".join(wrap_words(self._full_text, room, self.fontMetrics().horizontalAdvance))
        )

    def _height_for(self, text: str) -> int:
        size = self._measure(("size", text), lambda: self.fontMetrics().size(int(Qt.TextFlag.TextShowMnemonic), text))
        return max(self._min_height, size.height() + self._chrome().height())

    # --- size --------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """The width of the text on one line (each given line), the height of the lines shown now."""
        one_line = self._measure(
            "one line", lambda: self.fontMetrics().size(int(Qt.TextFlag.TextShowMnemonic), self._full_text).width()
        )
        return QSize(max(MIN_TOUCH_PX, one_line + self._chrome().width()), self._height_for(self.shown_text()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As narrow as the longest word (plus padding), never under 48 px."""
        word = self._measure("word", lambda: longest_word(self._full_text, self.fontMetrics().horizontalAdvance))
        return QSize(max(MIN_TOUCH_PX, int(word + 0.999) + self._chrome().width()), self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._height_for(self._wrapped(width))

    # --- events ------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._rewrap()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # larger text, new style
            self._forget()


def touch_button(
    text: str, *, name: str | None = None, parent: QWidget | None = None, min_height: int = 80
) -> TouchButton:
    """A :class:`TouchButton` at least ``min_height`` px high (never below 48 px), named ``name`` for the style."""
    button = TouchButton(text, parent, min_height=min_height)
    if name:
        button.setObjectName(name)
    return button


def kinetic_scroll(body: QWidget) -> QScrollArea:
    """``body`` in a scroll area that follows the finger (vertical; no horizontal bar)."""
    area = QScrollArea(widgetResizable=True)
    area.setWidget(body)
    make_kinetic(area)
    return area


KINETIC_AXIS = "kinetic_axis"
"""Property of a finger-scrolled area: the way it scrolls ("vertical" or "horizontal"), as the layout test reads it."""


def make_kinetic(area: QAbstractScrollArea, axis: Qt.Orientation = Qt.Orientation.Vertical) -> None:
    """Flick-to-scroll along ``axis`` with a finger (and with the mouse, for touch screens that send mouse events).

    No scroll bar across the axis: what does not fit that way is a layout mistake, not something to scroll to.
    """
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if axis == Qt.Orientation.Horizontal:
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setProperty(KINETIC_AXIS, "horizontal" if axis == Qt.Orientation.Horizontal else "vertical")


def back_bar(on_back: Callable[[], object], *, name: str = "career_back") -> tuple[QPushButton, QLabel, QHBoxLayout]:
    """A « Retour » button and a page title on one row (the button's text is set by the page)."""
    back = touch_button("", name=name, min_height=72)
    back.clicked.connect(on_back)
    title = QLabel(objectName="title")
    title.setWordWrap(True)
    row = QHBoxLayout()
    row.addWidget(back)
    row.addSpacing(16)
    row.addWidget(title, 1)
    return back, title, row

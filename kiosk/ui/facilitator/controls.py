"""Touch controls of the facilitator forms: chips that wrap, a big stepper, and a flow layout.

On a touchscreen, spin arrows (~14 px) and drop-down rows (~33 px) are mouse controls: the session form uses
:class:`ChipGroup` (one tap chooses; the chips wrap onto as many rows as the width needs) and
:class:`Stepper` (« −10 », « −1 », the value, « +1 », « +10 », every key at least 56 px). Both only show a
value and report changes; what the value means is the form's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.ui.theme import Palette
from kiosk.ui.widgets.touch import touch_button

CHIP_PX = 56
STEPS = (-10, -1, 1, 10)


def controls_style(p: Palette) -> str:
    """Chips and stepper keys, stronger than the panel's button rule (``QFrame#panel QPushButton``)."""
    return f"""
    QPushButton#chip {{ background: {p.background}; color: {p.text}; border: 2px solid {p.border};
                        border-radius: 22px; padding: 8px 18px; }}
    QPushButton#chip:checked {{ background: {p.accent}; color: #000000; border-color: {p.accent}; }}
    QPushButton#step {{ background: {p.background}; border: 2px solid {p.border}; font-weight: bold; }}
    QLabel#stepper_value {{ font-weight: bold; color: {p.accent}; }}
    QWidget#session_form, QWidget#venue_type, QWidget#region, QWidget#audience, QWidget#expected {{
        background: transparent; }}
    """


class FlowLayout(QLayout):
    """Lays its items left to right and wraps onto a new row when the width runs out (height follows)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (or only measure); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(area.width(), 10_000)).expandedTo(item.minimumSize())
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, row_height = area.x(), y + row_height + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


class ChipGroup(QWidget):
    """One choice among a few, as chips; :attr:`changed` carries the chosen value."""

    changed = Signal(object)

    def __init__(self, name: str) -> None:
        super().__init__(objectName=name)
        self._layout = FlowLayout(self)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._values: list[Any] = []
        self._group.idClicked.connect(lambda index: self.changed.emit(self._values[index]))

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        """``(value, text)`` pairs; the chosen value stays chosen when it is still offered (e.g. new language)."""
        current = self.value()
        if [value for value, _ in choices] == self._values:
            for (_, text), button in zip(choices, self._group.buttons()):
                button.setText(text)
            return
        for button in self._group.buttons():
            self._group.removeButton(button)
            self._layout.removeWidget(button)
            button.deleteLater()
        self._values = [value for value, _ in choices]
        for index, (_, text) in enumerate(choices):
            chip = touch_button(text, name="chip", min_height=CHIP_PX)
            chip.setCheckable(True)
            self._group.addButton(chip, index)
            self._layout.addWidget(chip)
        if current in self._values:
            self.set_value(current)

    def chips(self) -> list[QPushButton]:
        return list(self._group.buttons())

    def value(self) -> Any:
        """The chosen value, or ``None`` before the first tap."""
        index = self._group.checkedId()
        return self._values[index] if index >= 0 else None

    def set_value(self, value: Any) -> None:
        if value in self._values:
            self._group.button(self._values.index(value)).setChecked(True)


class Stepper(QWidget):
    """A whole number in ``[low, high]`` with « −10 −1 » and « +1 +10 » keys; :attr:`changed` on every step."""

    changed = Signal(int)

    def __init__(self, name: str, *, low: int, high: int, value: int) -> None:
        super().__init__(objectName=name)
        self.low, self.high = low, high
        self._value = value
        self.label = QLabel(objectName="stepper_value", alignment=Qt.AlignmentFlag.AlignCenter)
        self.label.setMinimumWidth(72)
        self.keys: dict[int, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for step in STEPS:
            key = touch_button(f"{step:+d}".replace("-", "−"), name="step", min_height=CHIP_PX)
            key.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)  # never below its text
            key.clicked.connect(lambda _=False, s=step: self.setValue(self._value + s))
            self.keys[step] = key
            if step == 1:
                row.addWidget(self.label, 1)
            row.addWidget(key)
        self._show()

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 - same name as Qt's spin boxes
        self._value = max(self.low, min(self.high, value))
        self._show()
        self.changed.emit(self._value)

    def _show(self) -> None:
        self.label.setText(str(self._value))
        for step, key in self.keys.items():
            key.setEnabled(self._value > self.low if step < 0 else self._value < self.high)  # steps clamp

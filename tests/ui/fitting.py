"""Does everything on screen fit? The checks of the layout test (and of the screenshot scripts).

:func:`layout_problems` walks the visible widgets of a window and reports, in words a person can act on:

* **text** that does not fit its widget: a label's or a button's text wider or taller than the room the
  style leaves for it (or elided: a combo box's current text cut to fit), a chart label outside its view;
* **cut** widgets: a label or a control that sticks out of its parent (a layout squeezed below its
  minimum), or out of the window — except inside a scroll area, in the direction it scrolls;
* **small** touch targets: a button, combo box, spin box (and its arrows) or line edit under 48 px.

Sizes come from the widgets' own fonts and the style's padding (``QStyle.subElementRect``), so a style
sheet change is measured, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QToolButton,
    QWidget,
)

from kiosk.ui.theme import MIN_TOUCH_PX
from kiosk.ui.widgets.touch import KINETIC_AXIS

SLACK_PX = 1
"""Rounding allowance between a font's metrics and the pixels a style gives it."""
BIG = 100_000
TARGETS = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit)


@dataclass(frozen=True)
class Problem:
    """One thing a person would see wrong: ``kind`` is ``text``, ``cut`` or ``small``."""

    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


def describe(widget: QWidget) -> str:
    """``Page > … > Class#name "text"``: enough to find the widget in the code."""
    names = []
    node: QWidget | None = widget
    while node is not None and len(names) < 4:
        name = type(node).__name__ + (f"#{node.objectName()}" if node.objectName() else "")
        names.append(name)
        node = node.parentWidget()
    text = _text(widget).replace("\n", " ")
    return " < ".join(names) + (f' "{text[:60]}"' if text else "")


def _text(widget: QWidget) -> str:
    if isinstance(widget, QPushButton):
        return QPushButton.text(widget)  # the lines drawn (a TouchButton's text() is the unwrapped text)
    if isinstance(widget, (QAbstractButton, QLabel)):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def layout_problems(window: QWidget) -> list[Problem]:
    """Everything visible in ``window`` that does not fit, is cut, or is too small to touch."""
    problems: list[Problem] = []
    for widget in visible_widgets(window):
        if isinstance(widget, QScrollBar):
            continue
        if isinstance(widget, (QLabel, *TARGETS)):
            problems += _cut(widget, window)
        if isinstance(widget, TARGETS):
            problems += _small(widget)
        if isinstance(widget, QLabel):
            problems += _label_text(widget)
        elif isinstance(widget, QPushButton):
            problems += _button_text(widget)
        elif isinstance(widget, QToolButton):
            problems += _tool_button_text(widget)
        elif isinstance(widget, QComboBox):
            problems += _combo_text(widget)
        elif isinstance(widget, QGraphicsView):
            problems += _scene_text(widget)
    return problems


def visible_widgets(root: QWidget) -> list[QWidget]:
    """The widgets shown under ``root``, depth first, without entering hidden ones (other pages of a
    stack) or a combo box's insides (its popup is not part of the page)."""
    found: list[QWidget] = []
    pending = [child for child in root.children() if isinstance(child, QWidget)]
    while pending:
        widget = pending.pop()
        if widget.isWindow() or not widget.isVisible():
            continue
        found.append(widget)
        if not isinstance(widget, QComboBox):
            pending += [child for child in widget.children() if isinstance(child, QWidget)]
    return found


# --- cut: sticking out of a parent or of the window ----------------------------------------------
def _cut(widget: QWidget, window: QWidget) -> list[Problem]:
    """The part of ``widget`` its ancestors hide (a scroll area hides nothing in the direction it scrolls)."""
    rect = QRect(widget.rect())
    node = widget
    while node is not window and node.parentWidget() is not None:
        parent = node.parentWidget()
        rect = rect.translated(node.pos())
        clip = QRect(parent.rect())
        area = parent.parentWidget()
        scrolling = isinstance(area, QAbstractScrollArea) and parent is area.viewport()
        if scrolling:
            horizontal, vertical = scroll_axes(area)
            if horizontal:
                clip.setLeft(-BIG)
                clip.setRight(BIG)
            if vertical:
                clip.setTop(-BIG)
                clip.setBottom(BIG)
        visible = rect.intersected(clip)
        if visible.width() < rect.width() - SLACK_PX or visible.height() < rect.height() - SLACK_PX:
            hidden = f"{rect.width()}×{rect.height()} shown as {visible.width()}×{visible.height()}"
            return [Problem("cut", describe(widget), f"{hidden} inside {describe(parent)}")]
        if scrolling:  # what is scrolled away is fine; what shows must fit the window
            rect = rect.intersected(parent.rect())
            if rect.isEmpty():
                return []
        node = parent
    return []


def scroll_axes(area: QAbstractScrollArea) -> tuple[bool, bool]:
    """Whether ``area`` scrolls (horizontally, vertically): by its scroll bars, or by a finger (kinetic axis)."""
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    axis = area.property(KINETIC_AXIS)
    return (
        area.horizontalScrollBarPolicy() != off or axis == "horizontal",
        area.verticalScrollBarPolicy() != off or axis == "vertical",
    )


# --- touch targets -------------------------------------------------------------------------------
def _small(widget: QWidget) -> list[Problem]:
    problems = []
    if min(widget.width(), widget.height()) < MIN_TOUCH_PX:
        problems.append(Problem("small", describe(widget), f"{widget.width()}×{widget.height()} px"))
    if isinstance(widget, QAbstractSpinBox) and widget.buttonSymbols() != QAbstractSpinBox.ButtonSymbols.NoButtons:
        option = QStyleOptionSpinBox()
        widget.initStyleOption(option)
        for control in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
            arrow = widget.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, control, widget)
            if min(arrow.width(), arrow.height()) < MIN_TOUCH_PX:
                problems.append(Problem("small", describe(widget), f"arrow {arrow.width()}×{arrow.height()} px"))
    return problems


# --- text ----------------------------------------------------------------------------------------
def _overflow(needed: QRect, room: QRect) -> str:
    """Words for text of size ``needed`` in ``room``, or '' when it fits."""
    if needed.width() <= room.width() + SLACK_PX and needed.height() <= room.height() + SLACK_PX:
        return ""
    return f"text needs {needed.width()}×{needed.height()}, has {room.width()}×{room.height()}"


def _label_text(label: QLabel) -> list[Problem]:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if rich:  # the label lays it out as a document: ask the label itself
        needed = QRect(0, 0, label.width() if label.wordWrap() else label.sizeHint().width(), 0)
        needed.setHeight(label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height())
        message = _overflow(needed, label.rect())
    else:
        margin = label.margin()
        room = label.contentsRect().adjusted(margin + max(0, label.indent()), margin, -margin, -margin)
        flags = int(label.alignment()) | (int(Qt.TextFlag.TextWordWrap) if label.wordWrap() else 0)
        width = room.width() if label.wordWrap() else BIG
        needed = label.fontMetrics().boundingRect(QRect(0, 0, width, BIG), flags, text)
        message = _overflow(QRect(0, 0, needed.width(), needed.height()), room)
    return [Problem("text", describe(label), message)] if message else []


def _button_text(button: QPushButton) -> list[Problem]:
    text = QPushButton.text(button)
    if not text:
        return []
    option = QStyleOptionButton()
    button.initStyleOption(option)
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    if not option.icon.isNull():
        room.setWidth(room.width() - option.iconSize.width() - 4)
    needed = button.fontMetrics().size(int(Qt.TextFlag.TextShowMnemonic), text)
    message = _overflow(QRect(0, 0, needed.width(), needed.height()), room)
    return [Problem("text", describe(button), message)] if message else []


def _tool_button_text(button: QToolButton) -> list[Problem]:
    text = button.text()
    if not text or button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return []
    needed = button.fontMetrics().boundingRect(QRect(0, 0, BIG, BIG), int(Qt.TextFlag.TextShowMnemonic), text)
    message = _overflow(QRect(0, 0, needed.width(), 0), button.contentsRect())
    return [Problem("text", describe(button), message)] if message else []


def _combo_text(combo: QComboBox) -> list[Problem]:
    text = combo.currentText()
    if not text:
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    needed = combo.fontMetrics().horizontalAdvance(text)
    if needed <= room.width() + SLACK_PX:
        return []
    return [Problem("text", describe(combo), f"elided: needs {needed} px, has {room.width()}")]


def _scene_text(view: QGraphicsView) -> list[Problem]:
    """Text items of a chart (pyqtgraph) that stick out of the view."""
    scene = view.scene()
    if scene is None:
        return []
    if isinstance(scene, pg.GraphicsScene):
        scene.prepareForPaint()  # pyqtgraph moves its items to the view's range just before painting
    room = view.viewport().rect()
    problems = []
    for item in scene.items():
        if not isinstance(item, pg.TextItem) or not item.isVisible() or not item.toPlainText().strip():
            continue
        shown = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        if not room.contains(shown):
            text = item.toPlainText().replace("\n", " ")[:40]
            problems.append(
                Problem("text", describe(view), f'chart label "{text}" at {shown.getRect()} outside {room.getRect()}')
            )
    return problems

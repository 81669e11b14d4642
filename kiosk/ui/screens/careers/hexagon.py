"""The RIASEC hexagon: a radar of six values drawn with pyqtgraph (visitor result and class view).

Convention (the Holland hexagon): the letters go clockwise in the canonical order R I A S E C,
R at the top. Letter ``k`` sits at the angle ``90° − 60°·k`` from the +x axis; a value ``v`` in
[0, 1] is the point at radius ``v`` on that spoke (1 = the outer ring). The plot is not
interactive (no pan, zoom or context menu): it is a picture that a finger cannot move.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from kiosk.careers import RIASEC
from kiosk.ui.theme import FONT_FAMILY, NORMAL

RINGS = (0.25, 0.5, 0.75, 1.0)
LABEL_RADIUS = 1.1
"""Where the label centres sit (the outer ring is at 1); the view leaves room for two-line labels."""
X_RANGE = 2.25
Y_RANGE = 1.55
FIT_MARGIN_PX = 4
LABEL_PX = 17
LETTER_PX = 26
FILL = QColor(NORMAL.accent)
FILL.setAlpha(150)


def spoke_angle(index: int) -> float:
    """Angle in radians of the spoke of letter ``RIASEC[index]`` (R up, then clockwise)."""
    return math.radians(90.0 - 60.0 * index)


def to_xy(values: Mapping[str, float]) -> tuple[list[float], list[float]]:
    """The closed polygon (7 points, the first repeated) of ``values`` per letter, each clipped to [0, 1]."""
    xs, ys = [], []
    for index, letter in enumerate(RIASEC + RIASEC[0]):
        radius = min(1.0, max(0.0, float(values.get(letter, 0.0))))
        angle = spoke_angle(index % 6)
        xs.append(radius * math.cos(angle))
        ys.append(radius * math.sin(angle))
    return xs, ys


def from_xy(xs: list[float], ys: list[float]) -> dict[str, float]:
    """Inverse of :func:`to_xy`: the value on each spoke (used by tests to read the plot back)."""
    return {letter: math.hypot(x, y) for letter, x, y in zip(RIASEC, xs, ys)}


def label_anchor(index: int) -> tuple[float, float]:
    """TextItem anchor of a spoke's label: the side of the text that faces the hexagon."""
    x, y = math.cos(spoke_angle(index)), math.sin(spoke_angle(index))
    if abs(x) < 0.1:  # R at the top, S at the bottom
        return (0.5, 1.0) if y > 0 else (0.5, 0.0)
    return (0.0, 0.5) if x > 0 else (1.0, 0.5)


class RiasecHexagon(pg.GraphicsView):
    """Six values in [0, 1] as a filled hexagon radar with one label per letter.

    A bare ``ViewBox`` (no PlotItem, no context menu, no mouse) rather than a ``PlotWidget``: nothing
    to hide, nothing a finger can pan or zoom, and much lighter to build (one per screen and view).
    """

    def __init__(self, parent=None, *, size: int = 420) -> None:
        super().__init__(parent, background=NORMAL.background)
        self.setObjectName("riasec_hexagon")
        self.setMinimumSize(size, size)
        self.box = pg.ViewBox(enableMouse=False, enableMenu=False, lockAspect=True)
        self.setCentralItem(self.box)
        self.box.setRange(xRange=(-X_RANGE, X_RANGE), yRange=(-Y_RANGE, Y_RANGE), padding=0)
        self._draw_grid()
        self._fill = QGraphicsPolygonItem()
        self._fill.setBrush(QBrush(FILL))
        self._fill.setPen(QPen(Qt.PenStyle.NoPen))
        self.box.addItem(self._fill)
        self.curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(NORMAL.accent, width=4),
            symbol="o",
            symbolSize=14,
            symbolBrush=NORMAL.accent,
            symbolPen=None,
        )
        self.box.addItem(self.curve)
        self._labels: dict[str, pg.TextItem] = {}
        self._texts: dict[str, str] = {}
        font = QFont(FONT_FAMILY)
        font.setPixelSize(LABEL_PX)
        for index, letter in enumerate(RIASEC):
            angle = spoke_angle(index)
            x, y = math.cos(angle), math.sin(angle)
            label = pg.TextItem(anchor=label_anchor(index))
            label.setFont(font)
            label.setPos(LABEL_RADIUS * x, LABEL_RADIUS * y)
            self.box.addItem(label)
            self._labels[letter] = label
        self.set_labels({letter: letter for letter in RIASEC})
        self._values: dict[str, float] = dict.fromkeys(RIASEC, 0.0)

    def _draw_grid(self) -> None:
        grid_pen = pg.mkPen(NORMAL.border, width=2)
        for ring in RINGS:
            xs, ys = to_xy(dict.fromkeys(RIASEC, ring))
            self.box.addItem(pg.PlotDataItem(xs, ys, pen=grid_pen))
        for index in range(6):
            angle = spoke_angle(index)
            self.box.addItem(pg.PlotDataItem([0, math.cos(angle)], [0, math.sin(angle)], pen=grid_pen))

    def set_values(self, values: Mapping[str, float]) -> None:
        """Draw ``values`` (letter → [0, 1]); missing letters are 0."""
        self._values = {letter: float(values.get(letter, 0.0)) for letter in RIASEC}
        xs, ys = to_xy(self._values)
        self.curve.setData(xs, ys)
        self._fill.setPolygon(QPolygonF([QPointF(x, y) for x, y in zip(xs, ys)]))

    def set_labels(self, labels: Mapping[str, str]) -> None:
        """The text next to each spoke: its first line (the letter) large, the rest below it.

        E.g. ``{"A": "A\\nArtistique"}``; letters missing from ``labels`` keep their text.
        """
        for letter, text in labels.items():
            first, *rest = text.split("\n")
            html = (
                f'<div style="color:#ffffff; text-align:center"><b style="font-size:{LETTER_PX}px">{escape(first)}</b>'
            )
            html += "".join(f"<br>{escape(line)}" for line in rest) + "</div>"
            self._labels[letter].setHtml(html)
            self._texts[letter] = text
        self._fit()

    def _fit(self) -> None:
        """Choose the scale so that the hexagon and every label (whose size is in pixels) fit the view.

        A label sits at :data:`LABEL_RADIUS` on its spoke and extends away from the hexagon by its own
        size; the scale ``s`` (pixels per unit) is the largest that keeps the top and bottom labels inside
        the height and the side labels inside the width. The view shows ``±w/2s`` by ``±h/2s`` around 0.
        """
        width, height = self.viewport().width(), self.viewport().height()
        if width < 10 or height < 10 or not getattr(self, "_labels", None):
            return  # not built yet (the view resizes itself while it is set up)
        label_w = max(label.boundingRect().width() for label in self._labels.values())
        label_h = max(label.boundingRect().height() for label in self._labels.values())
        side = math.cos(math.radians(30.0)) * LABEL_RADIUS
        scale = min(
            (height / 2 - label_h - FIT_MARGIN_PX) / LABEL_RADIUS,
            (width / 2 - label_w - FIT_MARGIN_PX) / side,
        )
        scale = max(scale, 1.0)
        self.box.setRange(
            xRange=(-width / 2 / scale, width / 2 / scale), yRange=(-height / 2 / scale, height / 2 / scale), padding=0
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Its least size: a layout gives it whatever room is left over (it scales to fit, see :meth:`_fit`)."""
        return self.minimumSize()

    def label_text(self, letter: str) -> str:
        """The plain text of a spoke's label."""
        return self._texts[letter]

    def plotted_values(self) -> dict[str, float]:
        """The values as drawn, read back from the plotted curve (for tests and checks)."""
        xs, ys = self.curve.getData()
        if xs is None or len(xs) == 0:
            return dict.fromkeys(RIASEC, 0.0)
        return from_xy(list(xs), list(ys))

"""The class hexagon for the facilitator: the anonymous spread of top types in the current session.

A debate starter (« pourquoi si peu de C ? »): the figures come from :mod:`kiosk.careers.group`
(aggregate codes only) for the flow's open session. A facilitator page of the main window (behind the
PIN, :mod:`kiosk.ui.facilitator.pages`); it refreshes itself every few seconds while shown and « Retour à
l'animation » goes back to the panel. When the career cards could not be loaded the hexagon still shows the
letters, and says why the names are missing (the content error, in the current language).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.careers import RIASEC, CardDeck
from kiosk.careers.group import VIEWS, GroupDistribution, session_distribution
from kiosk.ui.context import KioskContext
from kiosk.ui.messages import show_error
from kiosk.ui.screens.careers.hexagon import RiasecHexagon
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button

REFRESH_MS = 3000


class CareersGroupView(QWidget):
    """Title, « première lettre / toutes les lettres », the class hexagon and the counts."""

    open_page = Signal(str)  # « Retour à l'animation »: the panel

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("careers_group")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.view = VIEWS[0]
        self.distribution: GroupDistribution | None = None
        self.deck: CardDeck | None = ctx.careers.deck if ctx.careers else None  # letters alone still make a hexagon
        self.title = QLabel(objectName="title", wordWrap=True)
        self.close_button = touch_button("", name="primary", min_height=64)
        self.close_button.clicked.connect(lambda _=False: self.open_page.emit("panel"))
        self.refresh_button = touch_button("", min_height=64)
        self.refresh_button.clicked.connect(lambda _checked=False: self.refresh())
        top = QHBoxLayout()
        top.setContentsMargins(CORNER_MARGIN_PX, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button)
        self.view_buttons = QButtonGroup(self)
        views = QHBoxLayout()
        for index, _ in enumerate(VIEWS):
            button = touch_button("", name="careers_group_view", min_height=64)
            button.setCheckable(True)
            self.view_buttons.addButton(button, index)
            views.addWidget(button)
        views.addStretch()
        views.addWidget(self.refresh_button)
        self.view_buttons.button(0).setChecked(True)
        self.view_buttons.idClicked.connect(self.set_view)
        self.hexagon = RiasecHexagon(size=380)  # grows with the page; small enough for 1366×768
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.count = QLabel(objectName="subtitle", wordWrap=True)
        self.problem = QLabel(wordWrap=True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(views)
        layout.addWidget(self.problem)
        layout.addWidget(self.hexagon, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.hint)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    def set_view(self, index: int) -> None:
        """0 = first letter of each code, 1 = all letters weighted."""
        self.view = VIEWS[index]
        self.view_buttons.button(index).setChecked(True)
        self.retranslate()

    def refresh(self) -> None:
        """Re-read the session's codes and redraw."""
        tr = self.ctx.tr.tr
        session_id = self.ctx.flow.session_id
        self.distribution = session_distribution(self.ctx.reader, session_id) if session_id else None
        dist = self.distribution
        if dist is None:
            self.hexagon.set_values({})
            self.count.setText(tr("class_hexagon.no_session"))
            return
        shares = dist.shares(self.view)
        peak = max(shares.values()) or 1.0
        self.hexagon.set_values({t: shares[t] / peak for t in RIASEC})  # the largest share reaches the rim
        counts = dist.counts(self.view)
        self.hexagon.set_labels({t: f"{self._name(t)}\n{self._share(counts[t], shares[t])}" for t in RIASEC})
        self.count.setText(self.ctx.tr.plural("class_hexagon.count", dist.completed, coded=dist.coded))

    def _name(self, letter: str) -> str:
        if self.deck is None:
            return letter
        return f"{letter}\n{self.deck.types[letter].name.get(self.ctx.tr.language)}"

    def _share(self, count: float, share: float) -> str:
        """« 2 · 67 % » in French, "2 · 67%" in English; a weighted count keeps one decimal."""
        figure = str(int(count)) if float(count).is_integer() else f"{count:.1f}"
        if self.ctx.tr.language == "fr":
            figure = figure.replace(".", ",")
        return self.ctx.tr.tr("class_hexagon.share", count=figure, percent=round(100 * share))

    # --- the screen protocol -----------------------------------------------------------------
    def start(self) -> None:
        """Opened from the panel: the first view, fresh figures."""
        self.set_view(0)

    def reset(self) -> None:
        """Nothing per person here: the next opening starts from the first view."""
        self.view = VIEWS[0]
        self.view_buttons.button(0).setChecked(True)

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.title.setText("⬡  " + tr("class_hexagon.title"))
        self.close_button.setText(tr("class_hexagon.close"))
        self.refresh_button.setText("↻  " + tr("class_hexagon.refresh"))
        for index, view in enumerate(VIEWS):
            self.view_buttons.button(index).setText(tr(f"class_hexagon.{view}"))
        self.hint.setText(tr(f"class_hexagon.{self.view}_hint"))
        self._show_problem()
        self.refresh()

    def _show_problem(self) -> None:
        """The career cards failed to load: say so, with the reason, rather than show bare letters silently."""
        error = self.ctx.careers_error
        if error is None:
            self.problem.hide()
            return
        show_error(self.problem, error, self.ctx.tr)
        self.problem.setText(self.problem.text() + "\n" + self.ctx.tr.tr("class_hexagon.letters_only"))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.retranslate()
        self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        super().hideEvent(event)

"""The class hexagon for the facilitator: the anonymous spread of top types in the current session.

A debate starter (« pourquoi si peu de C ? »): the figures come from :mod:`kiosk.careers.group`
(aggregate codes only) for ``ctx.flow.session_id``. The view covers the facilitator panel as an
overlay (:func:`show_careers_group`), refreshes itself every few seconds while shown and closes
with its own button or when the panel is left.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.careers import RIASEC, CardDeck
from kiosk.careers.group import VIEWS, GroupDistribution, session_distribution
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.careers.hexagon import RiasecHexagon
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button

REFRESH_MS = 3000


class CareersGroupView(QWidget):
    """Title, « première lettre / toutes les lettres », the class hexagon and the counts."""

    def __init__(self, ctx: KioskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("careers_group")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.view = VIEWS[0]
        self.distribution: GroupDistribution | None = None
        self.deck: CardDeck | None = ctx.careers.deck if ctx.careers else None  # letters alone still make a hexagon
        self.title = QLabel(objectName="title")
        self.close_button = touch_button("", name="primary", min_height=64)
        self.close_button.clicked.connect(self.close)
        self.refresh_button = touch_button("", min_height=64)
        self.refresh_button.clicked.connect(lambda _checked=False: self.refresh())
        top = QHBoxLayout()
        top.setContentsMargins(CORNER_MARGIN_PX, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.close_button)
        self.view_buttons = QButtonGroup(self)
        views = QHBoxLayout()
        for index, _ in enumerate(VIEWS):
            button = touch_button("", name="careers_group_view", min_height=64)
            button.setCheckable(True)
            self.view_buttons.addButton(button, index)
            views.addWidget(button)
        views.addStretch()
        self.view_buttons.button(0).setChecked(True)
        self.view_buttons.idClicked.connect(self.set_view)
        self.hexagon = RiasecHexagon(size=520)
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.count = QLabel(objectName="subtitle", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(views)
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
            self.count.setText(tr("careers.group_no_session"))
            return
        shares = dist.shares(self.view)
        peak = max(shares.values()) or 1.0
        self.hexagon.set_values({t: shares[t] / peak for t in RIASEC})  # the largest share reaches the rim
        counts = dist.counts(self.view)
        self.hexagon.set_labels(
            {t: f"{self._name(t)}\n{self._figure(counts[t])} · {round(100 * shares[t])} %" for t in RIASEC}
        )
        self.count.setText(tr("careers.group_count", n=dist.completed, coded=dist.coded))

    def _name(self, letter: str) -> str:
        if self.deck is None:
            return letter
        return f"{letter}\n{self.deck.types[letter].name.get(self.ctx.tr.language)}"

    @staticmethod
    def _figure(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else f"{value:.1f}"

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.title.setText("⬡  " + tr("careers.group_title"))
        self.close_button.setText(tr("careers.group_close"))
        self.refresh_button.setText("↻  " + tr("careers.group_refresh"))
        for index, view in enumerate(VIEWS):
            self.view_buttons.button(index).setText(tr(f"careers.group_{view}"))
        self.hint.setText(tr(f"careers.group_{self.view}_hint"))
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.retranslate()
        self._timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        super().hideEvent(event)


class _Cover(QObject):
    """Keeps the overlay over its host: same size on resize, closed when the host hides."""

    def __init__(self, view: CareersGroupView, host: QWidget) -> None:
        super().__init__(view)
        self.view = view
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.view.setGeometry(watched.rect())
        elif event.type() == QEvent.Type.Hide:
            self.view.close()
        return False


def show_careers_group(ctx: KioskContext, host: QWidget) -> CareersGroupView:
    """Open the class hexagon over ``host`` (the facilitator panel); it deletes itself when closed."""
    view = CareersGroupView(ctx, parent=host)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    _Cover(view, host)
    view.setGeometry(host.rect())
    view.show()
    view.raise_()
    return view

"""The panel's « Stations » box: « + 1 / + 5 / + 10 » per station the app does not drive, with an undo.

Each tap hands the events of :class:`kiosk.stations.StationCounter` to the log and waits for the commit, so
the live figures and the « En attente d'envoi » count move at once (``ctx.signals.events_written``). For
:data:`kiosk.stations.UNDO_S` seconds after a tap, « ↶ Annuler « + 5 » à … » logs its correction (a new
event, never an edit).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout

from kiosk.stations import StationCounter
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import touch_button

GROUP_SIZES = (1, 5, 10)
UNDO_CHECK_MS = 500


class StationsBox(QFrame):
    def __init__(self, ctx: KioskContext) -> None:
        super().__init__(objectName="panel")
        self.ctx = ctx
        self.counter = StationCounter(ctx.clock)
        self.title = QLabel(wordWrap=True, objectName="subtitle")
        grid = QGridLayout()
        self.buttons: list[QPushButton] = []
        for row, station in enumerate(ctx.settings.external_stations):
            grid.addWidget(QLabel(station, wordWrap=True), row, 0)
            for col, size in enumerate(GROUP_SIZES, start=1):
                button = touch_button(f"+ {size}", min_height=64)
                button.clicked.connect(lambda _=False, s=station, n=size: self.add(s, n))
                self.buttons.append(button)
                grid.addWidget(button, row, col)
        grid.setColumnStretch(0, 1)
        self.undo_button = touch_button("", name="undo_group", min_height=64)
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.undo_button)
        self._undo_timer = QTimer(self, interval=UNDO_CHECK_MS)
        self._undo_timer.timeout.connect(self.show_undo)
        self.retranslate()

    def add(self, station: str, count: int) -> None:
        session = self.ctx.flow.session_id
        if session is None:
            return
        self.ctx.log_now(self.counter.add(session, station, count))
        self.show_undo()

    def undo(self) -> None:
        self.ctx.log_now(self.counter.undo())
        self.show_undo()

    def show_undo(self) -> None:
        """The undo button, for the newest tap still within its delay (checked every half second while shown)."""
        tap = self.counter.undoable()
        if tap is not None:
            self.undo_button.setText(self.ctx.tr.tr("facilitator.undo", count=tap.count, station=tap.station))
            self._undo_timer.start()
        else:
            self._undo_timer.stop()
        self.undo_button.setVisible(tap is not None)

    def set_open(self, open_: bool) -> None:
        """Taps count only in an open session; when it ends, its taps are final."""
        for button in self.buttons:
            button.setEnabled(open_)
        if not open_:
            self.counter.clear()
            self.show_undo()

    def reset(self) -> None:
        """The facilitator left: what they tapped is final."""
        self.counter.clear()
        self.show_undo()

    def retranslate(self) -> None:
        self.title.setText(self.ctx.tr.tr("facilitator.stations"))
        self.show_undo()

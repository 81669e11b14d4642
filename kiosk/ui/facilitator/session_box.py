"""The panel's « Session » box: the open café session, or the touch form that starts one.

Shows :attr:`kiosk.flow.VisitorFlow.session` (its heading follows the state at once) and, when none is
open, the form: venue type, region and audience as chips, the venue name, the expected group size on a big
stepper. The box only shows and reports: :attr:`start_requested` with the form's fields, :attr:`end_requested`;
the panel opens and closes the session through the flow. A refused form shows the core's
:class:`~kiosk.errors.SessionError` in the current language (:func:`kiosk.ui.messages.show_error`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.cafe import AUDIENCES, REGIONS, VENUE_TYPES, CafeSession
from kiosk.errors import KioskError
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.controls import ChipGroup, Stepper
from kiosk.ui.messages import show_error
from kiosk.ui.widgets.touch import touch_button

FIELDS = ("venue_type", "venue_name", "region", "audience", "expected")
DEFAULT_SIZE = 30


class SessionBox(QFrame):
    start_requested = Signal(dict)  # CafeSession.new keyword arguments
    end_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__(objectName="panel")
        self.ctx = ctx
        self.heading = QLabel(objectName="subtitle")
        self.state = QLabel(wordWrap=True, objectName="session_state")
        self.form = QWidget(objectName="session_form")
        self.venue_type = ChipGroup("venue_type")
        self.venue_name = QLineEdit(objectName="venue_name", maxLength=80)
        self.venue_name.setMinimumHeight(56)
        self.region = ChipGroup("region")
        self.region.set_choices([(code, name) for code, name in REGIONS.items()])
        self.audience = ChipGroup("audience")
        self.expected = Stepper("expected", low=1, high=2000, value=DEFAULT_SIZE)
        self.labels = {name: QLabel(wordWrap=True, objectName="hint") for name in FIELDS}
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        for name, field in zip(FIELDS, (self.venue_type, self.venue_name, self.region, self.audience, self.expected)):
            form.addWidget(self.labels[name])
            form.addWidget(field)
        self.error = QLabel(wordWrap=True, objectName="form_error")
        self.error.hide()
        self.start = touch_button("", name="primary", min_height=64)
        self.start.clicked.connect(lambda _=False: self.start_requested.emit(self.fields()))
        self.end = touch_button("", name="danger", min_height=64)
        self.end.clicked.connect(self.end_requested)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.state, self.form, self.error, self.start, self.end):
            layout.addWidget(widget)
        self.retranslate()

    def fields(self) -> dict[str, Any]:
        """The form as :meth:`kiosk.cafe.CafeSession.new` wants it (``None`` where nothing was chosen)."""
        return {
            "venue_type": self.venue_type.value(),
            "venue_name": self.venue_name.text(),
            "region": self.region.value(),
            "audience": self.audience.value(),
            "expected_size": self.expected.value(),
        }

    def show_problem(self, problem: KioskError) -> None:
        show_error(self.error, problem, self.ctx.tr)

    def show_session(self, session: CafeSession | None) -> None:
        """The box for ``session`` (``None``: the form); the heading says which, at once."""
        tr = self.ctx.tr.tr
        open_ = session is not None
        self.heading.setText(tr("facilitator.heading_open" if open_ else "facilitator.heading_none"))
        if session is not None:
            self.state.setText(tr("facilitator.session_open", venue=session.venue_name, region=REGIONS[session.region]))
            self.error.hide()
        else:
            self.state.setText(tr("facilitator.session_none") + "\n" + tr("facilitator.start_first"))
        self.form.setVisible(not open_)
        self.start.setVisible(not open_)
        self.end.setVisible(open_)

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        for name, label in self.labels.items():
            label.setText(tr(f"facilitator.{name}"))
        self.venue_type.set_choices([(value, tr(f"venue.{value}")) for value in VENUE_TYPES])
        self.audience.set_choices([(value, tr(f"audience.{value}")) for value in AUDIENCES])
        self.start.setText("▶  " + tr("facilitator.start"))
        self.end.setText("■  " + tr("facilitator.end"))
        self.error.hide()
        self.show_session(self.ctx.flow.session)

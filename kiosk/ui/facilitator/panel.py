"""The facilitator panel (behind the PIN): the café session, station counters, live figures, notices, sync.

A page of the main window (:class:`kiosk.ui.screen.KioskScreen`, built as ``FacilitatorPanel(ctx)``). It
opens the other facilitator pages by name through :attr:`FacilitatorPanel.open_page` — the window checks
the unlock, so every way in goes through the PIN or a still-valid unlock. The header's page buttons come
from :data:`PAGE_BUTTONS`: a new facilitator page is one line there and one in
:func:`kiosk.ui.facilitator.pages.facilitator_pages`. A widget that opens something over the panel itself
(e.g. the dome console's button) goes into the header with ``panel.actions.addWidget(button)``.

« Quitter l'application » and « Terminer la session » ask for one more tap on a
:class:`~kiosk.ui.overlays.ConfirmOverlay` that says what will happen (« 45 personnes comptées »). The
session is opened and closed through the flow; writes are awaited (``log_now``) so that the figures shown
right after a tap include it, and ``ctx.signals.events_written`` moves the sync box's pending count too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.cafe import CafeSession
from kiosk.errors import SessionError
from kiosk.figures.session import SessionCounts, last_session, session_counts
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.controls import FlowLayout, controls_style
from kiosk.ui.facilitator.dome_console import dome_console_button
from kiosk.ui.facilitator.session_box import SessionBox
from kiosk.ui.facilitator.stations_box import StationsBox
from kiosk.ui.facilitator.sync_box import SyncBox
from kiosk.ui.overlays import ConfirmOverlay
from kiosk.ui.theme import palette
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button

COUNT_KEYS = (
    "kiosk_visitors",
    "quiz_answers",
    "quizzes_completed",
    "careers_completed",
    "dome_shows",
    "dome_audience",
    "vr_views",
)
REFRESH_MS = 2000
PAGE_BUTTONS: tuple[tuple[str, str, str], ...] = (("debate", "debate.open", "💬"),)
"""The header's buttons to other facilitator pages: (page name, text key, icon)."""


class FacilitatorPanel(QWidget):
    open_page = Signal(str)  # a facilitator page by name (see kiosk.ui.facilitator.pages)
    leave = Signal()  # back to the kiosk (attract screen)
    quit_requested = Signal()  # confirmed: the application closes

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.counts = SessionCounts()
        self.session_box = SessionBox(ctx)
        self.session_box.start_requested.connect(self.start_session)
        self.session_box.end_requested.connect(self.confirm_end)
        self.stations = StationsBox(ctx)
        self.sync_box = SyncBox(ctx)
        self.columns = ((self.session_box, self.stations), (self._counts_box(), self._notices_box(), self.sync_box))
        body = QWidget()
        self.body_layout = QHBoxLayout(body)
        self.column_layouts = (QVBoxLayout(), QVBoxLayout())
        for column, boxes in zip(self.column_layouts, self.columns, strict=True):
            for box in boxes:
                column.addWidget(box)
            column.addStretch()
            self.body_layout.addLayout(column, 1)
        self.two_columns = True
        self.scroll = kinetic_scroll(body)
        self.scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self.scroll, 1)
        self.confirm = ConfirmOverlay(self, ctx.tr)
        self._confirmed_action: Callable[[], object] | None = None
        self.confirm.confirmed.connect(self._confirmed)
        self.confirm.cancelled.connect(lambda: setattr(self, "_confirmed_action", None))
        self._refresh = QTimer(self, interval=REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        ctx.signals.notices_changed.connect(self._show_notices)
        ctx.signals.events_written.connect(self._written)
        self.restyle()
        self.retranslate()

    # --- building ----------------------------------------------------------------------------
    def _header(self) -> QVBoxLayout:
        """The title with « Retour au kiosque » and « Quitter » at the top right; below, the other pages."""
        self.title = QLabel(objectName="title", wordWrap=True)
        self.page_buttons: dict[str, QPushButton] = {}
        self.actions = actions = FlowLayout()  # buttons to other pages; they wrap onto more rows if needed
        for page, _, _ in PAGE_BUTTONS:
            button = touch_button("", name=f"open_{page}", min_height=64)
            button.clicked.connect(lambda _=False, name=page: self.open_page.emit(name))
            self.page_buttons[page] = button
            actions.addWidget(button)
        actions.addWidget(dome_console_button(self, self.ctx))  # the dome console covers the panel (issue 10)
        self.back = touch_button("", name="primary", min_height=64)
        self.back.clicked.connect(self.leave)
        self.quit = touch_button("", name="danger", min_height=64)
        self.quit.clicked.connect(self.confirm_quit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back)
        top.addWidget(self.quit)
        header = QVBoxLayout()
        header.setContentsMargins(CORNER_MARGIN_PX, 0, 0, 0)
        header.addLayout(top)
        header.addLayout(actions)
        return header

    def _place_boxes(self, *, two: bool) -> None:
        """Two columns when the screen is wide enough for both, else one under the other (nothing cut)."""
        if two == self.two_columns:
            return
        self.two_columns = two
        left, right = self.column_layouts
        source, target = (left, right) if two else (right, left)
        for box in self.columns[1]:
            source.removeWidget(box)
            target.insertWidget(target.count() - 1, box)  # before the column's stretch
        self.body_layout.setStretch(1, 1 if two else 0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API: the scroll area's width changed
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            needed = sum(max(box.minimumSizeHint().width() for box in boxes) for boxes in self.columns)
            spacing = self.body_layout.spacing() + self.body_layout.contentsMargins().left() * 2
            self._place_boxes(two=watched.width() >= needed + spacing)
        return False

    def _counts_box(self) -> QFrame:
        frame = QFrame(objectName="panel")
        layout = QVBoxLayout(frame)
        self.counts_title = QLabel(objectName="subtitle")
        layout.addWidget(self.counts_title)
        self.count_labels: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout()
        for row, key in enumerate(("total", "station_visitors", *COUNT_KEYS)):
            name, value = QLabel(wordWrap=True), QLabel(objectName="big" if key == "total" else "")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName(f"count_{key}")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.count_labels[key] = (name, value)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
        self.stations_detail = QLabel(wordWrap=True, objectName="hint")
        layout.addWidget(self.stations_detail)
        self.careers_group = touch_button("", name="careers_group_open", min_height=64)
        self.careers_group.clicked.connect(lambda _=False: self.open_page.emit("careers_group"))
        layout.addWidget(self.careers_group)
        return frame

    def _notices_box(self) -> QFrame:
        frame = QFrame(objectName="panel")
        layout = QVBoxLayout(frame)
        self.notices_title = QLabel(objectName="subtitle")
        self.notices = QLabel(wordWrap=True, objectName="notices")
        self.notices.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.notices_title)
        layout.addWidget(self.notices)
        return frame

    # --- the screen protocol -----------------------------------------------------------------
    def start(self) -> None:
        """Opened: figures re-read, the form starts from the last session's venue."""
        self._prefill()
        self.refresh()
        self.sync_box.refresh()

    def reset(self) -> None:
        """The facilitator left: no confirmation stays up, taps are final, the form's error goes."""
        self.confirm.hide()
        self.stations.reset()
        self.session_box.error.hide()

    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.confirm.hide()  # its sentences were in the other language
        self.sync_box.retranslate()
        self.session_box.retranslate()
        self.stations.retranslate()
        self.title.setText("🔑  " + tr("facilitator.title"))
        for page, key, icon in PAGE_BUTTONS:
            self.page_buttons[page].setText(f"{icon}  {tr(key)}")
        self.back.setText(tr("facilitator.back_to_kiosk"))
        self.quit.setText(tr("facilitator.exit"))
        self.counts_title.setText(tr("facilitator.counts"))
        self.careers_group.setText("⬡  " + tr("class_hexagon.open"))
        self.notices_title.setText(tr("facilitator.notices"))
        for key, (name, _) in self.count_labels.items():
            name.setText(tr(f"facilitator.{key}"))
        self._show_notices()
        self.refresh()

    def restyle(self) -> None:
        self.setStyleSheet(controls_style(palette(self.ctx.high_contrast)))

    # --- figures -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._refresh.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._refresh.stop()
        super().hideEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.confirm.follow()

    def refresh(self) -> None:
        """Show the flow's session and re-read its counts from the log."""
        session = self.ctx.flow.session
        self.session_box.show_session(session)
        self.stations.set_open(session is not None)
        self.counts = session_counts(self.ctx.reader, session.session_id) if session else SessionCounts()
        values = {
            "total": self.counts.total_visitors,
            "station_visitors": sum(self.counts.station_visitors.values()),
            **{key: getattr(self.counts, key) for key in COUNT_KEYS},
        }
        for key, (_, label) in self.count_labels.items():
            label.setText(str(values[key]))
        self.stations_detail.setText(
            " · ".join(
                self.ctx.tr.tr("facilitator.station_count", station=name, count=n)
                for name, n in self.counts.station_visitors.items()
                if n
            )
        )

    def _written(self) -> None:
        """A facilitator write committed: figures and the pending count move at once."""
        if self.isVisible():
            self.refresh()
            self.sync_box.refresh()

    def _show_notices(self) -> None:
        notices = self.ctx.notices
        self.notices.setText(
            "\n".join(f"• {n.text(self.ctx.tr.language)}" for n in notices)
            if notices
            else self.ctx.tr.tr("facilitator.no_notices")
        )

    # --- the session -------------------------------------------------------------------------
    def _prefill(self) -> None:
        """With no session open, the form starts from the last one's venue (one laptop, one venue a day)."""
        box = self.session_box
        if self.ctx.flow.session is not None or box.venue_name.text():
            return
        last = last_session(self.ctx.reader, self.ctx.writer.book.device_id)
        if last is not None:
            box.venue_type.set_value(last.venue_type)
            box.venue_name.setText(last.venue_name)
            box.region.set_value(last.region)

    def start_session(self, fields: dict[str, Any]) -> None:
        try:
            session = CafeSession.new(**fields)
        except SessionError as exc:
            self.session_box.show_problem(exc)
            return
        self.ctx.log_now(self.ctx.flow.open_session(session))
        self.ctx.signals.session_changed.emit()
        self.refresh()

    def confirm_end(self) -> None:
        session = self.ctx.flow.session
        if session is None:
            return
        self.refresh()
        tr = self.ctx.tr
        facts = [
            tr.tr(
                "facilitator.end_counted",
                people=tr.plural("facilitator.people", self.counts.total_visitors),
                kiosk=self.counts.kiosk_visitors,
                stations=sum(self.counts.station_visitors.values()),
            ),
            tr.tr("facilitator.end_effect"),
        ]
        title = tr.tr("facilitator.end_title", venue=session.venue_name)
        self._ask("end session", title, facts, tr.tr("facilitator.end"), self.end_session)

    def end_session(self) -> None:
        self.ctx.log_now(self.ctx.flow.close_session())
        self.ctx.signals.session_changed.emit()
        self.refresh()

    def confirm_quit(self) -> None:
        self.refresh()
        tr, session = self.ctx.tr, self.ctx.flow.session
        if session is not None:
            people = tr.plural("facilitator.people", self.counts.total_visitors)
            facts = [tr.tr("facilitator.quit_session", venue=session.venue_name, people=people)]
        else:
            facts = [tr.tr("facilitator.quit_no_session")]
        facts.append(tr.tr("facilitator.quit_effect"))
        self._ask("quit", tr.tr("facilitator.quit_title"), facts, tr.tr("facilitator.exit"), self.quit_requested.emit)

    def _ask(self, name: str, title: str, facts: list[str], action: str, then: Callable[[], object]) -> None:
        """One more tap: ``then()`` runs only on the confirmation's action button (``name`` is for the log)."""
        self._confirmed_action = then
        self.confirm.ask(title, facts, action, name=name)

    def _confirmed(self) -> None:
        action, self._confirmed_action = self._confirmed_action, None
        if action is not None:
            action()

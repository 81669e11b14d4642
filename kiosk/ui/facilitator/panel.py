"""The facilitator panel (behind the PIN): open/close the café session, live counts, stations, notices.

Reads go through the context's own read-only connection; writes go through the single writer and are
awaited (``log_now``) so that the counts shown right after a tap include it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.cafe import AUDIENCES, REGIONS, VENUE_TYPES, CafeSession
from kiosk.errors import SessionError
from kiosk.figures.session import SessionCounts, current_session, session_counts
from kiosk.ui.context import KioskContext
from kiosk.ui.facilitator.careers_group import show_careers_group
from kiosk.ui.facilitator.debate import DebateScreen
from kiosk.ui.facilitator.dome_console import dome_console_button
from kiosk.ui.facilitator.sync_box import SyncBox
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button

GROUP_SIZES = (1, 5, 10)
COUNT_KEYS = ("kiosk_visitors", "quiz_answers", "quizzes_completed", "careers_completed", "dome_shows", "dome_audience")


def _panel(title: QLabel) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(objectName="panel")
    layout = QVBoxLayout(frame)
    title.setObjectName("subtitle")
    layout.addWidget(title)
    return frame, layout


class FacilitatorPanel(QWidget):
    leave = Signal()  # back to the kiosk (attract screen)
    quit_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.session: CafeSession | None = None
        self.title = QLabel(objectName="title")
        self.back = touch_button("", name="primary", min_height=64)
        self.back.clicked.connect(self.leave)
        self.quit = touch_button("", name="danger", min_height=64)
        self.quit.clicked.connect(self.quit_requested)
        top = QHBoxLayout()
        top.setContentsMargins(CORNER_MARGIN_PX, 0, 0, 0)
        top.addWidget(self.title, 1)
        self.debate = touch_button("", name="open_debate", min_height=64)
        self.debate.clicked.connect(lambda: DebateScreen.cover(self, self.ctx))
        top.addWidget(self.debate)
        top.addWidget(dome_console_button(self, ctx))  # the dome console covers the panel (issue 10)
        top.addWidget(self.back)
        top.addWidget(self.quit)

        body = QWidget()
        columns = QHBoxLayout(body)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        left.addWidget(self._session_box())
        left.addWidget(self._stations_box())
        left.addStretch()
        right.addWidget(self._counts_box())
        right.addWidget(self._notices_box())
        self.sync_box = SyncBox(ctx)
        right.addWidget(self.sync_box)
        right.addStretch()
        scroll = kinetic_scroll(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._refresh = QTimer(self, interval=2000)
        self._refresh.timeout.connect(self.refresh)
        ctx.signals.notices_changed.connect(self._show_notices)
        self.retranslate()

    # --- building ----------------------------------------------------------------------------
    def _session_box(self) -> QFrame:
        self.session_title = QLabel()
        frame, layout = _panel(self.session_title)
        self.session_state = QLabel(wordWrap=True, objectName="session_state")
        layout.addWidget(self.session_state)
        self.form_widget = QWidget()
        form = QFormLayout(self.form_widget)
        self.venue_type = QComboBox(objectName="venue_type")
        self.venue_name = QLineEdit(objectName="venue_name", maxLength=80)
        self.region = QComboBox(objectName="region")
        for code, name in REGIONS.items():
            self.region.addItem(f"{code} – {name}", code)
        self.audience = QComboBox(objectName="audience")
        self.expected = QSpinBox(objectName="expected", minimum=1, maximum=2000, value=30)
        self.form_labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.form_labels, (self.venue_type, self.venue_name, self.region, self.audience, self.expected)
        ):
            form.addRow(label, field)
        layout.addWidget(self.form_widget)
        self.form_error = QLabel(wordWrap=True, objectName="form_error")
        layout.addWidget(self.form_error)
        self.start = touch_button("", name="primary", min_height=64)
        self.start.clicked.connect(self.start_session)
        self.end = touch_button("", name="danger", min_height=64)
        self.end.clicked.connect(self.end_session)
        layout.addWidget(self.start)
        layout.addWidget(self.end)
        return frame

    def _stations_box(self) -> QFrame:
        self.stations_title = QLabel(wordWrap=True)
        frame, layout = _panel(self.stations_title)
        grid = QGridLayout()
        self.station_buttons = []
        for row, station in enumerate(self.ctx.settings.external_stations):
            grid.addWidget(QLabel(station), row, 0)
            for col, size in enumerate(GROUP_SIZES, start=1):
                button = touch_button(f"+ {size}", min_height=56)
                button.clicked.connect(lambda _=False, s=station, n=size: self.add_group(s, n))
                self.station_buttons.append(button)
                grid.addWidget(button, row, col)
        layout.addLayout(grid)
        return frame

    def _counts_box(self) -> QFrame:
        self.counts_title = QLabel()
        frame, layout = _panel(self.counts_title)
        self.count_labels: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout()
        for row, key in enumerate(("total", "station_visitors", *COUNT_KEYS)):
            name, value = QLabel(wordWrap=True), QLabel(objectName="big" if key == "total" else "")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setObjectName(f"count_{key}")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.count_labels[key] = (name, value)
        layout.addLayout(grid)
        self.stations_detail = QLabel(wordWrap=True, objectName="hint")
        layout.addWidget(self.stations_detail)
        self.careers_group = touch_button("", name="careers_group_open", min_height=64)
        self.careers_group.clicked.connect(lambda _checked=False: show_careers_group(self.ctx, self))
        layout.addWidget(self.careers_group)
        return frame

    def _notices_box(self) -> QFrame:
        self.notices_title = QLabel()
        frame, layout = _panel(self.notices_title)
        self.notices = QLabel(wordWrap=True, objectName="notices")
        self.notices.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.notices)
        return frame

    # --- behaviour ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        tr = self.ctx.tr.tr
        self.sync_box.retranslate()
        self.title.setText("🔑  " + tr("facilitator.title"))
        self.back.setText(tr("facilitator.back_to_kiosk"))
        self.debate.setText("💬  " + tr("debate.open"))
        self.quit.setText(tr("facilitator.exit"))
        self.session_title.setText(tr("facilitator.start") if self.session is None else tr("facilitator.end"))
        for label, key in zip(self.form_labels, ("venue_type", "venue_name", "region", "audience", "expected")):
            label.setText(tr(f"facilitator.{key}"))
        self._fill_combo(self.venue_type, VENUE_TYPES, "venue")
        self._fill_combo(self.audience, AUDIENCES, "audience")
        self.start.setText("▶  " + tr("facilitator.start"))
        self.end.setText("■  " + tr("facilitator.end"))
        self.stations_title.setText(tr("facilitator.stations"))
        self.counts_title.setText(tr("facilitator.counts"))
        self.careers_group.setText("⬡  " + tr("careers.group_open"))
        self.notices_title.setText(tr("facilitator.notices"))
        for key, (name, _) in self.count_labels.items():
            name.setText(tr(f"facilitator.{key}"))
        self._show_notices()
        self.refresh()

    def _fill_combo(self, combo: QComboBox, values: tuple[str, ...], section: str) -> None:
        current = combo.currentData()
        combo.clear()
        for value in values:
            combo.addItem(self.ctx.tr.tr(f"{section}.{value}"), value)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()
        self.sync_box.refresh()
        self._refresh.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._refresh.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Re-read the open session and its counts from the log."""
        device_id = self.ctx.writer.book.device_id
        self.session = current_session(self.ctx.reader, device_id)
        self.ctx.flow.session_id = self.session.session_id if self.session else None
        tr = self.ctx.tr.tr
        open_ = self.session is not None
        self.form_widget.setVisible(not open_)
        self.start.setVisible(not open_)
        self.end.setVisible(open_)
        for button in self.station_buttons:
            button.setEnabled(open_)
        if open_:
            self.session_state.setText(
                tr("facilitator.session_open", venue=self.session.venue_name, region=REGIONS[self.session.region])
            )
            self._show_counts(session_counts(self.ctx.reader, self.session.session_id))
        else:
            self.session_state.setText(tr("facilitator.session_none") + "\n" + tr("facilitator.start_first"))
            self._show_counts(SessionCounts())

    def _show_counts(self, counts: SessionCounts) -> None:
        values = {
            "total": counts.total_visitors,
            "station_visitors": sum(counts.station_visitors.values()),
            **{key: getattr(counts, key) for key in COUNT_KEYS},
        }
        for key, (_, label) in self.count_labels.items():
            label.setText(str(values[key]))
        self.stations_detail.setText(" · ".join(f"{name} : {n}" for name, n in counts.station_visitors.items()))

    def start_session(self) -> None:
        try:
            session = CafeSession.new(
                venue_type=self.venue_type.currentData(),
                venue_name=self.venue_name.text(),
                region=self.region.currentData(),
                audience=self.audience.currentData(),
                expected_size=self.expected.value(),
            )
        except SessionError as exc:
            self.form_error.setText(f"⚠️  {exc}")
            return
        self.form_error.setText("")
        self.ctx.log_now([session.started_event(self.ctx.settings.station_name)])
        self.ctx.signals.session_changed.emit()
        self.retranslate()

    def end_session(self) -> None:
        if self.session is not None:
            self.ctx.log_now([self.session.ended_event()])
            self.ctx.signals.session_changed.emit()
        self.retranslate()

    def add_group(self, station: str, count: int) -> None:
        if self.session is not None:
            self.ctx.log_now([self.session.station_group_event(station, count)])
            self.refresh()

    def _show_notices(self) -> None:
        notices = self.ctx.notices
        self.notices.setText(
            "\n".join(f"• {n.text(self.ctx.tr.language)}" for n in notices)
            if notices
            else self.ctx.tr.tr("facilitator.no_notices")
        )

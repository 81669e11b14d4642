"""The result page: the RIASEC hexagon, the top types in plain words, « interests change », job cards.

The job cards sit in a horizontal strip that scrolls with a finger (kinetic) and with two big
‹ › buttons; each opens the full card. Nothing of the result leaves this page except the
aggregate code in the ``career_completed`` event, logged by :mod:`kiosk.ui.screens.careers.player`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.careers import RIASEC, CareerCatalogue, Result
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.careers.hexagon import RiasecHexagon
from kiosk.ui.screens.careers.job import TILE_HEIGHT, TILE_WIDTH, JobTile
from kiosk.ui.widgets.touch import kinetic_scroll, make_kinetic, touch_button

JOB_CARDS = 6
"""How many matched job cards the strip offers (the issue asks for 4–6)."""
STRIP_SPACING = 16
HEXAGON_PX = 240
"""The hexagon's least height: it grows with the room left above the job strip."""
HEXAGON_MIN_WIDTH_PX = 420
"""Room for the hexagon and the type names on both sides of it."""
HEXAGON_WIDTH_PX = 560
WORDS_MIN_PX = 96
"""The least height of the result's words (they scroll): two lines of larger text."""


class CareerResultPage(QWidget):
    """Shows one :class:`Result`; signals what the visitor taps next."""

    job_requested = Signal(str)
    browse_requested = Signal()
    takeaway_requested = Signal()
    restart_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue: CareerCatalogue = ctx.careers  # pages are built only when the catalogue loaded
        self.tr_ = ctx.tr
        self.result: Result | None = None
        self.tiles: list[JobTile] = []
        self.hexagon = RiasecHexagon(size=HEXAGON_PX)
        self.hexagon.setMinimumWidth(HEXAGON_MIN_WIDTH_PX)
        self.hexagon.setMaximumWidth(HEXAGON_WIDTH_PX)  # the rest of the width goes to the words
        self.heading = QLabel(objectName="title")
        self.heading.setWordWrap(True)
        self.types = QLabel(objectName="career_types")
        self.types.setWordWrap(True)
        self.types.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel(objectName="career_message")
        self.message.setWordWrap(True)
        self.reminder = QLabel(objectName="hint")
        self.reminder.setWordWrap(True)
        words = QWidget()
        column = QVBoxLayout(words)
        for widget in (self.heading, self.types, self.message, self.reminder):
            column.addWidget(widget)
        column.addStretch()
        self.words = kinetic_scroll(words)
        # Its height is whatever the hexagon leaves (it scrolls): never a reason for the page to squeeze the
        # job strip below its tiles (the layout takes a preferred height as a least one when words wrap).
        self.words.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.words.setMinimumHeight(WORDS_MIN_PX)
        self.browse = touch_button("", name="career_browse", min_height=80)
        self.browse.clicked.connect(self.browse_requested)
        self.takeaway = touch_button("", name="primary", min_height=80)
        self.takeaway.clicked.connect(self.takeaway_requested)
        actions = QHBoxLayout()
        actions.addStretch()
        actions.addWidget(self.browse)
        actions.addWidget(self.takeaway)
        right = QVBoxLayout()
        right.addWidget(self.words, 1)
        right.addLayout(actions)
        top = QHBoxLayout()
        top.addWidget(self.hexagon, 2)
        top.addLayout(right, 3)

        self.jobs_title = QLabel(objectName="subtitle", wordWrap=True)
        self.restart = touch_button("", name="career_restart", min_height=64)
        self.restart.clicked.connect(self.restart_requested)
        title_row = QHBoxLayout()
        title_row.addWidget(self.jobs_title, 1)
        title_row.addWidget(self.restart)
        self.previous = touch_button("‹", name="career_strip_prev", min_height=TILE_HEIGHT)
        self.next = touch_button("›", name="career_strip_next", min_height=TILE_HEIGHT)
        for button, step in ((self.previous, -1), (self.next, 1)):
            button.setFixedWidth(72)
            button.clicked.connect(lambda _=False, s=step: self.scroll_strip(s))
        self.strip_body = QWidget()
        self.strip_body.installEventFilter(self)
        self.strip_row = QHBoxLayout(self.strip_body)
        self.strip_row.setSpacing(STRIP_SPACING)
        self.strip_row.setContentsMargins(0, 0, 0, 0)
        self.strip = QScrollArea(widgetResizable=True, objectName="career_strip")
        self.strip.setWidget(self.strip_body)
        self.strip.setFixedHeight(TILE_HEIGHT)
        make_kinetic(self.strip, Qt.Orientation.Horizontal)
        strip = QHBoxLayout()
        strip.addWidget(self.previous)
        strip.addWidget(self.strip, 1)
        strip.addWidget(self.next)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addLayout(top, 1)
        layout.addLayout(title_row)
        layout.addLayout(strip)

    def show_result(self, result: Result) -> None:
        self.result = result
        self.hexagon.set_values(result.scores)
        for tile in self.tiles:
            self.strip_row.removeWidget(tile)
            tile.hide()  # gone at once, even before the deferred delete runs
            tile.deleteLater()
        self.tiles = []
        for job_id in result.top_jobs(JOB_CARDS):
            tile = JobTile(self.catalogue.job(job_id), self.ctx)
            tile.opened.connect(self.job_requested)
            self.strip_row.addWidget(tile, 0, Qt.AlignmentFlag.AlignTop)  # tiles of different heights line up
            self.tiles.append(tile)
        has_jobs = bool(self.tiles)
        for widget in (self.jobs_title, self.strip, self.previous, self.next, self.takeaway):
            widget.setVisible(has_jobs)
        self.strip.horizontalScrollBar().setValue(0)
        self.words.verticalScrollBar().setValue(0)
        self.retranslate()

    def _fit_strip(self) -> None:
        """The strip as tall as its tallest tile (titles and larger text make tiles taller)."""
        height = max((tile.minimumHeight() for tile in self.tiles), default=TILE_HEIGHT)
        self.strip.setFixedHeight(height)
        for button in (self.previous, self.next):
            button.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A tile changed size (language, larger text): the strip follows."""
        if watched is self.strip_body and event.type() == QEvent.Type.LayoutRequest:
            self._fit_strip()
        return False

    def scroll_strip(self, step: int) -> None:
        """Move the strip by ``step`` job cards (−1 back, +1 forward)."""
        bar = self.strip.horizontalScrollBar()
        width = self.tiles[0].width() if self.tiles else TILE_WIDTH
        bar.setValue(bar.value() + step * (width + STRIP_SPACING))

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        deck = self.catalogue.deck
        self.hexagon.set_labels({t: f"{t}\n{deck.types[t].name.get(lang)}" for t in RIASEC})
        self.jobs_title.setText(tr("careers.jobs_title"))
        self.browse.setText("🔎  " + tr("careers.browse"))
        self.takeaway.setText("📱  " + tr("careers.takeaway"))
        self.restart.setText("↺  " + tr("careers.restart"))
        for tile in self.tiles:
            tile.retranslate()
        self._fit_strip()
        result = self.result
        if result is None:
            return
        code = result.code
        self.heading.setText(tr("careers.your_code", code=" ".join(code)) if code else tr("careers.no_code"))
        self.types.setText(
            "".join(
                f"<p><b>{t} — {escape(deck.types[t].name.get(lang))}</b><br>"
                f"{escape(deck.types[t].description.get(lang))}</p>"
                for t in code
            )
        )
        key = result.message_key
        self.message.setText(deck.messages[key].get(lang) if key else "")
        self.message.setVisible(bool(key))
        self.reminder.setText("🌱  " + deck.reminder.get(lang))

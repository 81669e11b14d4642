"""Browse every job by RIASEC type: six big type buttons, then the job tiles of that type."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.careers import RIASEC, CareerCatalogue
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.careers.job import TILE_WIDTH, JobTile
from kiosk.ui.widgets.touch import back_bar, kinetic_scroll, touch_button

GRID_SPACING = 16
TYPE_COLUMNS = 3
"""The six type buttons in two rows of three: each name fits on one line, even with larger text."""


class CareerBrowsePage(QWidget):
    """``job_requested(job_id)`` when a tile is tapped, ``back_requested()`` for the back button."""

    job_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue: CareerCatalogue = ctx.careers  # pages are built only when the catalogue loaded
        self.tr_ = ctx.tr
        self.letter = RIASEC[0]
        self.tiles: list[JobTile] = []
        self.back, self.title, top = back_bar(self.back_requested)
        self.type_buttons = QButtonGroup(self)
        types = QGridLayout()
        types.setSpacing(10)
        for index, _letter in enumerate(RIASEC):
            button = touch_button("", name="career_type", min_height=64)
            button.setCheckable(True)
            self.type_buttons.addButton(button, index)
            types.addWidget(button, index // TYPE_COLUMNS, index % TYPE_COLUMNS)
        self.type_buttons.idClicked.connect(lambda index: self.show_type(RIASEC[index]))
        self.description = QLabel(objectName="hint")
        self.description.setWordWrap(True)
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setSpacing(GRID_SPACING)
        self.columns = 1
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.scroll = kinetic_scroll(body)
        self.scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addLayout(top)
        layout.addLayout(types)
        layout.addWidget(self.description)
        layout.addWidget(self.scroll, 1)
        self.show_type(self.letter)

    def show_type(self, letter: str) -> None:
        """List the jobs whose code starts with ``letter``."""
        self.letter = letter
        self.type_buttons.button(RIASEC.index(letter)).setChecked(True)
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()  # gone at once, even before the deferred delete runs
            tile.deleteLater()
        self.tiles = []
        for job in self.catalogue.jobs_by_type(letter):
            tile = JobTile(job, self.ctx)
            tile.opened.connect(self.job_requested)
            self.tiles.append(tile)
        self._place_tiles()
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()

    def _place_tiles(self) -> None:
        """As many columns of tiles as the width holds (three on a wide screen, two at 1024 px, one…)."""
        self.columns = self._columns()
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // self.columns, index % self.columns)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """The list's width changed (window, larger text): re-flow the tiles if the column count changes."""
        resized = watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize
        if resized and self._columns() != self.columns:
            self._place_tiles()
        return False

    def _columns(self) -> int:
        """How many tiles fit side by side in the list's width."""
        room = self.scroll.viewport().width() - 2 * self.grid.contentsMargins().left()
        tile = self.tiles[0].tile_width() if self.tiles else TILE_WIDTH
        return max(1, (room + GRID_SPACING) // (tile + GRID_SPACING))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self._columns() != self.columns:  # larger text
            self._place_tiles()

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        types = self.catalogue.deck.types
        self.back.setText("←  " + tr("common.back"))
        self.title.setText(tr("careers.browse_title"))
        for index, letter in enumerate(RIASEC):
            self.type_buttons.button(index).setText(f"{letter} · {types[letter].name.get(lang)}")
        self.description.setText(types[self.letter].description.get(lang))
        for tile in self.tiles:
            tile.retranslate()

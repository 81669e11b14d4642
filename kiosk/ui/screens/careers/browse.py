"""Browse every job by RIASEC type: six big type buttons, then the job tiles of that type."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.careers import RIASEC, CareerCatalogue
from kiosk.i18n import Translator
from kiosk.ui.screens.careers.job import JobTile
from kiosk.ui.widgets.touch import back_bar, kinetic_scroll, touch_button

COLUMNS = 3


class CareerBrowsePage(QWidget):
    """``job_requested(job_id)`` when a tile is tapped, ``back_requested()`` for the back button."""

    job_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, catalogue: CareerCatalogue, tr: Translator) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.tr_ = tr
        self.letter = RIASEC[0]
        self.tiles: list[JobTile] = []
        self.back, self.title, top = back_bar(self.back_requested)
        self.type_buttons = QButtonGroup(self)
        types = QHBoxLayout()
        for index, _letter in enumerate(RIASEC):
            button = touch_button("", name="career_type", min_height=90)
            button.setCheckable(True)
            self.type_buttons.addButton(button, index)
            types.addWidget(button)
        self.type_buttons.idClicked.connect(lambda index: self.show_type(RIASEC[index]))
        self.description = QLabel(objectName="hint")
        self.description.setWordWrap(True)
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setSpacing(16)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.scroll = kinetic_scroll(body)
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
            tile.deleteLater()
        self.tiles = []
        for index, job in enumerate(self.catalogue.jobs_by_type(letter)):
            tile = JobTile(job, self.tr_)
            tile.opened.connect(self.job_requested)
            self.grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            self.tiles.append(tile)
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        types = self.catalogue.deck.types
        self.back.setText("←  " + tr("common.back"))
        self.title.setText(tr("careers.browse_title"))
        for index, letter in enumerate(RIASEC):
            self.type_buttons.button(index).setText(f"{letter}\n{types[letter].name.get(lang)}")
        self.description.setText(types[self.letter].description.get(lang))
        for tile in self.tiles:
            tile.retranslate()

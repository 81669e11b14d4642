"""The start page of the career module: « Ce n'est pas un test », then Commencer or browse the jobs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.careers import CardDeck
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button


class CareerIntroPage(QWidget):
    """One sentence of reassurance, the intro text, a big start button and a browse button."""

    start_requested = Signal()
    browse_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck: CardDeck = ctx.careers.deck  # pages are built only when the catalogue loaded
        self.tr_ = ctx.tr
        self._resume = False
        self.icon = QLabel("🧭", objectName="career_big_emoji", alignment=Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.heading = QLabel(objectName="subtitle", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.intro = QLabel(objectName="career_intro_text", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.start = touch_button("", name="primary", min_height=110)
        self.start.setMinimumWidth(360)
        self.start.clicked.connect(self.start_requested)
        self.browse = touch_button("", name="career_browse", min_height=80)
        self.browse.clicked.connect(self.browse_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.start)
        buttons.addSpacing(24)
        buttons.addWidget(self.browse)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CORNER_MARGIN_PX, 8, CORNER_MARGIN_PX, 24)
        layout.addStretch()
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.heading)
        layout.addSpacing(16)
        layout.addWidget(self.intro)
        layout.addSpacing(32)
        layout.addLayout(buttons)
        layout.addStretch()

    def show_resume(self, resume: bool) -> None:
        """« Continuer » instead of « Commencer » when a questionnaire is already under way."""
        self._resume = resume
        self.retranslate()

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        self.title.setText(tr("careers.title"))
        self.heading.setText(tr("careers.not_a_test"))
        self.intro.setText(self.deck.intro.get(lang))
        self.start.setText("▶  " + tr("careers.resume" if self._resume else "careers.start"))
        self.browse.setText("🔎  " + tr("careers.browse"))

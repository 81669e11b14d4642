"""One activity card per screen: the card, the 5-level emoji scale as big buttons, « passer », back.

The page shows what :class:`kiosk.careers.Questionnaire` says and reports taps; it keeps no
answers itself. A level button stays highlighted when the visitor comes back to a card they had
answered (their previous level); nothing else about the answers is shown or kept here.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from kiosk.careers import Card, CardDeck
from kiosk.ui.context import KioskContext
from kiosk.ui.screens.careers.style import SCALE_BUTTON_PX
from kiosk.ui.widgets.touch import touch_button

SCALE_MIN_WIDTH_PX = 120
SCALE_MAX_WIDTH_PX = 180
"""Width range of an emoji button: 180 px on a wide screen, down to 120 px so five fit at 1024 px."""


def make_speaker() -> Any | None:
    """A ``kiosk.sound.speech.Speaker`` when that module exists (checked lazily), else None.

    Its ``available(language)`` says whether a voice exists; the button is hidden otherwise.
    """
    if importlib.util.find_spec("kiosk.sound.speech") is None:
        return None
    speaker_class = getattr(importlib.import_module("kiosk.sound.speech"), "Speaker", None)
    return speaker_class() if speaker_class is not None else None


class CareerCardPage(QWidget):
    """Signals ``answered(level)`` (0..4), ``skipped()`` and ``back_requested()``."""

    answered = Signal(int)
    skipped = Signal()
    back_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.deck: CardDeck = ctx.careers.deck  # pages are built only when the catalogue loaded
        self.tr_ = ctx.tr
        self.card: Card | None = None
        self.progress = QProgressBar(objectName="career_progress", textVisible=False)
        self.progress.setFixedHeight(22)
        self.counter = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignRight)
        self.prompt = QLabel(objectName="subtitle", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.emoji = QLabel(objectName="career_big_emoji", alignment=Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(objectName="career_card_text", alignment=Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.levels = QButtonGroup(self)
        self.levels.setExclusive(True)
        self.level_labels: list[QLabel] = []
        scale_row = QHBoxLayout()
        scale_row.setSpacing(16)
        scale_row.addStretch()
        for step in self.deck.scale:
            button = touch_button(step.emoji, name="career_scale", min_height=SCALE_BUTTON_PX)
            button.setFixedHeight(SCALE_BUTTON_PX)
            button.setMinimumWidth(SCALE_MIN_WIDTH_PX)
            button.setMaximumWidth(SCALE_MAX_WIDTH_PX)
            button.setCheckable(True)
            self.levels.addButton(button, step.level)
            label = QLabel(alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, wordWrap=True)
            label.setMaximumWidth(SCALE_MAX_WIDTH_PX)
            self.level_labels.append(label)
            column = QVBoxLayout()
            column.addWidget(button)
            column.addWidget(label)
            scale_row.addLayout(column, 1)
        scale_row.addStretch()
        self.levels.idClicked.connect(self.answered)
        self.back = touch_button("", name="career_back", min_height=80)
        self.back.clicked.connect(self.back_requested)
        self.skip = touch_button("", name="career_skip", min_height=80)
        self.skip.setMinimumWidth(220)
        self.skip.clicked.connect(self.skipped)
        self.speaker: Any | None = None
        self._speaker_checked = False
        self.read_aloud = touch_button("", name="career_read_aloud", min_height=80)
        self.read_aloud.setVisible(False)
        self.read_aloud.clicked.connect(self._read_aloud)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back)
        bottom.addStretch()
        bottom.addWidget(self.read_aloud)
        bottom.addWidget(self.skip)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 0, 32, 16)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.emoji)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addLayout(scale_row)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def show_card(self, card: Card, *, position: int, total: int, progress: int, previous: int | None = None) -> None:
        """Show ``card`` (0-based ``position`` of ``total``); highlight ``previous`` if it was answered."""
        self.card = card
        self._position, self._total = position, total
        self.progress.setRange(0, total)
        self.progress.setValue(progress)
        self.levels.setExclusive(False)
        for button in self.levels.buttons():
            button.setChecked(self.levels.id(button) == previous)
        self.levels.setExclusive(True)
        self.emoji.setText(card.emoji or "")
        self.emoji.setVisible(bool(card.emoji))
        self.retranslate()

    def level_button(self, level: int):
        """The emoji button of ``level`` (0..4)."""
        return self.levels.button(level)

    def _can_speak(self, lang: str) -> bool:
        if not self._speaker_checked:  # lazily: only once a card is shown
            self._speaker_checked = True
            self.speaker = make_speaker()
        return self.speaker is not None and bool(self.speaker.available(lang))

    def _read_aloud(self) -> None:
        if self.card is not None and self._can_speak(self.tr_.language):
            lang = self.tr_.language
            self.speaker.say([f"{self.deck.prompt.get(lang).rstrip('…')} {self.card.text.get(lang)}"], lang)

    def stop_speaking(self) -> None:
        """Silence the voice (a tap moved on, the language changed or the visitor left)."""
        if self.speaker is not None:
            self.speaker.stop()

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        self.prompt.setText(self.deck.prompt.get(lang))
        if self.card is not None:
            self.stop_speaking()
            self.text.setText(self.card.text.get(lang))
            self.counter.setText(tr("careers.progress", n=self._position + 1, total=self._total))
            self.read_aloud.setVisible(self._can_speak(lang))
        for step, label in zip(self.deck.scale, self.level_labels):
            label.setText(step.label.get(lang))
            self.levels.button(step.level).setAccessibleName(step.label.get(lang))
        self.back.setText("←  " + tr("common.back"))
        self.skip.setText(tr("careers.skip") + "  ⏭")
        self.read_aloud.setText("🔊  " + tr("careers.read_aloud"))

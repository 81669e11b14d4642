"""The home screen: one big card per activity, the FR/EN toggle and the accessibility switches."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.corner import CORNER_MARGIN_PX
from kiosk.ui.widgets.touch import touch_button

ICONS = {"quiz": "❓", "careers": "🧭", "dome": "🌐"}
TILE_MIN_PX = 200
"""Least height of an activity tile (taller when its words need it)."""


class VisitorHeader(QWidget):
    """The bar on every visitor screen: home button (optional), language toggle, larger text, contrast."""

    home_requested = Signal()

    def __init__(self, ctx: KioskContext, *, with_home: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QHBoxLayout(self)
        layout.setContentsMargins(CORNER_MARGIN_PX, 8, 16, 8)  # leave the facilitator corner free
        self.home = touch_button("", name="home_button", min_height=64)
        self.home.clicked.connect(self.home_requested)
        self.home.setVisible(with_home)
        self.larger = touch_button("", name="larger_text", min_height=64)
        self.larger.setCheckable(True)
        self.larger.setChecked(ctx.settings.large_text)
        self.contrast = touch_button("", name="contrast", min_height=64)
        self.contrast.setCheckable(True)
        self.contrast.setChecked(ctx.settings.high_contrast)
        self.larger.toggled.connect(self._switched)
        self.contrast.toggled.connect(self._switched)
        ctx.signals.accessibility_changed.connect(self._show_accessibility)
        self.language = touch_button("", name="language_toggle", min_height=64)
        self.language.clicked.connect(self._toggle_language)
        layout.addWidget(self.home)
        layout.addStretch()
        for button in (self.larger, self.contrast, self.language):
            layout.addWidget(button)

    def _switched(self) -> None:
        self.ctx.set_accessibility(large_text=self.larger.isChecked(), high_contrast=self.contrast.isChecked())

    def _show_accessibility(self, large_text: bool, high_contrast: bool) -> None:
        for button, on in ((self.larger, large_text), (self.contrast, high_contrast)):
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)

    def _toggle_language(self) -> None:
        self.ctx.signals.language_changed.emit("en" if self.ctx.tr.language == "fr" else "fr")

    def retranslate(self) -> None:
        tr = self.ctx.tr
        self.home.setText("⌂  " + tr.tr("common.home"))
        self.larger.setText("A+  " + tr.tr("common.larger_text"))
        self.contrast.setText("◐  " + tr.tr("common.contrast"))
        self.language.setText("🌐  " + tr.tr("common.language_toggle"))


class HomeScreen(QWidget):
    activity_chosen = Signal(str)

    def __init__(self, ctx: KioskContext, activities: list[str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.activities = activities
        self.header = VisitorHeader(ctx, with_home=False)
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.anonymous = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.anonymous.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(16)
        grid.setColumnStretch(0, 1)  # two columns of the same width, whatever their words
        grid.setColumnStretch(1, 1)
        self.cards = {}
        for index, activity in enumerate(activities):
            card = touch_button("", name=f"card_{activity}", min_height=TILE_MIN_PX)
            card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)  # tiles fill the rows
            card.clicked.connect(lambda _=False, a=activity: self.activity_chosen.emit(a))
            self.cards[activity] = card
            grid.addWidget(card, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        cards = QWidget()
        cards.setLayout(grid)
        layout.addWidget(cards, 1)
        layout.addWidget(self.anonymous)
        self.retranslate()

    def start(self) -> None:
        """Shown (kiosk.ui.screen.KioskScreen): the tiles are always the same."""

    def reset(self) -> None:
        """Nothing per visitor here (the header's switches follow the context)."""

    def retranslate(self) -> None:
        tr = self.ctx.tr
        self.header.retranslate()
        self.title.setText(tr.tr("home.title"))
        self.anonymous.setText("🔒  " + tr.tr("home.anonymous"))
        for activity, card in self.cards.items():
            card.setText(f"{ICONS[activity]}  {tr.tr(f'home.{activity}')}\n{tr.tr(f'home.{activity}_hint')}")

"""The quiz picker: one big card per quiz, with its theme picture, title and number of questions."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.models import Quiz
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.card_button import CardButton
from kiosk.ui.widgets.picture import media_pixmap
from kiosk.ui.widgets.touch import kinetic_scroll

COLUMNS = 3
PICTURE = QSize(176, 110)
CARD_MIN = QSize(260, 200)


class ThemePicker(QWidget):
    chosen = Signal(str)  # quiz id

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.hint = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.cards: dict[str, ThemeCard] = {}
        for index, quiz in enumerate(ctx.catalogue.visitor_quizzes):
            card = ThemeCard(media_pixmap(ctx.catalogue.media, quiz.image, PICTURE))
            card.clicked.connect(lambda _=False, q=quiz.id: self.chosen.emit(q))
            self.cards[quiz.id] = card
            grid.addWidget(card, index // COLUMNS, index % COLUMNS)
        body = QWidget()
        body.setLayout(grid)
        self.scroll = scroll = kinetic_scroll(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def retranslate(self) -> None:
        tr, language = self.ctx.tr, self.ctx.tr.language
        self.title.setText(tr.tr("quiz.choose_theme"))
        self.hint.setText(tr.tr("quiz.choose_hint"))
        for quiz in self.ctx.catalogue.visitor_quizzes:
            self.cards[quiz.id].setText(_card_text(quiz, language, tr.plural("quiz.questions", len(quiz.questions))))


def _card_text(quiz: Quiz, language: str, count: str) -> str:
    return f"{quiz.title.get(language)}\n{count}"


class ThemeCard(CardButton):
    """A big card: the theme picture above a title that wraps (never elided) and the question count."""

    def __init__(self, picture: QPixmap) -> None:
        super().__init__(picture, name="theme_card", min_size=CARD_MIN)

"""One question on one screen: progress dots, the prompt, big choice buttons, read-aloud, skip.

Per kind: ``single``, ``truefalse`` and ``poll`` answer with one tap; ``multiple`` uses toggle buttons
and « Valider »; ``ordering`` is tap-to-order (each tap gives the next rank, tapping a ranked choice
takes it and the later ones back) then « Valider »; ``image`` shows picture buttons, two per row.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.models import Choice, Kind, Question
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.card_button import CardButton
from kiosk.ui.widgets.picture import media_pixmap
from kiosk.ui.widgets.touch import kinetic_scroll, touch_button

CHOICE_PICTURE = QSize(220, 150)
CHOICE_CARD = QSize(260, 230)
ILLUSTRATION = QSize(360, 200)
DONE, CURRENT, TODO = "●", "◉", "○"


def progress_dots(number: int, total: int) -> str:
    """``●●◉○○`` for question ``number`` (1-based) of ``total``: done, current, to come (no right/wrong)."""
    return " ".join(DONE if i < number - 1 else CURRENT if i == number - 1 else TODO for i in range(total))


class QuestionView(QWidget):
    answered = Signal(list)  # choice ids, in the visitor's order
    skipped = Signal()
    listen = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.question: Question | None = None
        self.choices: tuple[Choice, ...] = ()
        self.buttons: dict[str, QAbstractButton] = {}
        self.order: list[str] = []
        self.number = self.total = 0
        self.dots = QLabel(objectName="progress_dots")
        self.counter = QLabel(objectName="hint")
        self.timer = QLabel(objectName="quiz_timer")
        self.timer.hide()
        self.speaker = touch_button("", name="speaker", min_height=64)
        self.speaker.clicked.connect(self.listen)
        top = QHBoxLayout()
        top.addWidget(self.dots)
        top.addWidget(self.counter)
        top.addStretch()
        top.addWidget(self.timer)
        top.addWidget(self.speaker)
        self.prompt = QLabel(objectName="question_prompt", wordWrap=True)
        self.illustration = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.choice_box = QWidget()
        self.choice_grid = QGridLayout(self.choice_box)
        self.choice_grid.setSpacing(14)
        self.choice_grid.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.prompt)
        column.addWidget(self.illustration)
        column.addWidget(self.hint)
        column.addWidget(self.choice_box)
        column.addStretch()
        scroll = kinetic_scroll(body)
        self.skip = touch_button("", name="skip", min_height=72)
        self.skip.clicked.connect(self.skipped)
        self.clear = touch_button("", name="clear_order", min_height=72)
        self.clear.clicked.connect(self._clear_order)
        self.validate = touch_button("", name="primary", min_height=72)
        self.validate.clicked.connect(self._validate)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip)
        bottom.addStretch()
        bottom.addWidget(self.clear)
        bottom.addWidget(self.validate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 12)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    # --- building ----------------------------------------------------------------------------
    def show_question(
        self, question: Question, choices: tuple[Choice, ...], number: int, total: int, *, can_speak: bool
    ) -> None:
        """Lay out ``question`` with ``choices`` in display order; ``number`` is 1-based."""
        self.question, self.choices, self.number, self.total = question, choices, number, total
        self.order = []
        while self.choice_grid.count():
            item = self.choice_grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone at once, even before the deferred delete runs
                item.widget().deleteLater()
        self.buttons = {}
        for index, choice in enumerate(choices):
            button = self._choice_button(question.kind, choice)
            self.buttons[choice.id] = button
            if question.kind is Kind.IMAGE:
                self.choice_grid.addWidget(button, index // 2, index % 2)
            else:
                self.choice_grid.addWidget(button, index, 0)
        self.speaker.setVisible(can_speak)
        needs_validate = question.kind in (Kind.MULTIPLE, Kind.ORDERING)
        self.validate.setVisible(needs_validate)
        self.clear.setVisible(question.kind is Kind.ORDERING)
        self._update_validate()
        self.retranslate()

    def _choice_button(self, kind: Kind, choice: Choice) -> QAbstractButton:
        if kind is Kind.IMAGE:
            button: QAbstractButton = CardButton(name="picture_choice", min_size=CHOICE_CARD)
        else:
            button = touch_button("", name="choice", min_height=84)
        button.setProperty("choice_id", choice.id)
        if kind is Kind.MULTIPLE:
            button.setCheckable(True)
            button.toggled.connect(self._update_validate)
        button.clicked.connect(lambda _=False, c=choice.id: self._tapped(c))
        return button

    # --- behaviour ---------------------------------------------------------------------------
    def _tapped(self, choice_id: str) -> None:
        kind = self.question.kind if self.question else None
        if kind is Kind.MULTIPLE:
            return  # the toggle changed; « Valider » answers
        if kind is Kind.ORDERING:
            if choice_id in self.order:
                del self.order[self.order.index(choice_id) :]
            else:
                self.order.append(choice_id)
            self._update_validate()
            self.retranslate()
            return
        self.answered.emit([choice_id])

    def _clear_order(self) -> None:
        self.order = []
        self._update_validate()
        self.retranslate()

    def selected(self) -> list[str]:
        """The current selection: ranked ids (ordering) or toggled ids in display order (multiple)."""
        if self.question is not None and self.question.kind is Kind.ORDERING:
            return list(self.order)
        return [c.id for c in self.choices if self.buttons[c.id].isChecked()]

    def _update_validate(self) -> None:
        if self.question is None:
            return
        if self.question.kind is Kind.ORDERING:
            self.validate.setEnabled(len(self.order) == len(self.choices))
        else:
            self.validate.setEnabled(bool(self.selected()))

    def _validate(self) -> None:
        if self.validate.isEnabled() and self.selected():
            self.answered.emit(self.selected())

    def retranslate(self) -> None:
        if self.question is None:
            return
        tr, language = self.ctx.tr, self.ctx.tr.language
        self.dots.setText(progress_dots(self.number, self.total))
        self.counter.setText(tr.tr("quiz.question_of", number=self.number, total=self.total))
        self.prompt.setText(self.question.prompt.get(language))
        picture = media_pixmap(self.ctx.catalogue.media, self.question.media, ILLUSTRATION, language)
        self.illustration.setPixmap(picture)  # per language: a picture may have words in it
        self.illustration.setVisible(not picture.isNull())
        self.speaker.setText("🔊  " + tr.tr("quiz.listen"))
        hints = {Kind.MULTIPLE: "quiz.multiple_hint", Kind.ORDERING: "quiz.order_hint", Kind.POLL: "quiz.poll_hint"}
        hint = hints.get(self.question.kind)
        self.hint.setText(tr.tr(hint) if hint else "")
        self.hint.setVisible(hint is not None)
        for choice in self.choices:
            text = choice.text.get(language)
            button = self.buttons[choice.id]
            if isinstance(button, CardButton):  # a picture may have words in it: one file per language
                button.set_picture(media_pixmap(self.ctx.catalogue.media, choice.media, CHOICE_PICTURE, language))
            if self.question.kind is Kind.ORDERING:
                rank = self.order.index(choice.id) + 1 if choice.id in self.order else 0
                button.setCheckable(True)
                button.setChecked(bool(rank))
                text = f"{rank}.  {text}" if rank else text
            button.setText(text)
        self.skip.setText(tr.tr("quiz.skip"))
        self.clear.setText("↺  " + tr.tr("quiz.clear_order"))
        self.validate.setText("✔  " + tr.tr("quiz.validate"))

    def read_aloud_texts(self) -> list[str]:
        """The prompt, then each choice, in the current language and display order."""
        if self.question is None:
            return []
        language = self.ctx.tr.language
        return [self.question.prompt.get(language), *(c.text.get(language) for c in self.choices)]

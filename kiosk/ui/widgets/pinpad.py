"""The PIN pad: ten big digit keys, no keyboard needed; locks after too many wrong tries.

A page of the main window built as ``PinPad(ctx)`` (:class:`kiosk.ui.screen.KioskScreen`). It only checks
the PIN: where the facilitator goes once it is accepted is the window's business (every way into a
facilitator page opens this pad unless the flow holds a still-valid unlock).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.errors import PinError
from kiosk.pin import PIN_MAX, Verdict
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import touch_button

PAD_WIDTH_PX = 504
"""Three keys of 160 px and their spacing (« Effacer » fits its key with larger text)."""


class PinPad(QWidget):
    """Emits :attr:`accepted` when the right PIN is entered, :attr:`cancelled` on « Annuler »."""

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, ctx: KioskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.gate = ctx.pin_gate
        self.tr = ctx.tr
        self.entered = ""
        self.title = QLabel(objectName="title", alignment=Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel(objectName="big", alignment=Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="pin_message")
        grid = QGridLayout()
        self.keys = {}
        for index, digit in enumerate("123456789"):
            self.keys[digit] = self._key(digit)
            grid.addWidget(self.keys[digit], index // 3, index % 3)
        self.erase = touch_button("", name="pinerase", min_height=96)  # a word: the base text size fits the key
        self.erase.clicked.connect(self._erase)
        self.keys["0"] = self._key("0")
        self.ok = touch_button("", name="primary", min_height=96)
        self.ok.clicked.connect(self.submit)
        grid.addWidget(self.erase, 3, 0)
        grid.addWidget(self.keys["0"], 3, 1)
        grid.addWidget(self.ok, 3, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)  # three keys of one width, whatever « Effacer » needs
        self.cancel = touch_button("", min_height=72)
        self.cancel.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (self.title, self.dots, self.message):
            layout.addWidget(widget)
        pad = QWidget()
        pad.setLayout(grid)
        pad.setFixedWidth(PAD_WIDTH_PX)
        layout.addWidget(pad, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.cancel, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self._lock_timer = QTimer(self, interval=500)
        self._lock_timer.timeout.connect(self._refresh_lock)
        self.retranslate()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A facilitator with a keyboard may type the PIN: digits, Backspace, Enter."""
        text = event.text()
        if text.isdigit() and text.isascii():
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self._erase()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            super().keyPressEvent(event)

    def _key(self, digit: str):
        button = touch_button(digit, name="pinkey", min_height=96)
        button.setObjectName("pinkey")
        button.clicked.connect(lambda: self.press(digit))
        return button

    def retranslate(self) -> None:
        self.title.setText(self.tr.tr("pin.title"))
        self.erase.setText(self.tr.tr("pin.erase"))
        self.ok.setText(self.tr.tr("pin.ok"))
        self.cancel.setText(self.tr.tr("pin.cancel"))
        self.message.setText(self.tr.tr("pin.prompt"))
        self._refresh_lock()  # the lock countdown instead, while locked
        self._show_dots()

    def start(self) -> None:
        """Clear and show the prompt (or the lock countdown)."""
        self.entered = ""
        self.message.setText(self.tr.tr("pin.prompt"))
        self._show_dots()
        self._refresh_lock()
        self.setFocus()

    def reset(self) -> None:
        """Nothing typed stays on the pad (its lock-out, kept by the gate, does)."""
        self.entered = ""
        self._show_dots()

    def press(self, digit: str) -> None:
        if len(self.entered) < PIN_MAX and self.gate.locked_for() == 0:
            self.entered += digit
            self._show_dots()

    def _erase(self) -> None:
        self.entered = self.entered[:-1]
        self._show_dots()

    def _cancel(self) -> None:
        self.entered = ""
        self.cancelled.emit()

    def _show_dots(self) -> None:
        self.dots.setText("● " * len(self.entered) if self.entered else "–")

    def submit(self) -> None:
        pin, self.entered = self.entered, ""
        self._show_dots()
        try:
            attempt = self.gate.attempt(pin)
        except PinError:
            self.message.setText(self.tr.tr("pin.not_set"))
            return
        if attempt.verdict is Verdict.OK:
            self.accepted.emit()
        elif attempt.verdict is Verdict.WRONG:
            self.message.setText(self.tr.plural("pin.wrong", attempt.tries_left))
        else:
            self._refresh_lock()

    def _refresh_lock(self) -> None:
        left = self.gate.locked_for()
        locked = left > 0
        for key in self.keys.values():
            key.setEnabled(not locked)
        self.ok.setEnabled(not locked)
        if locked:
            self.message.setText(self.tr.tr("pin.locked", wait=self.tr.duration(left)))
            self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
            self.message.setText(self.tr.tr("pin.prompt"))

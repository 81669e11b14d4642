"""The take-away: a QR code the visitor scans with their own phone — public information only.

The QR holds :func:`kiosk.careers.takeaway_text` (the Holland code, the titles of the best-matching
public job cards and a next step) in the current language; nothing is stored or sent: the phone
that scans it keeps the text. The code is drawn from :func:`kiosk.careers.qr_image` (one pixel per
module) scaled up with nearest-neighbour, so every module stays a crisp square.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.careers import CareerCatalogue, Result, qr_image, takeaway_text
from kiosk.ui.context import KioskContext
from kiosk.ui.widgets.touch import back_bar, kinetic_scroll

QR_SIDE_PX = 480
"""Target side of the QR image on screen (it fits under the header at 1024×768 with larger text); the module
size is the largest integer that fits."""


def qr_pixmap(modules: np.ndarray, side_px: int = QR_SIDE_PX) -> QPixmap:
    """A ``(n, n)`` uint8 QR image (0 dark, 255 light) scaled ×k (nearest-neighbour) to fit ``side_px``."""
    scale = max(1, side_px // modules.shape[0])
    big = np.repeat(np.repeat(modules.astype(np.uint8), scale, axis=0), scale, axis=1)
    height, width = big.shape
    stride = (width + 3) // 4 * 4  # QImage rows are 32-bit aligned
    rows = np.full((height, stride), 255, dtype=np.uint8)
    rows[:, :width] = big
    buffer = rows.tobytes()  # kept alive until the deep copy below
    image = QImage(buffer, width, height, stride, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(image.copy())


class CareerTakeawayPage(QWidget):
    """The QR code beside the same text in plain words; ``back_requested()`` to the result."""

    back_requested = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue: CareerCatalogue = ctx.careers  # pages are built only when the catalogue loaded
        self.tr_ = ctx.tr
        self.result: Result | None = None
        self.text = ""
        self.back, self.title, top = back_bar(self.back_requested)
        self.qr = QLabel(objectName="career_qr", alignment=Qt.AlignmentFlag.AlignCenter)
        self.qr.setStyleSheet("background: #ffffff;")
        self.hint = QLabel(objectName="subtitle")
        self.hint.setWordWrap(True)
        self.plain = QLabel(objectName="career_takeaway_text")
        self.plain.setWordWrap(True)
        self.privacy = QLabel(objectName="hint")
        self.privacy.setWordWrap(True)
        column = QWidget()
        words = QVBoxLayout(column)
        words.addWidget(self.hint)
        words.addSpacing(12)
        words.addWidget(self.plain)
        words.addStretch()
        words.addWidget(self.privacy)
        body = QHBoxLayout()
        body.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        body.addSpacing(32)
        body.addWidget(kinetic_scroll(column), 1)  # long job titles and larger text scroll, never clip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 0, 24, 16)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def show_result(self, result: Result) -> None:
        self.result = result
        self.retranslate()

    def retranslate(self) -> None:
        tr, lang = self.tr_.tr, self.tr_.language
        self.back.setText("←  " + tr("common.back"))
        self.title.setText(tr("careers.takeaway_title"))
        self.hint.setText("📱  " + tr("careers.takeaway_hint"))
        self.privacy.setText("🔒  " + tr("careers.takeaway_privacy"))
        if self.result is None:
            return
        self.text = takeaway_text(self.result, self.catalogue, lang=lang)
        self.plain.setText(self.text)
        pixmap = qr_pixmap(qr_image(self.text))
        self.qr.setPixmap(pixmap)
        self.qr.setFixedSize(pixmap.size())

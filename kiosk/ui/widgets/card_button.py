"""A big tappable card: a picture above a text that wraps — never elided, as tall as its words need.

Qt's ``QToolButton`` puts its text under an icon on one line and cuts it when the button is narrow; this
card is a push button holding two labels, so the text wraps at the card's width and the card reports the
height it needs for a given width (``heightForWidth``), which grids and scroll areas honour. Used for the
quiz picker's theme cards and for picture answers.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.theme import MIN_TOUCH_PX
from kiosk.ui.widgets.touch import longest_word

MARGIN_PX = 12


class CardButton(QPushButton):
    """A picture above wrapped text; at least ``min_size`` (logical px), taller when its words need it."""

    def __init__(self, picture: QPixmap | None = None, *, name: str, min_size: QSize, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._min = min_size.expandedTo(QSize(MIN_TOUCH_PX, MIN_TOUCH_PX))
        self.setMinimumHeight(self._min.height())  # layouts size a widget with a layout by that layout's hfw
        self.picture = QLabel(objectName=f"{name}_picture", alignment=Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(objectName=f"{name}_text", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN_PX, MARGIN_PX, MARGIN_PX, MARGIN_PX)
        layout.addWidget(self.picture)
        layout.addWidget(self.label)
        for label in (self.picture, self.label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet("QLabel { background: transparent; }")  # the card's colour shows through its words
        self.set_picture(picture if picture is not None else QPixmap())

    def set_picture(self, picture: QPixmap) -> None:
        """Show ``picture`` above the text (nothing when it is null)."""
        self.picture.setPixmap(picture)
        self.picture.setVisible(not picture.isNull())
        self.updateGeometry()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.label.setText(text)
        self.updateGeometry()

    def text(self) -> str:
        return self.label.text()

    def icon_pixmap(self) -> QPixmap:
        """The picture shown (a null pixmap when there is none)."""
        return self.picture.pixmap()

    # --- size (the height for a width is the layout's: picture, then the wrapped text) -----------
    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return max(self._min.height(), self.layout().totalHeightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Never narrower than the picture or the longest word of the text."""
        word = int(longest_word(self.label.text(), self.label.fontMetrics().horizontalAdvance) + 0.999)
        picture = self.picture.pixmap().width() if self.picture.isVisibleTo(self) else 0
        width = max(self._min.width(), max(word, picture) + 2 * MARGIN_PX)
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = max(self.minimumSizeHint().width(), self.layout().sizeHint().width())
        return QSize(width, self.heightForWidth(width))

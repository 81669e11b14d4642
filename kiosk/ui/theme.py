"""Look of the kiosk: one style sheet built from two accessibility switches.

Colours are chosen for a dark room and a bright gym alike (WCAG AA contrast of text on its
background); high contrast swaps to black, white and yellow. Sizes are in pixels at 96 dpi: base text
22 px (28 px with larger text), touch targets at least 48 px (most are 80 px+).

The style sheet sets no ``min-height``/``min-width`` on buttons: a style sheet minimum replaces the widget's
own (a home tile's 200 px became 48) and lets a layout squeeze a button below its text. Button sizes
come from :class:`kiosk.ui.widgets.touch.TouchButton`, which keeps the 48 px floor itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

FONT_FAMILY = "DejaVu Sans"
MIN_TOUCH_PX = 48


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    quiz: str
    careers: str
    dome: str
    good: str
    bad: str
    border: str


NORMAL = Palette(
    background="#102036",
    surface="#1b3150",
    text="#ffffff",
    muted="#c9d6ea",
    accent="#ffcc4d",
    quiz="#e4572e",
    careers="#2a9d8f",
    dome="#7b4fc9",
    good="#2e9e5b",
    bad="#c8374a",
    border="#34527a",
)
HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    accent="#ffff00",
    quiz="#000000",
    careers="#000000",
    dome="#000000",
    good="#00ff66",
    bad="#ff6666",
    border="#ffff00",
)


def palette(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else NORMAL


def base_px(large_text: bool) -> int:
    return 28 if large_text else 22


def load_fonts() -> QFont:
    """Register DejaVu from the system (Debian fonts-dejavu-core) if present; return the UI font."""
    for candidate in (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ):
        if candidate.exists():
            QFontDatabase.addApplicationFont(str(candidate))
    return QFont(FONT_FAMILY)


def stylesheet(*, large_text: bool, high_contrast: bool) -> str:
    """The application style sheet."""
    p = palette(high_contrast)
    px = base_px(large_text)
    border = "3px" if high_contrast else "0px"
    return f"""
    QWidget {{ background: {p.background}; color: {p.text}; font-family: "{FONT_FAMILY}"; font-size: {px}px; }}
    QLabel#title {{ font-size: {int(px * 2.2)}px; font-weight: bold; }}
    QLabel#subtitle {{ font-size: {int(px * 1.2)}px; color: {p.muted}; }}
    QLabel#hint {{ color: {p.muted}; }}
    QLabel#error_message {{ color: {p.bad}; font-weight: bold; }}
    QLabel#big {{ font-size: {int(px * 3)}px; font-weight: bold; color: {p.accent}; }}
    QPushButton {{ background: {p.surface}; color: {p.text}; border: {border} solid {p.border};
                  border-radius: 14px; padding: 12px 22px; }}
    QPushButton:pressed {{ background: {p.accent}; color: #000000; }}
    QPushButton:checked {{ background: {p.accent}; color: #000000; }}
    QPushButton:disabled {{ color: {p.muted}; }}
    QPushButton#card_quiz {{ background: {p.quiz}; border: {border} solid {p.border}; }}
    QPushButton#card_careers {{ background: {p.careers}; border: {border} solid {p.border}; }}
    QPushButton#card_dome {{ background: {p.dome}; border: {border} solid {p.border}; }}
    QPushButton#card_quiz, QPushButton#card_careers, QPushButton#card_dome {{
        font-size: {int(px * 1.3)}px; font-weight: bold; text-align: left; padding: 20px 24px; }}
    QFrame#panel QPushButton {{ background: {p.border}; }}
    QPushButton#primary, QFrame#panel QPushButton#primary {{
        background: {p.accent}; color: #000000; font-weight: bold; }}
    QPushButton#danger, QFrame#panel QPushButton#danger {{ background: {p.bad}; color: #ffffff; }}
    QPushButton#pinkey {{ font-size: {int(px * 1.6)}px; font-weight: bold; }}
    QFrame#panel {{ background: {p.surface}; border: 2px solid {p.border}; border-radius: 16px; }}
    QFrame#panel QLabel {{ background: transparent; }}
    QLineEdit, QComboBox, QSpinBox {{ background: #ffffff; color: #000000; min-height: {MIN_TOUCH_PX}px;
                                     border-radius: 8px; padding: 4px 10px; }}
    QComboBox QAbstractItemView {{ background: #ffffff; color: #000000; }}
    QScrollArea {{ border: none; }}
    """

"""Look of the career pages, on top of the application style sheet: sizes follow « Texte plus grand ».

Every size is a multiple of the base text size (:func:`kiosk.ui.theme.base_px`: 22 px, 28 px with larger
text), so the larger-text switch enlarges the cards, the job tiles and the job card like the rest of the
kiosk; colours follow the high-contrast switch.
"""

from __future__ import annotations

from kiosk.ui.theme import base_px, palette

SCALE_BUTTON_PX = 130
"""Height of each emoji button (logical px): far above the 48 px floor, easy for any finger."""


def careers_style(*, large_text: bool, high_contrast: bool) -> str:
    """The career pages' style sheet for the current visitor's accessibility choices."""
    p, px = palette(high_contrast), base_px(large_text)
    size = lambda factor: f"{round(px * factor)}px"  # noqa: E731 - a unit, read as one
    tile_border = f"3px solid {p.border}" if high_contrast else "0px"
    return f"""
    QLabel#career_big_emoji {{ font-size: {size(3.2)}; }}
    QLabel#career_card_text {{ font-size: {size(1.5)}; font-weight: bold; }}
    QLabel#career_intro_text {{ font-size: {size(1.15)}; }}
    QLabel#career_types, QLabel#career_message, QLabel#career_takeaway_text {{ font-size: {size(0.95)}; }}
    QLabel#career_message {{ color: {p.accent}; }}
    QPushButton#career_scale {{ font-size: 64px; padding: 0px; }}
    QPushButton#career_type {{ font-size: {size(0.85)}; padding: 6px 8px; }}
    QPushButton#job_tile {{ text-align: left; padding: 0px; border: {tile_border}; }}
    QPushButton#job_tile:pressed {{ background: {p.careers if not high_contrast else p.accent}; }}
    QPushButton#job_tile QLabel {{ background: transparent; }}
    QLabel#job_tile_title {{ font-size: {size(1.0)}; font-weight: bold; }}
    QLabel#job_tile_types {{ font-size: {size(0.75)}; color: {p.accent}; }}
    QLabel#job_tile_text {{ font-size: {size(0.8)}; color: {p.muted}; }}
    QFrame#job_section {{ background: {p.surface}; border-radius: 14px; border: {tile_border}; }}
    QFrame#job_section QLabel {{ background: transparent; }}
    QLabel#job_section_title {{ font-weight: bold; color: {p.accent}; }}
    QLabel#job_section_text {{ font-size: {size(0.9)}; }}
    QPushButton#job_related {{ text-align: left; font-size: {size(0.85)}; }}
    QScrollBar:vertical {{ background: {p.surface}; width: 12px; border-radius: 6px; margin: 0px; }}
    QScrollBar::handle:vertical {{ background: {p.muted}; border-radius: 6px; min-height: 48px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    QProgressBar#career_progress {{ background: {p.surface}; border: none; border-radius: 11px; }}
    QProgressBar#career_progress::chunk {{ background: {p.accent}; border-radius: 11px; }}
    """

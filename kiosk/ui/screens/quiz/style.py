"""Look of the quiz views, on top of the application style sheet: sizes follow « Texte plus grand »."""

from __future__ import annotations

from kiosk.ui.theme import base_px, palette


def quiz_style(*, large_text: bool, high_contrast: bool) -> str:
    """Style of the quiz views for the current visitor's accessibility choices."""
    p, px = palette(high_contrast), base_px(large_text)
    border = f"3px solid {p.border}" if high_contrast else "0px"
    cards = "QPushButton#theme_card, QPushButton#picture_choice"
    card_labels = (
        "QLabel#theme_card_text, QLabel#theme_card_picture, QLabel#picture_choice_text, QLabel#picture_choice_picture"
    )
    return f"""
    {cards} {{ background: {p.surface}; color: {p.text}; border: {border}; border-radius: 16px; padding: 12px; }}
    QPushButton#theme_card:pressed, QPushButton#picture_choice:pressed {{ background: {p.accent}; }}
    {card_labels} {{ background: transparent; font-size: {int(px * 1.1)}px; font-weight: bold; }}
    QPushButton#choice {{ text-align: left; padding: 14px 24px; font-size: {int(px * 1.15)}px; }}
    QLabel#question_prompt {{ font-size: {int(px * 1.5)}px; font-weight: bold; }}
    QLabel#progress_dots {{ color: {p.accent}; font-size: {int(px * 1.2)}px; }}
    QLabel#quiz_timer {{ color: {p.accent}; font-weight: bold; }}
    QLabel#verdict {{ font-size: {int(px * 2)}px; font-weight: bold; color: {p.accent}; }}
    QLabel#verdict[good="true"] {{ color: {p.good if high_contrast else "#7ee2a8"}; }}
    QLabel#right_answer, QLabel#choice_feedback {{ font-size: {int(px * 1.15)}px; font-weight: bold; }}
    QLabel#summary_score {{ font-size: {int(px * 1.8)}px; font-weight: bold; color: {p.accent}; }}
    QLabel#summary_note {{ color: {p.muted}; }}
    """

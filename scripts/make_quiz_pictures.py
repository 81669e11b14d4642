"""Draw the quiz pictures of media/images/pic-*.png: a fake text message, a fake address bar, a fake post,
a permission request and three privacy-settings screens. Original work, CC0-1.0 (see media/manifest.toml).

Every picture is drawn with Qt's QPainter on an offscreen image, text in DejaVu Sans so that accents render
the same on every machine. Pictures with words exist once per language (``<id>.fr.png``, ``<id>.en.png``);
the others carry no words at all. French texts get the same no-break spaces as the screens
(:func:`kiosk.typography.typeset`). Question illustrations are 720×400 (shown at 360×200), choice pictures
440×300 (shown at 220×150): text is drawn large enough to stay readable at half size.

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_quiz_pictures.py [OUT_DIR]``
(default OUT_DIR: media/images). The output is deterministic: run it again after editing a text below.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

from kiosk.typography import typeset  # noqa: E402

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ILLUSTRATION = (720, 400)
CHOICE = (440, 300)
INK, MUTED, PAPER = QColor("#1f2430"), QColor("#5b6170"), QColor("#ffffff")
BLUE, GREEN, GREY, RED = QColor("#1a73e8"), QColor("#1e8e3e"), QColor("#c9ccd3"), QColor("#c5221f")

TEXTS: dict[str, dict[str, str]] = {  # web addresses use U+2011 (non-breaking hyphen): they never wrap
    "sms_sender": {"fr": "+1 438 555-0199", "en": "+1 438 555-0199"},
    "sms_when": {"fr": "Message texte · aujourd'hui 20 h 41", "en": "Text message · today 8:41 p.m."},
    "sms_body": {
        "fr": "Postes Canada : votre colis est retenu. Frais de livraison impayés : 1,99 $. "
        "Payez avant 23 h 59 : postescanada\u2011colis.info/payer",
        "en": "Canada Post: your parcel is on hold. Unpaid delivery fee: $1.99. "
        "Pay before 11:59 p.m.: canadapost\u2011parcel.info/pay",
    },
    "post_name": {"fr": "Nouvelles Québec Express", "en": "Québec Express News"},
    "post_handle": {"fr": "@nqc_express · il y a 2 h", "en": "@qc_express_news · 2 h ago"},
    "post_body": {
        "fr": "URGENT : dès janvier, l'école sera obligatoire le samedi ! Le gouvernement veut le cacher. "
        "Partagez avant qu'on supprime ce message !!!",
        "en": "URGENT: starting in January, school will be mandatory on Saturdays! The government wants "
        "to hide it. Share before this post gets deleted!!!",
    },
    "post_counts": {"fr": "12 k partages     8,4 k J'aime", "en": "12K shares     8.4K likes"},
    "perm_title": {
        "fr": "Autoriser « Lampe Éclair » à accéder à vos contacts ?",
        "en": "Allow “Bright Flashlight” to access your contacts?",
    },
    "perm_allow": {"fr": "Autoriser", "en": "Allow"},
    "perm_deny": {"fr": "Ne pas autoriser", "en": "Don't allow"},
}


def text(key: str, language: str) -> str:
    """The text ``key`` of a picture in ``language`` ("fr" or "en"), with French typography in French."""
    return typeset(TEXTS[key][language], language)


def font(pixels: int, bold: bool = False) -> QFont:
    """DejaVu Sans at ``pixels`` pixel size."""
    result = QFont("DejaVu Sans")
    result.setPixelSize(pixels)
    result.setBold(bold)
    return result


def canvas(size: tuple[int, int], background: QColor) -> tuple[QImage, QPainter]:
    image = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    return image, painter


def write(painter: QPainter, rect: QRectF, words: str, size: int, colour: QColor = INK, bold: bool = False) -> None:
    """Word-wrapped text in ``rect``, left-aligned, top first."""
    painter.setFont(font(size, bold))
    painter.setPen(colour)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(rect, int(flags), words)


def pen(colour: QColor, width: float, round_caps: bool = True) -> QPen:
    """A pen of ``width`` pixels, with round caps and joins by default."""
    result = QPen(colour, width)
    if round_caps:
        result.setCapStyle(Qt.PenCapStyle.RoundCap)
        result.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return result


def rounded(painter: QPainter, rect: QRectF, radius: float, fill: QColor, border: QColor | None = None) -> None:
    painter.setPen(QPen(border, 2) if border else Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, radius, radius)


def avatar(painter: QPainter, centre: QPointF, radius: float, colour: QColor) -> None:
    """A generic person: a head and shoulders in a disc."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(centre, radius, radius)
    painter.setBrush(PAPER)
    painter.drawEllipse(centre + QPointF(0, -radius * 0.25), radius * 0.32, radius * 0.32)
    painter.drawChord(
        QRectF(centre.x() - radius * 0.6, centre.y() + radius * 0.1, radius * 1.2, radius * 1.1), 0, 180 * 16
    )


def draw_sms(language: str) -> QImage:
    image, p = canvas(ILLUSTRATION, QColor("#eef1f5"))
    rounded(p, QRectF(0, 0, 720, 84), 0, PAPER)
    avatar(p, QPointF(52, 42), 28, QColor("#8a94a6"))
    write(p, QRectF(96, 12, 600, 34), text("sms_sender", language), 28, bold=True)
    write(p, QRectF(96, 48, 600, 30), text("sms_when", language), 20, MUTED)
    rounded(p, QRectF(24, 104, 600, 268), 26, PAPER)
    write(p, QRectF(48, 122, 556, 240), text("sms_body", language), 30)
    return finish(image, p)


def draw_address_bar(_language: str) -> QImage:
    image, p = canvas(ILLUSTRATION, QColor("#dee1e6"))
    rounded(p, QRectF(16, 14, 300, 46), 12, PAPER)
    write(p, QRectF(34, 22, 270, 34), "Instagram", 24)
    rounded(p, QRectF(16, 72, 688, 64), 32, PAPER, QColor("#9aa0a6"))
    tune_icon(p, QPointF(50, 104))
    p.setFont(font(25))
    p.setPen(INK)
    p.drawText(QRectF(80, 86, 620, 40), int(Qt.AlignmentFlag.AlignVCenter), "https://instagram.com.login-help.support/")
    rounded(p, QRectF(0, 150, 720, 250), 0, PAPER)
    for top in (200, 262):
        rounded(p, QRectF(200, top, 320, 46), 8, QColor("#fafafa"), QColor("#c4c7cc"))
    rounded(p, QRectF(200, 326, 320, 48), 10, BLUE)
    return finish(image, p)


def tune_icon(painter: QPainter, centre: QPointF) -> None:
    """Chrome's 'site settings' icon since 2023: two sliders (drawn from scratch)."""
    painter.setPen(pen(INK, 3))
    for dy, knob in ((-7, 6), (7, -6)):
        painter.drawLine(centre + QPointF(-13, dy), centre + QPointF(13, dy))
        painter.setBrush(PAPER)
        painter.drawEllipse(centre + QPointF(knob, dy), 5, 5)


def draw_post(language: str) -> QImage:
    image, p = canvas(ILLUSTRATION, PAPER)
    avatar(p, QPointF(52, 50), 30, QColor("#d93025"))
    write(p, QRectF(96, 16, 520, 34), text("post_name", language), 26, bold=True)
    p.setFont(font(26, True))
    name_width = p.fontMetrics().horizontalAdvance(text("post_name", language))
    check_badge(p, QPointF(96 + name_width + 22, 33))
    write(p, QRectF(96, 52, 600, 30), text("post_handle", language), 20, MUTED)
    write(p, QRectF(28, 98, 664, 230), text("post_body", language), 29)
    p.setPen(QPen(GREY, 2))
    p.drawLine(QPointF(20, 340), QPointF(700, 340))
    write(p, QRectF(28, 352, 664, 36), text("post_counts", language), 22, MUTED)
    return finish(image, p)


def check_badge(painter: QPainter, centre: QPointF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BLUE)
    painter.drawEllipse(centre, 13, 13)
    painter.setPen(pen(PAPER, 3))
    tick = QPainterPath(centre + QPointF(-6, 0))
    tick.lineTo(centre + QPointF(-1, 5))
    tick.lineTo(centre + QPointF(7, -5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(tick)


def draw_permission(language: str) -> QImage:
    image, p = canvas(ILLUSTRATION, QColor("#5f6368"))
    rounded(p, QRectF(60, 24, 600, 352), 28, PAPER)
    contacts_icon(p, QPointF(360, 78))
    p.setFont(font(29, True))
    p.setPen(INK)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    p.drawText(QRectF(96, 118, 528, 120), int(flags), text("perm_title", language))
    for top, key in ((252, "perm_allow"), (310, "perm_deny")):
        rounded(p, QRectF(120, top, 480, 50), 25, QColor("#e8f0fe"))
        p.setFont(font(25, True))
        p.setPen(BLUE)
        p.drawText(QRectF(120, top, 480, 50), int(Qt.AlignmentFlag.AlignCenter), text(key, language))
    return finish(image, p)


def contacts_icon(painter: QPainter, centre: QPointF) -> None:
    rounded(painter, QRectF(centre.x() - 24, centre.y() - 30, 48, 60), 8, BLUE)
    avatar(painter, centre, 18, BLUE)


SETTINGS_ROWS = ("globe", "pin", "people", "target")
"""The rows of a settings screen: public profile, location, contact sync, ad personalisation."""


def draw_settings(switched_on: frozenset[str]) -> Callable[[str], QImage]:
    """A settings screen without words: an icon and a switch per row, ``switched_on`` rows on."""

    def draw(_language: str) -> QImage:
        image, p = canvas(CHOICE, PAPER)
        for index, row in enumerate(SETTINGS_ROWS):
            top = 18 + index * 70
            ROW_ICONS[row](p, QPointF(60, top + 30))
            switch(p, QPointF(330, top + 30), row in switched_on)
            if index:
                p.setPen(QPen(GREY, 1))
                p.drawLine(QPointF(24, top - 4), QPointF(416, top - 4))
        return finish(image, p)

    return draw


def switch(painter: QPainter, centre: QPointF, on: bool) -> None:
    """A toggle switch: green with the knob right and a tick when on, grey with the knob left when off."""
    track = QRectF(centre.x() - 46, centre.y() - 22, 92, 44)
    rounded(painter, track, 22, GREEN if on else GREY)
    knob = centre + QPointF(24 if on else -24, 0)
    painter.setBrush(PAPER)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(knob, 18, 18)
    painter.setPen(pen(GREEN if on else MUTED, 4))
    if on:
        painter.drawLine(knob + QPointF(-7, 0), knob + QPointF(-2, 6))
        painter.drawLine(knob + QPointF(-2, 6), knob + QPointF(8, -6))
    else:
        painter.drawLine(knob + QPointF(-6, 0), knob + QPointF(6, 0))


def globe_icon(painter: QPainter, centre: QPointF) -> None:
    painter.setPen(QPen(INK, 3))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, 22, 22)
    painter.drawEllipse(centre, 10, 22)
    painter.drawLine(centre + QPointF(-22, 0), centre + QPointF(22, 0))


def pin_icon(painter: QPainter, centre: QPointF) -> None:
    path = QPainterPath(centre + QPointF(0, 24))
    path.cubicTo(centre + QPointF(-30, -6), centre + QPointF(-14, -26), centre + QPointF(0, -26))
    path.cubicTo(centre + QPointF(14, -26), centre + QPointF(30, -6), centre + QPointF(0, 24))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RED)
    painter.drawPath(path)
    painter.setBrush(PAPER)
    painter.drawEllipse(centre + QPointF(0, -8), 7, 7)


def people_icon(painter: QPainter, centre: QPointF) -> None:
    avatar(painter, centre + QPointF(-10, 0), 16, QColor("#8a94a6"))
    avatar(painter, centre + QPointF(12, 4), 16, INK)


def target_icon(painter: QPainter, centre: QPointF) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius, colour in ((22, RED), (14, RED), (6, RED)):
        painter.setPen(QPen(colour, 3))
        painter.drawEllipse(centre, radius, radius)


ROW_ICONS: dict[str, Callable[[QPainter, QPointF], None]] = {
    "globe": globe_icon,
    "pin": pin_icon,
    "people": people_icon,
    "target": target_icon,
}


def finish(image: QImage, painter: QPainter) -> QImage:
    painter.end()
    return image


PICTURES: dict[str, tuple[Callable[[str], QImage], bool]] = {
    "pic-sms-colis": (draw_sms, True),
    "pic-fake-address-bar": (draw_address_bar, False),
    "pic-fake-post": (draw_post, True),
    "pic-permission-contacts": (draw_permission, True),
    "pic-settings-private": (draw_settings(frozenset()), False),
    "pic-settings-public": (draw_settings(frozenset(SETTINGS_ROWS)), False),
    "pic-settings-mixed": (draw_settings(frozenset({"globe", "pin"})), False),
}
"""Media id → (drawing function, whether the picture has words and so one file per language)."""


def output_names(media_id: str, per_language: bool) -> dict[str, str]:
    """File names of one picture by language: ``{"fr": "x.fr.png", "en": "x.en.png"}`` or one shared name."""
    if per_language:
        return {language: f"{media_id}.{language}.png" for language in ("fr", "en")}
    return {"fr": f"{media_id}.png"}


def main(out_dir: Path) -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for name in FONT_FILES:
        if (FONT_DIR / name).exists():
            QFontDatabase.addApplicationFont(str(FONT_DIR / name))
    out_dir.mkdir(parents=True, exist_ok=True)
    for media_id, (draw, per_language) in PICTURES.items():
        for language, name in output_names(media_id, per_language).items():
            draw(language).save(str(out_dir / name))
            print(out_dir / name)
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "media" / "images")

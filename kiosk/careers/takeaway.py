"""The take-away QR code: a short text with public information only, and its image.

The text holds the visitor's Holland code, the titles of the best-matching jobs (public job
cards) and a next step — no answers, no scores, no identifier, nothing sent anywhere: the phone
that scans it keeps the text. It is UTF-8 and stays under :data:`MAX_BYTES` so the QR code stays
easy to scan on a kiosk screen.
"""

from __future__ import annotations

import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.careers.models import CareerCatalogue
from kiosk.careers.questionnaire import Result

MAX_BYTES = 600
"""Upper bound of the take-away text in UTF-8 bytes (a QR code of version ≤ 20 at level M)."""


def takeaway_text(result: Result, catalogue: CareerCatalogue, lang: str = "fr", count: int = 5) -> str:
    """The QR text: header, ``RIASEC : <code>``, up to ``count`` numbered job titles, footer.

    With no code (every card skipped, or all answers 0) the code reads "—" and no job is listed.
    """
    deck = catalogue.deck
    lines = [deck.takeaway.header.get(lang), f"RIASEC : {result.code or '—'}"]
    for rank, job_id in enumerate(result.top_jobs(count), start=1):
        lines.append(f"{rank}. {catalogue.job(job_id).title.get(lang)}")
    lines.append(deck.takeaway.footer.get(lang))
    text = "\n".join(lines)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"take-away text is {len(text.encode('utf-8'))} bytes; keep it under {MAX_BYTES}")
    return text


def qr_image(text: str, *, border: int = 4) -> np.ndarray:
    """The QR code of ``text`` (UTF-8, error correction M) as a ``(n, n)`` uint8 array.

    One pixel per module, 0 = dark, 255 = light, with a light quiet zone of ``border`` modules
    on every side. Scale it with nearest-neighbour interpolation for display.
    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"QR text is longer than {MAX_BYTES} bytes")
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, box_size=1)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    modules = np.asarray(qr.get_matrix(), dtype=bool)
    return np.where(modules, 0, 255).astype(np.uint8)

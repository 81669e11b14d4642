"""Career exploration (issue 4): RIASEC interest cards, scoring, job matching, take-away QR.

Pure Python (pydantic, numpy, qrcode); never imports Qt. The screens in ``kiosk/ui`` drive it:

>>> catalogue = load_careers(root)                 # doctest: +SKIP
>>> q = Questionnaire(catalogue.deck, seed=session_seed)
>>> q.answer(q.current.id, 3)                       # or q.skip(card_id)
>>> result = q.result(catalogue.jobs)               # Result: scores, code, message_key, matches
>>> qr = qr_image(takeaway_text(result, catalogue, lang="fr"))

``check_file(path)`` validates one careers TOML file for ``kiosk content check``.
"""

from kiosk.careers.events import CareerEvent, abandoned, completed, job_opened, started
from kiosk.careers.loader import load_careers
from kiosk.careers.matching import Match, agreement, rank_jobs
from kiosk.careers.models import RIASEC, Card, CardDeck, CareerCatalogue, Job, Text, TrainingPath
from kiosk.careers.questionnaire import Questionnaire, Result, make_result
from kiosk.careers.scoring import Profile, rank_types, score
from kiosk.careers.takeaway import qr_image, takeaway_text
from kiosk.careers.validator import check_catalogue, check_file

__all__ = [
    "RIASEC",
    "Card",
    "CardDeck",
    "CareerEvent",
    "CareerCatalogue",
    "Job",
    "Match",
    "Profile",
    "Questionnaire",
    "Result",
    "Text",
    "TrainingPath",
    "abandoned",
    "agreement",
    "check_catalogue",
    "check_file",
    "completed",
    "job_opened",
    "load_careers",
    "make_result",
    "qr_image",
    "rank_jobs",
    "rank_types",
    "score",
    "started",
    "takeaway_text",
]

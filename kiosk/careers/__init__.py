"""Career exploration (issue 4): RIASEC interest cards, scoring, job matching, take-away QR.

Pure Python (pydantic, numpy, qrcode); never imports Qt. The screens in ``kiosk/ui`` drive it:

>>> catalogue = load_careers(root)                 # doctest: +SKIP
>>> q = Questionnaire(catalogue.deck, seed=session_seed)
>>> ctx.log(q.start())                              # every action returns its events
>>> q.answer(q.current.id, 3)                       # or q.skip(card_id)
>>> ctx.log(q.finish(catalogue.jobs))               # q.outcome: scores, code, message_key, matches
>>> qr = qr_image(takeaway_text(q.outcome, catalogue, lang="fr"))

``check_file(path)`` validates one careers TOML file for ``kiosk content check``.
"""

from kiosk.careers.events import job_opened
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
    "CareerCatalogue",
    "Job",
    "Match",
    "Profile",
    "Questionnaire",
    "Result",
    "Text",
    "TrainingPath",
    "agreement",
    "check_catalogue",
    "check_file",
    "job_opened",
    "load_careers",
    "make_result",
    "qr_image",
    "rank_jobs",
    "rank_types",
    "score",
    "takeaway_text",
]

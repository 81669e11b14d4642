"""Event payloads of the career module: anonymous aggregates only (Law 25, research note §5).

The logbook adds the envelope (UUID, kiosk, sequence, session, time, versions) and checks each
payload against its allow-list (``kiosk.log.events.EVENT_TYPES``); this module only builds
``(type, payload)`` pairs that fit it. No payload ever holds an individual answer, a per-type
score or anything typed by the visitor — only the aggregate Holland code, counts, the
questionnaire's version and the id of a public job card.

===================== ====================================================================
type                  payload
===================== ====================================================================
career_started        ``{"cards_version": 1}`` — ``version`` of ``cards.toml``
career_completed      ``{"code": "IAR", "answered": 27, "skipped": 3}`` — the code ("" when
                      there is none) and how many cards were answered / skipped
career_abandoned      ``{"answered": 12}`` — the progress when the visitor left: cards with a
                      response so far (answers and skips), i.e. the progress bar's value
career_job_opened     ``{"job_id": "analyste-cybersecurite"}``
===================== ====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from kiosk.careers.questionnaire import Questionnaire, Result

CAREER_STARTED = "career_started"
CAREER_COMPLETED = "career_completed"
CAREER_ABANDONED = "career_abandoned"
CAREER_JOB_OPENED = "career_job_opened"
EVENT_TYPES: tuple[str, ...] = (CAREER_STARTED, CAREER_COMPLETED, CAREER_ABANDONED, CAREER_JOB_OPENED)


@dataclass(frozen=True)
class CareerEvent:
    """An event type and its JSON-ready payload (read-only)."""

    type: str
    payload: Any = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))

    def as_dict(self) -> dict[str, Any]:
        """A plain copy of the payload, for the logbook or ``json.dumps``."""
        return dict(self.payload)


def started(questionnaire: Questionnaire) -> CareerEvent:
    return CareerEvent(CAREER_STARTED, {"cards_version": questionnaire.version})


def completed(result: Result) -> CareerEvent:
    answered = result.profile.total_answered
    skipped = result.profile.total_cards - answered
    return CareerEvent(CAREER_COMPLETED, {"code": result.code, "answered": answered, "skipped": skipped})


def abandoned(questionnaire: Questionnaire) -> CareerEvent:
    return CareerEvent(CAREER_ABANDONED, {"answered": questionnaire.progress})


def job_opened(job_id: str) -> CareerEvent:
    return CareerEvent(CAREER_JOB_OPENED, {"job_id": job_id})

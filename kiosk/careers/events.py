"""Events of the career module: anonymous aggregates only (Law 25, research note §5).

The builders here return :class:`~kiosk.log.events.NewEvent`\\ s whose payloads fit the one table of event
types, :data:`kiosk.log.events.EVENT_TYPES`; the flow stamps visitor, session and station when they are
logged, and the logbook adds the envelope (UUID, kiosk, sequence, time). No payload ever holds an
individual answer, a per-type score or anything typed by the visitor — only the aggregate Holland code,
counts, the questionnaire's version and the id of a public job card. Every event names the card deck as
its content (``content_id = "careers"``, ``content_version`` = the ``version`` of ``cards.toml``).

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

from typing import Any

from kiosk.careers.scoring import Profile
from kiosk.log.events import NewEvent

CONTENT_ID = "careers"


def _event(kind: str, cards_version: int, payload: dict[str, Any]) -> NewEvent:
    return NewEvent(kind, payload, content_id=CONTENT_ID, content_version=str(cards_version))


def started(cards_version: int) -> NewEvent:
    return _event("career_started", cards_version, {"cards_version": cards_version})


def completed(cards_version: int, profile: Profile) -> NewEvent:
    answered = profile.total_answered
    skipped = profile.total_cards - answered
    return _event("career_completed", cards_version, {"code": profile.code, "answered": answered, "skipped": skipped})


def abandoned(cards_version: int, progress: int) -> NewEvent:
    return _event("career_abandoned", cards_version, {"answered": progress})


def job_opened(cards_version: int, job_id: str) -> NewEvent:
    """A visitor opened the public card of ``job_id`` (after the questionnaire or while browsing)."""
    return _event("career_job_opened", cards_version, {"job_id": job_id})

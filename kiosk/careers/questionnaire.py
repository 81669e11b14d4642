"""The interest questionnaire as a small state machine for the screens (pure, no Qt).

A screen builds one :class:`Questionnaire` per visitor and hands the events of :meth:`~Questionnaire.start`,
:meth:`~Questionnaire.finish` and :meth:`~Questionnaire.abandon` to the log; in between it shows
:attr:`Questionnaire.current` and calls :meth:`Questionnaire.answer` (a level 0..4, or ``None`` for
"passer"). Once :attr:`Questionnaire.is_complete`, ``finish(jobs)`` scores it: :attr:`Questionnaire.outcome`
is the :class:`Result` to show. Nothing here is stored or sent: the answers live in this object only, and
the event payloads (:mod:`kiosk.careers.events`) carry aggregates only.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.careers import events
from kiosk.careers.matching import Match, rank_jobs
from kiosk.careers.models import MAX_LEVEL, MIN_LEVEL, Card, CardDeck, Job
from kiosk.careers.scoring import Profile, score
from kiosk.log.events import NewEvent


@dataclass(frozen=True)
class Result:
    """What the result screen shows: the profile and the jobs ranked for it."""

    profile: Profile
    matches: tuple[Match, ...]
    """Every job, best agreement first; empty when there is no code (nothing to match on)."""

    @property
    def code(self) -> str:
        return self.profile.code

    @property
    def scores(self) -> Mapping[str, float]:
        return self.profile.scores

    @property
    def message_key(self) -> str | None:
        return self.profile.message_key

    def top_jobs(self, count: int = 6) -> tuple[str, ...]:
        """Ids of the ``count`` best-matching jobs (4–6 job cards to swipe)."""
        return tuple(m.job_id for m in self.matches[:count])


def make_result(profile: Profile, jobs: Iterable[Job]) -> Result:
    """Rank ``jobs`` for ``profile``; no ranking when the profile has no code."""
    matches = rank_jobs(profile.scores, profile.code, jobs) if profile.code else ()
    return Result(profile, matches)


class Questionnaire:
    """One visitor's pass through the cards, in file order or a seeded shuffle.

    ``seed=None`` keeps the order of ``cards.toml``; an integer shuffles reproducibly (the same
    seed always gives the same order, e.g. a per-session random number chosen by the screen).
    """

    def __init__(self, deck: CardDeck, *, seed: int | None = None, code_length: int = 3) -> None:
        cards = list(deck.cards)
        if seed is not None:
            random.Random(seed).shuffle(cards)
        self.cards: tuple[Card, ...] = tuple(cards)
        self.version = deck.version
        self._ids = {card.id for card in self.cards}
        self._responses: dict[str, int | None] = {}
        self._cursor = 0
        self._code_length = code_length
        self._started = False
        self._abandoned = False
        self.outcome: Result | None = None
        """The scored result once :meth:`finish` was called (``None`` before)."""

    @property
    def total(self) -> int:
        return len(self.cards)

    @property
    def position(self) -> int:
        """0-based index of the card on screen (``total`` once past the last card)."""
        return self._cursor

    @property
    def current(self) -> Card | None:
        """The card to show, or None once past the last card."""
        return self.cards[self._cursor] if self._cursor < self.total else None

    @property
    def progress(self) -> int:
        """How many cards have a response (an answer or a skip): the progress bar's value."""
        return len(self._responses)

    @property
    def is_complete(self) -> bool:
        return self.progress == self.total

    @property
    def in_progress(self) -> bool:
        """Started, not finished and not abandoned: leaving now would be logged as abandoned."""
        return self._started and self.outcome is None and not self._abandoned

    @property
    def responses(self) -> Mapping[str, int | None]:
        """Read-only view of card id → level (None = skipped). Never log or send it."""
        return MappingProxyType(self._responses)

    def answer(self, card_id: str, level: int | None) -> None:
        """Record ``level`` (0..4, or None to skip) for ``card_id`` and move past that card."""
        if card_id not in self._ids:
            raise KeyError(f"unknown card {card_id!r}")
        if level is not None and not (isinstance(level, int) and MIN_LEVEL <= level <= MAX_LEVEL):
            raise ValueError(f"level must be {MIN_LEVEL}..{MAX_LEVEL} or None, not {level!r}")
        self._responses[card_id] = level
        index = next(i for i, card in enumerate(self.cards) if card.id == card_id)
        self._cursor = max(self._cursor, index + 1)

    def skip(self, card_id: str) -> None:
        """The "passer" button: same as ``answer(card_id, None)``."""
        self.answer(card_id, None)

    def back(self) -> Card | None:
        """Go back one card (its previous response stays until answered again); the card shown."""
        self._cursor = max(0, self._cursor - 1)
        return self.current

    def result(self, jobs: Iterable[Job]) -> Result:
        """Score the responses so far (missing cards count as skipped) and rank ``jobs``."""
        profile = score(self.cards, self._responses, length=self._code_length)
        return make_result(profile, jobs)

    # --- the events of a visit ---------------------------------------------------------------
    def start(self) -> list[NewEvent]:
        """The visitor began the questionnaire: ``career_started`` (once)."""
        if self._started:
            return []
        self._started = True
        return [events.started(self.version)]

    def finish(self, jobs: Iterable[Job]) -> list[NewEvent]:
        """Score the responses (see :meth:`result`) into :attr:`outcome`: ``career_completed`` (once)."""
        if self.outcome is not None:
            return []
        self.outcome = self.result(jobs)
        return [events.completed(self.version, self.outcome.profile)]

    def abandon(self) -> list[NewEvent]:
        """The visitor left before the result: ``career_abandoned`` with the progress, once, if :attr:`in_progress`."""
        if not self.in_progress:
            return []
        self._abandoned = True
        return [events.abandoned(self.version, self.progress)]

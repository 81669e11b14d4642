"""Interest scoring: answers to the activity cards → a RIASEC profile and a Holland code.

Formulas (pure functions; pinned by ``tests/kiosk/test_careers_scoring.py``):

* Each answer is a level ``0..4`` of the 5-level scale ("pas du tout" = 0 … "j'adore" = 4);
  ``None`` means the card was skipped ("passer") and is **excluded**, not counted as 0.
* Raw score of type ``t``: ``sum_t`` = sum of the levels of its answered cards, over
  ``n_t`` answered cards. Normalised score ``p_t = sum_t / (4 · n_t)`` in ``[0, 1]`` — dividing
  by the number of *answered* cards keeps types with more skips (or more cards) comparable.
  A type with no answered card has ``p_t = 0`` and ``n_t = 0``.
* Ranking: types by ``p_t`` descending; **ties are broken by the canonical RIASEC order**
  (R before I before A before S before E before C), so the same answers always give the same code.
* Code: the first ``length`` (default 3, or 2) ranked types that have ``n_t > 0`` and
  ``p_t > 0``; it can be shorter (one answered type gives a one-letter code) or empty.
* Kind message key (the text lives in ``cards.toml`` ``[messages]``):
  ``"no_answers"`` when every card was skipped; ``"all_low"`` when cards were answered but every
  answer was 0 (no code); ``"close_scores"`` when the last letter of the code is tied with the
  next type left out (the tie-break chose; several codes fit equally); otherwise ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.careers.models import MAX_LEVEL, MIN_LEVEL, RIASEC, Card


@dataclass(frozen=True)
class Profile:
    """A visitor's interest profile: only aggregates, never the individual answers."""

    scores: Mapping[str, float]
    """Normalised score per RIASEC letter, in [0, 1] (0 for a type with no answered card)."""
    answered: Mapping[str, int]
    """Number of answered (not skipped) cards per letter."""
    code: str
    """Top letters (0 to 3), strongest first; "" when there is no code."""
    message_key: str | None
    total_cards: int = 0
    """Number of cards in the questionnaire (answered + skipped + never reached)."""

    @property
    def ranking(self) -> tuple[str, ...]:
        """All six letters, strongest first, ties in canonical RIASEC order."""
        return rank_types(self.scores)

    @property
    def total_answered(self) -> int:
        return sum(self.answered.values())


def rank_types(scores: Mapping[str, float]) -> tuple[str, ...]:
    """The six letters by score descending; equal scores keep the canonical RIASEC order."""
    return tuple(sorted(RIASEC, key=lambda t: (-scores.get(t, 0.0), RIASEC.index(t))))


def score(cards: Iterable[Card], responses: Mapping[str, int | None], *, length: int = 3) -> Profile:
    """Score ``responses`` (card id → level 0..4, or None for skipped) over ``cards``.

    Cards without a response count as skipped; responses for unknown card ids raise KeyError and
    levels outside 0..4 raise ValueError (a screen bug, never a visitor's doing).
    """
    if length not in (2, 3):
        raise ValueError(f"code length must be 2 or 3, not {length}")
    by_id = {card.id: card for card in cards}
    sums = dict.fromkeys(RIASEC, 0)
    counts = dict.fromkeys(RIASEC, 0)
    for card_id, level in responses.items():
        card = by_id[card_id]
        if level is None:
            continue
        if not MIN_LEVEL <= level <= MAX_LEVEL:
            raise ValueError(f"level {level!r} for card {card_id!r} is outside {MIN_LEVEL}..{MAX_LEVEL}")
        sums[card.type] += level
        counts[card.type] += 1
    scores = {t: (sums[t] / (MAX_LEVEL * counts[t]) if counts[t] else 0.0) for t in RIASEC}
    ranking = rank_types(scores)
    eligible = [t for t in ranking if counts[t] > 0 and scores[t] > 0]
    code = "".join(eligible[:length])
    return Profile(
        scores=MappingProxyType(scores),
        answered=MappingProxyType(counts),
        code=code,
        message_key=_message_key(scores, counts, eligible, code),
        total_cards=len(by_id),
    )


def _message_key(scores: Mapping[str, float], counts: Mapping[str, int], eligible: list[str], code: str) -> str | None:
    if not any(counts.values()):
        return "no_answers"
    if not code:
        return "all_low"
    left_out = eligible[len(code) :]
    if left_out and scores[left_out[0]] == scores[code[-1]]:
        return "close_scores"
    return None

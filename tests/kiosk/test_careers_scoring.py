"""Scoring of the career questionnaire: hand-computed profiles, ties, skips, one type only."""

from __future__ import annotations

import pytest

from kiosk.careers.models import RIASEC, Card, Text
from kiosk.careers.scoring import rank_types, score


def make_cards(per_type: int = 2) -> list[Card]:
    """``per_type`` cards per RIASEC type, ids like ``r0``, ``r1``, ``i0`` …"""
    return [
        Card(id=f"{t.lower()}{n}", type=t, text=Text(fr=f"carte {t}{n}", en=f"card {t}{n}"))
        for t in RIASEC
        for n in range(per_type)
    ]


CARDS = make_cards()


def test_hand_computed_profile_and_code() -> None:
    responses = {
        "r0": 4,
        "r1": 4,
        "i0": 4,
        "i1": 2,
        "a0": 3,
        "a1": None,
        "s0": 0,
        "s1": 0,
        "e0": 1,
        "e1": None,
        "c0": None,
        "c1": None,
    }
    profile = score(CARDS, responses)
    # R: 8 / (4·2) = 1.0; I: 6/8 = 0.75; A: 3/(4·1) = 0.75 (the skip is excluded, not a 0);
    # S: 0/8 = 0; E: 1/4 = 0.25; C: no answered card → 0.
    assert dict(profile.scores) == {"R": 1.0, "I": 0.75, "A": 0.75, "S": 0.0, "E": 0.25, "C": 0.0}
    assert dict(profile.answered) == {"R": 2, "I": 2, "A": 1, "S": 2, "E": 1, "C": 0}
    # I and A tie at 0.75: canonical RIASEC order puts I first.
    assert profile.ranking == ("R", "I", "A", "E", "S", "C")
    assert profile.code == "RIA"
    assert profile.message_key is None
    assert profile.total_answered == 8


def test_two_letter_code() -> None:
    profile = score(CARDS, {"r0": 4, "i0": 3, "a0": 2}, length=2)
    assert profile.code == "RI"
    assert profile.message_key is None


def test_tie_at_the_cut_is_broken_by_riasec_order_and_flagged() -> None:
    # C, E, S, A all at 1.0: the code takes them in canonical order and says the scores are close.
    profile = score(CARDS, {"c0": 4, "e0": 4, "s0": 4, "a0": 4, "i0": 1})
    assert profile.code == "ASE"
    assert profile.message_key == "close_scores"


def test_all_equal_answers_give_a_deterministic_code() -> None:
    everything = {card.id: 2 for card in CARDS}
    first = score(CARDS, everything)
    assert first.code == "RIA"
    assert first.message_key == "close_scores"
    assert score(list(reversed(CARDS)), dict(reversed(everything.items()))).code == "RIA"


def test_all_skipped_gives_no_code_and_a_kind_message() -> None:
    profile = score(CARDS, {card.id: None for card in CARDS})
    assert profile.code == ""
    assert profile.message_key == "no_answers"
    assert set(profile.scores.values()) == {0.0}


def test_nothing_answered_at_all_is_the_same_as_all_skipped() -> None:
    assert score(CARDS, {}).message_key == "no_answers"


def test_all_zero_answers_give_no_code() -> None:
    profile = score(CARDS, {card.id: 0 for card in CARDS})
    assert profile.code == ""
    assert profile.message_key == "all_low"


def test_one_type_only() -> None:
    responses = {card.id: (3 if card.type == "S" else None) for card in CARDS}
    profile = score(CARDS, responses)
    assert profile.code == "S"
    assert profile.scores["S"] == 0.75
    assert profile.message_key is None


def test_normalised_by_answered_cards_so_unequal_counts_are_fair() -> None:
    cards = [c for c in make_cards(3) if not (c.type == "R" and c.id != "r0")]  # 1 R card, 3 I cards
    profile = score(cards, {"r0": 4, "i0": 4, "i1": 4, "i2": 4})
    assert profile.scores["R"] == profile.scores["I"] == 1.0
    assert profile.code == "RI"
    assert profile.message_key is None  # nothing left out of the code ties with "I"


def test_bad_input_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        score(CARDS, {"nope": 2})
    with pytest.raises(ValueError):
        score(CARDS, {"r0": 5})
    with pytest.raises(ValueError):
        score(CARDS, {"r0": 1}, length=4)


def test_rank_types_defaults_missing_letters_to_zero() -> None:
    assert rank_types({"C": 0.5}) == ("C", "R", "I", "A", "S", "E")

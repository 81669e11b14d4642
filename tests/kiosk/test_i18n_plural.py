"""Real plural forms in both languages (« 1 vote », « 2 votes »), never « vote(s) » in the tables."""

from __future__ import annotations

import re

import pytest

from kiosk.i18n import Translator, strings


@pytest.mark.parametrize(
    ("language", "count", "text"),
    [("fr", 0, "0 vote"), ("fr", 1, "1 vote"), ("fr", 2, "2 votes"), ("en", 0, "0 votes"), ("en", 1, "1 vote")],
)
def test_plural_forms_follow_each_language(language, count, text):
    assert Translator(language).plural("debate.vote_count", count) == text


def test_every_plural_entry_has_both_forms():
    for language in ("fr", "en"):
        table = strings(language)
        for key in table:
            if key.endswith(".one"):
                assert key.removesuffix(".one") + ".other" in table, key


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_table_writes_a_parenthesised_plural(language):
    """« 269 événement(s) » is not written: a plural table, or the count as a label (« Nouveaux lots : 3 »)."""
    for key, text in strings(language).items():
        assert not re.search(r"\w\((s|x|es|e)\)", text), (language, key, text)


@pytest.mark.parametrize(
    ("language", "seconds", "text"),
    [
        ("fr", 45.2, "Trop d'essais. Réessayez dans 46\u00a0s."),
        ("fr", 60, "Trop d'essais. Réessayez dans 1\u00a0min."),
        ("fr", 900, "Trop d'essais. Réessayez dans 15\u00a0min."),
        ("fr", 899.5, "Trop d'essais. Réessayez dans 15\u00a0min."),
        ("en", 0.2, "Too many tries. Try again in 1\u00a0s."),
        ("en", 61, "Too many tries. Try again in 2\u00a0min."),
    ],
)
def test_a_pin_lock_says_minutes_once_it_lasts_a_minute(language, seconds, text):
    """The 15-minute lock reads « 15 min », never « 900 s »; a countdown never says 0 while still locked."""
    tr = Translator(language)
    assert tr.tr("pin.locked", wait=tr.duration(seconds)) == text

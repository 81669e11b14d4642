"""Real plural forms in both languages (« 1 vote », « 2 votes »), never « vote(s) » in the tables."""

from __future__ import annotations

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


@pytest.mark.parametrize("area", ["facilitator", "debate"])
def test_facilitator_tables_never_write_a_parenthesised_plural(area):
    for language in ("fr", "en"):
        for key, text in strings(language).items():
            if key.split(".")[0] in (area, "pin"):
                assert "(s)" not in text and "(x)" not in text, (language, key, text)

import string

import pytest

from kiosk.i18n import LANGUAGES, Translator, strings


def _fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys_and_placeholders():
    reference = strings("fr")
    for language in LANGUAGES:
        table = strings(language)
        assert set(table) == set(reference), language
        for key, text in table.items():
            assert text.strip(), f"{language}:{key} is empty"
            assert _fields(text) == _fields(reference[key]), f"{language}:{key} placeholders differ"


def test_translator_switches_and_fills_placeholders():
    tr = Translator("fr")
    assert tr.tr("idle.title") == "Toujours là\u202f?"
    assert tr.tr("idle.countdown", seconds=9) == "Retour à l'accueil dans 9\u00a0s"
    tr.language = "en"
    assert tr.tr("idle.title") == "Still there?"
    assert tr.tr("no.such.key") == "no.such.key"
    with pytest.raises(ValueError):
        tr.language = "de"


def test_french_strings_get_french_typography_and_english_ones_none():
    french, english = Translator("fr"), Translator("en")
    for key, text in strings("fr").items():
        shown = french.tr(key) if "{" not in text else None
        if shown is not None:
            assert " ?" not in shown and " !" not in shown and " :" not in shown and " ;" not in shown, key
    for key, text in strings("en").items():
        if "{" not in text:
            assert english.tr(key) == text, key


def test_placeholders_are_typeset_with_the_sentence():
    tr = Translator("fr")
    assert tr.tr("idle.countdown", seconds=30).endswith("30\u00a0s")
    tr.language = "en"
    assert tr.tr("idle.countdown", seconds=30).endswith("30 s")

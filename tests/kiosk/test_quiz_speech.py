"""Read-aloud (kiosk.sound.speech): voice choice, start and stop, hidden when unavailable."""

from __future__ import annotations

import shutil
import time

import pytest

from kiosk.sound.speech import Speaker, parse_voices, pick_voice

LISTING_FR = """Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
 6  fr-ca           --/M      fr-canadian-mbrola-1 mb/mb-ca1            (fr 10)
 5  fr-be           --/M      French_(Belgium)   roa/fr-BE            (fr 8)
"""


def test_mbrola_voices_are_skipped_and_quebec_preferred_when_present():
    assert parse_voices(LISTING_FR) == [("fr-fr", "roa/fr"), ("fr-be", "roa/fr-BE")]
    assert pick_voice(LISTING_FR, "fr") == "fr-fr"
    with_ca = LISTING_FR + " 5  fr-ca           --/M      French_(Canada)    roa/fr-CA            (fr 5)\n"
    assert pick_voice(with_ca, "fr") == "fr-ca"
    assert pick_voice(LISTING_FR, "en") is None
    assert pick_voice("", "fr") is None


def test_no_engine_means_no_button():
    speaker = Speaker("no-such-espeak-binary")
    assert not speaker.available("fr")
    assert speaker.say(["Bonjour"], "fr") is False
    assert not Speaker(enabled=False).available("en")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_speaks_in_both_languages_and_stops_at_once():
    speaker = Speaker()
    assert speaker.available("fr") and speaker.available("en")
    args = speaker.args("-v évite les options", "fr")
    assert args[-2:] == ["--", "-v évite les options"]
    assert speaker.say(["Qu'est-ce qu'un renseignement personnel ?", "Ton nom", "La météo"] * 20, "fr")
    assert speaker.speaking
    started = time.monotonic()
    speaker.stop()
    assert not speaker.speaking and time.monotonic() - started < 2

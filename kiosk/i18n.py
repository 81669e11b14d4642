"""UI strings in French (Québec) and English: ``kiosk/locales/<language>/*.toml``, one file per area.

Each area of the app (shell, facilitator, quiz, careers, dome, sync, errors…) has its own file in each
language folder; the files of a language are merged into one table of dotted keys, and the same key in two
files is an error. ``Translator("fr").tr("home.title")`` returns the French string; ``{name}``
placeholders are filled from keyword arguments. French strings come back with French typography
(no-break spaces before ``?``, ``:``… see :mod:`kiosk.typography`): the tables keep ordinary spaces. Quiz and
career texts are not here: they live in the content files, one field per language. A test checks that both
languages have exactly the same keys and placeholders.
"""

from __future__ import annotations

import math
import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.typography import typeset

LANGUAGES: tuple[str, ...] = ("fr", "en")
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def strings(language: str) -> dict[str, str]:
    """Every UI string of ``language`` as ``{"section.key": text}``, merged from its area files."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.toml")):
        with open(path, "rb") as handle:
            table = _flatten(tomllib.load(handle))
        for key in table.keys() & merged.keys():
            raise ValueError(f"{path}: key {key!r} is also in {origin[key]}")
        merged.update(table)
        origin.update(dict.fromkeys(table, path.name))
    return merged


def system_language(environ: dict[str, str] | None = None) -> str:
    """The operator's language for the command line: French when the locale says so, else English.

    Reads ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` then ``LANGUAGE``, as gettext does (``fr_CA.UTF-8`` → ``fr``).
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


class Translator:
    """Looks up UI strings in the current language; switch with :attr:`language`."""

    def __init__(self, language: str = "fr") -> None:
        self.language = language

    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, value: str) -> None:
        strings(value)  # validates
        self._language = value

    def plural(self, key: str, count: int, **values: Any) -> str:
        """``key.one`` or ``key.other`` for ``count`` by the language's rule, with ``{count}`` filled.

        Real plural forms, never « visiteur(s) »: French uses the singular for 0 and 1 (« 0 vote »,
        « 1 vote », « 2 votes »), English only for 1 (« 0 votes », « 1 vote »). The table holds both forms::

            [debate.vote_count]
            one = "{count} vote"
            other = "{count} votes"
        """
        one = abs(count) < 2 if self._language == "fr" else abs(count) == 1
        return self.tr(f"{key}.{'one' if one else 'other'}", count=count, **values)

    def duration(self, seconds: float) -> str:
        """A wait as a person reads it: « 45 s » under a minute, else whole minutes rounded up (« 15 min »).

        ``seconds`` is rounded up too, so a countdown never says « 0 s » while something is still locked.
        """
        whole = max(0, math.ceil(seconds))
        if whole < 60:
            return self.tr("common.seconds", count=whole)
        return self.tr("common.minutes", count=math.ceil(whole / 60))

    def tr(self, key: str, **values: Any) -> str:
        """The string for ``key`` with ``{placeholders}`` filled and typeset; the key itself if it is missing."""
        text = strings(self._language).get(key)
        if text is None:
            return key
        return typeset(text.format(**values) if values else text, self._language)

"""UI strings in French (Québec) and English: one TOML table per language in ``kiosk/locales/``.

``Translator("fr").tr("home.title")`` returns the French string; ``{name}`` placeholders are filled
from keyword arguments. Quiz and career texts are not here: they live in the content files, one field
per language. A test checks that both tables have exactly the same keys and placeholders.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

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
    """Every UI string of ``language`` as ``{"section.key": text}``."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    with open(LOCALES_DIR / f"{language}.toml", "rb") as handle:
        return _flatten(tomllib.load(handle))


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

    def tr(self, key: str, **values: Any) -> str:
        """The string for ``key`` with ``{placeholders}`` filled; the key itself if it is missing."""
        text = strings(self._language).get(key)
        if text is None:
            return key
        return text.format(**values) if values else text

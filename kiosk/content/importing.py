"""What the quiz importers (Moodle GIFT, Kahoot spreadsheet) share: notes, ids, the theme, and writing a
quiz file only when it passes the content check.

An importer turns a file into quiz *data* (the dict a quiz TOML file holds) plus :class:`Note` s for the
person importing: everything it could not convert, or converted with a loss, named with its place in the
source (a GIFT line, a spreadsheet row). :func:`write_checked` then validates the data exactly as
``kiosk content check`` would read the written file, and writes it only when it has no problem: an import
never leaves a file that the kiosk would refuse.

Imported files have one language: the text goes to ``fr`` and, prefixed with ``[FR] ``, to ``en``, so that
the file validates while showing a translator what is left to do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from kiosk.content import bundled_root
from kiosk.content.document import Document
from kiosk.content.loader import parse_quiz
from kiosk.content.locate import key_lines
from kiosk.content.media import MANIFEST_NAME, load_manifest
from kiosk.content.models import Theme
from kiosk.content.problems import Problem
from kiosk.errors import UsageError
from kiosk.typography import space_french_punctuation

UNTRANSLATED = "[FR] "
TODO_FR = "À RÉDIGER : explication de la bonne réponse."
_NO_SHUFFLE = re.compile(r"(toutes|aucune) (de )?ces réponses|all of the above|none of the above", re.IGNORECASE)
_THEME_WORDS = {
    Theme.PRIVACY: ("vie privée", "privacy", "données personnelles"),
    Theme.CYBERSECURITY: ("cybersécurité", "cybersecurity", "mot de passe", "hameçonnage"),
    Theme.AI: ("intelligence artificielle", "artificial intelligence", "ia"),
    Theme.ALGORITHMS: ("algorithme", "algorithm", "bulle"),
    Theme.DISINFORMATION: ("désinformation", "disinformation", "fausses nouvelles", "fake news"),
    Theme.CYBERBULLYING: ("cyberintimidation", "cyberbullying", "intimidation"),
    Theme.DIGITAL_SOBRIETY: ("sobriété", "sobriety", "écran", "environnement"),
    Theme.RIGHTS: ("droit", "rights", "citoyenneté", "loi 25"),
    Theme.DEBATE: ("débat", "debate", "sondage"),
}


@dataclass(frozen=True, order=True)
class Note:
    """Something the person importing should know, ``where`` in the source: a GIFT line, a sheet and row."""

    where: str
    message: str


@dataclass
class ImportResult:
    """A converted quiz (TOML-ready data), the notes, and what happened when writing it."""

    data: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    converted: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)  # of the file it would have written
    written: bool = False


def both(text: str) -> dict[str, str]:
    """A bilingual text from French only, with French spacing before ? ! ; : added; ``en`` marked for the
    translator."""
    return {"fr": space_french_punctuation(text), "en": UNTRANSLATED + text}


def slug(text: str, fallback: str) -> str:
    """ASCII slug of ``text`` (accents dropped): ``"Mot de passe !"`` → ``mot-de-passe``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    result = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return result[:40].rstrip("-") or fallback


def unique(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first not in ``used`` (which it joins)."""
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate


def choice_id(index: int) -> str:
    """``a``, ``b``… ``z``, then ``c27``…: the id of the choice at 0-based ``index``."""
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"


def keeps_order(texts: list[str]) -> bool:
    """Choices such as « toutes ces réponses » must not be shuffled."""
    return any(_NO_SHUFFLE.search(text) for text in texts)


def pick_theme(theme: str | None, words: list[str], notes: list[Note]) -> Theme:
    """``theme`` if given (a :class:`UsageError` if unknown), else the one theme ``words`` name, else rights."""
    if theme is not None:
        try:
            return Theme(theme)
        except ValueError:
            choices = ", ".join(t.value for t in Theme)
            raise UsageError("errors.content.unknown_theme", theme=theme, choices=choices) from None
    text = " ".join(words).lower()
    found = [t for t, keys in _THEME_WORDS.items() if any(re.search(rf"\b{re.escape(k)}\b", text) for k in keys)]
    if len(found) == 1:
        return found[0]
    notes.append(Note("1", "theme not found in the source: set to 'rights'; check it (--theme)"))
    return Theme.RIGHTS


def quiz_data(quiz_id: str, theme: Theme, title: str, intro: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The data of a whole imported quiz file (version 1, ages 13–17, the theme's card picture)."""
    return {
        "id": quiz_id,
        "version": 1,
        "theme": theme.value,
        "age_band": "13-17",
        "image": f"theme-{theme.value}",
        "title": both(title),
        "intro": both(intro),
        "questions": questions,
    }


def write_checked(result: ImportResult, output: Path, header: str, media_dir: Path | None = None) -> ImportResult:
    """Write ``result.data`` to ``output`` if, read back as a quiz file, it has no problem.

    ``result.problems`` lists the problems otherwise, and nothing is written. ``header`` is a ``#`` comment
    block put before the data (where the file comes from, what is left to do).
    """
    if (output.parent / "quiz.schema.json").exists():
        header = "#:schema ./quiz.schema.json\n" + header
    text = header + "\n" + tomli_w.dumps(result.data)
    manifest = load_manifest((media_dir or bundled_root() / "media") / MANIFEST_NAME)
    document = Document(output, result.data, key_lines(text))
    result.problems = parse_quiz(document, manifest.items.keys() if manifest.readable else None)[1]
    if not result.problems:
        output.write_text(text, encoding="utf-8")
        result.written = True
    return result

"""Moodle GIFT → quiz file: what converts, and a note with its GIFT line for everything else.

What converts: multiple choice (one right answer → ``single``; several, or positive weights →
``multiple``; none → ``poll``), true/false, matching whose right-hand sides are positions 1…n →
``ordering``, missing-word choice questions (the blank shown as ``_____``), per-answer and general
feedback (→ ``explanation``), ``$CATEGORY`` (→ ``category``), titles (→ question ids).
What does not (short answer, numeric, essay, description, other matching) is listed with its line.

GIFT has one language: its text goes to ``fr`` and, prefixed with ``[FR] ``, to ``en`` so the file
validates; a translator replaces every ``[FR] `` text (``kiosk content check`` does not).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from kiosk.content import bundled_root
from kiosk.content.document import Document
from kiosk.content.gift import GiftAnswer, GiftNote, GiftQuestion, parse_gift
from kiosk.content.loader import parse_quiz
from kiosk.content.locate import key_lines
from kiosk.content.media import MANIFEST_NAME, load_manifest
from kiosk.content.models import Theme
from kiosk.content.problems import Problem

UNTRANSLATED = "[FR] "
TODO_FR = "À RÉDIGER : explication de la bonne réponse."
BLANK = "_____"
_NO_SHUFFLE = re.compile(r"(toutes|aucune) (de )?ces réponses|all of the above|none of the above", re.I)
_ORDINAL = re.compile(r"^(\d+)\s*(er|re|e|ère|ème|st|nd|rd|th)?\.?$", re.I)
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


@dataclass
class GiftImport:
    """A converted quiz (as TOML-ready data) and the notes for the person importing."""

    data: dict[str, Any]
    notes: list[GiftNote] = field(default_factory=list)
    converted: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)  # of the written file, if any


def slug(text: str, fallback: str) -> str:
    """ASCII slug of ``text`` (accents dropped): ``"Mot de passe !"`` → ``mot-de-passe``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    result = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return result[:40].rstrip("-") or fallback


def both(text: str) -> dict[str, str]:
    """A bilingual text from French only: ``en`` is marked for the translator."""
    return {"fr": text, "en": UNTRANSLATED + text}


def guess_theme(categories: list[str]) -> Theme | None:
    """The theme whose words appear in the categories, if exactly one does."""
    words = " ".join(categories).lower()
    found = [
        theme for theme, keys in _THEME_WORDS.items() if any(re.search(rf"\b{re.escape(k)}\b", words) for k in keys)
    ]
    return found[0] if len(found) == 1 else None


def convert_gift(text: str, quiz_id: str, theme: str | None = None, title: str | None = None) -> GiftImport:
    """Convert GIFT ``text`` into the data of quiz ``quiz_id``; every loss is a note."""
    questions, notes = parse_gift(text)
    result = GiftImport({}, list(notes), skipped=len(notes))
    categories = [q.category.removeprefix("$course$/") for q in questions if q.category]
    chosen = _theme(theme, categories, result)
    default_title = categories[0].split("/")[-1] if categories else quiz_id.replace("-", " ").capitalize()
    converted: list[dict[str, Any]] = []
    used: set[str] = set()
    for index, question in enumerate(questions, start=1):
        item = _question(question, result.notes)
        if item is None:
            result.skipped += 1
            continue
        item["id"] = _unique(slug(question.title or "", f"q{index}"), used)
        converted.append(item)
    result.converted = len(converted)
    result.data = {
        "id": quiz_id,
        "version": 1,
        "theme": chosen.value,
        "age_band": "13-17",
        "image": f"theme-{chosen.value}",
        "title": both(title or default_title),
        "intro": {
            "fr": f"Quiz importé de Moodle (GIFT) : {title or default_title}.",
            "en": "Quiz imported from Moodle (GIFT).",
        },
        "questions": converted,
    }
    result.notes.sort(key=lambda note: note.line)
    return result


def _theme(theme: str | None, categories: list[str], result: GiftImport) -> Theme:
    if theme is not None:
        try:
            return Theme(theme)
        except ValueError:
            from kiosk.errors import UsageError

            raise UsageError(f"unknown theme '{theme}' (one of {', '.join(t.value for t in Theme)})") from None
    guessed = guess_theme(categories)
    if guessed is None:
        result.notes.append(GiftNote(1, "theme not found in the categories: set to 'rights'; check it (--theme)"))
        return Theme.RIGHTS
    return guessed


def _unique(base: str, used: set[str]) -> str:
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate


def _question(question: GiftQuestion, notes: list[GiftNote]) -> dict[str, Any] | None:
    line = question.line
    if question.shape in ("short", "numeric", "essay", "description"):
        what = {
            "short": "short-answer",
            "numeric": "numeric",
            "essay": "essay",
            "description": "description (no answer)",
        }
        notes.append(GiftNote(line, f"{what[question.shape]} question not converted: {_excerpt(question.text)}"))
        return None
    prompt = _prompt(question, notes)
    item: dict[str, Any] | None
    if question.shape == "truefalse":
        item = _truefalse(question)
    elif question.shape == "matching":
        item = _ordering(question, notes)
    else:
        item = _choice(question, notes)
    if item is None:
        return None
    item = {"id": "", "kind": item.pop("kind"), "prompt": both(prompt), **item}
    if question.general_feedback:
        item["explanation"] = both(question.general_feedback)
    elif item["kind"] != "poll":
        item["explanation"] = both(TODO_FR)
        notes.append(GiftNote(line, f"no general feedback (####): the explanation says '{TODO_FR}'"))
    if question.category:
        item["category"] = question.category.removeprefix("$course$/")
    return item


def _prompt(question: GiftQuestion, notes: list[GiftNote]) -> str:
    text = question.text
    if question.text_format == "html":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        notes.append(GiftNote(question.line, "HTML formatting removed from the question text"))
    if question.tail:
        if question.shape != "choice":
            notes.append(
                GiftNote(question.line, f"text after the answers kept after the question: {_excerpt(question.tail)}")
            )
            return f"{text}\n{question.tail}"
        notes.append(GiftNote(question.line, f"missing-word question: the blank is shown as {BLANK}"))
        return f"{text} {BLANK} {question.tail}".strip()
    return text


def _truefalse(question: GiftQuestion) -> dict[str, Any]:
    if_wrong, if_right = question.truth_feedback
    choices = []
    for value, fr, en in ((True, "Vrai", "True"), (False, "Faux", "False")):
        choice: dict[str, Any] = {
            "id": str(value).lower(),
            "text": {"fr": fr, "en": en},
            "correct": value is question.truth,
        }
        feedback = if_right if value is question.truth else if_wrong
        if feedback:
            choice["feedback"] = both(feedback)
        choices.append(choice)
    return {"kind": "truefalse", "shuffle": False, "choices": choices}


def _ordering(question: GiftQuestion, notes: list[GiftNote]) -> dict[str, Any] | None:
    positions = [_ORDINAL.match(answer.match or "") for answer in question.answers]
    numbers = [int(m.group(1)) for m in positions if m]
    if len(numbers) != len(question.answers) or sorted(numbers) != list(range(1, len(numbers) + 1)):
        notes.append(
            GiftNote(
                question.line,
                f"matching question not converted (only positions 1…n become an ordering): {_excerpt(question.text)}",
            )
        )
        return None
    ordered = [answer for _, answer in sorted(zip(numbers, question.answers, strict=True), key=lambda pair: pair[0])]
    notes.append(GiftNote(question.line, "matching question converted to an ordering question"))
    return {"kind": "ordering", "choices": [_choice_data(answer, index, None) for index, answer in enumerate(ordered)]}


def _choice(question: GiftQuestion, notes: list[GiftNote]) -> dict[str, Any]:
    rights = [_is_right(answer) for answer in question.answers]
    weighted = [a for a in question.answers if a.weight is not None and a.weight not in (0, 100)]
    if sum(rights) == 0:
        kind = "poll"
        notes.append(GiftNote(question.line, "no right answer: converted to a poll (opinion question)"))
    else:
        kind = "single" if sum(rights) == 1 else "multiple"
    if weighted:
        notes.append(
            GiftNote(question.line, "partial-credit weights dropped: a positive weight counts as a right answer")
        )
    choices = [
        _choice_data(a, i, r if kind != "poll" else None)
        for i, (a, r) in enumerate(zip(question.answers, rights, strict=True))
    ]
    item: dict[str, Any] = {"kind": kind, "choices": choices}
    if any(_NO_SHUFFLE.search(answer.text) for answer in question.answers):
        item["shuffle"] = False
    return item


def _is_right(answer: GiftAnswer) -> bool:
    return answer.weight > 0 if answer.weight is not None else answer.right


def _choice_data(answer: GiftAnswer, index: int, correct: bool | None) -> dict[str, Any]:
    choice: dict[str, Any] = {"id": chr(ord("a") + index) if index < 26 else f"c{index + 1}", "text": both(answer.text)}
    if correct is not None:
        choice["correct"] = correct
    if answer.feedback:
        choice["feedback"] = both(answer.feedback)
    return choice


def _excerpt(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def import_gift_file(source: Path, output: Path, theme: str | None = None, title: str | None = None) -> GiftImport:
    """Convert ``source`` and write ``output`` (TOML via tomli-w) when at least one question converts."""
    text = source.read_text(encoding="utf-8-sig")
    result = convert_gift(text, slug(output.stem, "quiz-importe"), theme, title)
    if result.converted:
        header = (
            f"# Imported from {source.name} by `kiosk content import-gift`.\n"
            "# English texts start with [FR]: a translator must replace each of them before shipping.\n"
        )
        if (output.parent / "quiz.schema.json").exists():
            header = "#:schema ./quiz.schema.json\n" + header
        body = tomli_w.dumps(result.data)
        output.write_text(header + "\n" + body, encoding="utf-8")
        document = Document(output, result.data, key_lines(header + "\n" + body))
        manifest = load_manifest(bundled_root() / "media" / MANIFEST_NAME)
        result.problems = parse_quiz(document, manifest.items.keys() if manifest.readable else None)[1]
    return result

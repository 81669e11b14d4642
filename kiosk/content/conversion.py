"""Moodle GIFT → quiz file: what converts, and a note with its GIFT line for everything else.

:mod:`kiosk.content.gift` reads the file as Moodle does; this module decides what our format can hold:

- multiple choice with one ``=`` answer → ``single``. A partial-credit answer (``~%50%``) cannot be half
  right here: it counts as wrong, and a note says so. Two fully right answers cannot be a ``single``: the
  question is not converted;
- multiple choice without ``=`` (Moodle's several-answer questions) → ``multiple``: every answer with a
  positive weight must be ticked, the others must not; without any positive weight → ``poll`` (noted);
- true/false (``{T}``, ``{FALSE#if wrong#if right}``) → ``truefalse`` with its feedback;
- matching whose right-hand sides are positions (``-> 1``, ``-> 2e``…) → ``ordering``;
- missing-word questions keep their blank ``_____``; general feedback (the last ``####``) → ``explanation``;
  ``$CATEGORY`` → ``category``; names → question ids;
- texts are shown as plain text: ``[html]`` tags are removed and entities decoded, ``[markdown]`` marks
  dropped; in ``[moodle]`` and ``[plain]`` text a line break stays a line break, as in Moodle.

Not converted, each listed with its line: short answer (including ``{true}`` in lower case, which Moodle
reads as a short answer), numerical, essay, description, other matching, and choices left empty.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from kiosk.content.gift import BLANK, GiftAnswer, GiftQuestion, GiftText, parse_gift, read_gift
from kiosk.content.importing import (
    TODO_FR,
    ImportResult,
    Note,
    both,
    choice_id,
    keeps_order,
    pick_theme,
    quiz_data,
    slug,
    unique,
    write_checked,
)

_ORDINAL = re.compile(r"^(\d+)\s*(er|re|e|ère|ème|st|nd|rd|th)?\.?$", re.IGNORECASE)
_NOT_CONVERTED = {
    "shortanswer": "short-answer question (typed answer)",
    "numerical": "numerical question",
    "essay": "essay question",
    "description": "description (no answer)",
}


def plain_text(text: GiftText) -> str:
    """What a visitor sees of a GIFT text: HTML and Markdown marks removed, spaces tidied."""
    value = text.text
    if text.format in ("html", "moodle"):
        if text.format == "html":
            value = re.sub(r"\s*\n\s*", " ", value)
        value = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h[1-6])>", "\n", value)
        value = html.unescape(re.sub(r"<[^>]+>", "", value))
    elif text.format == "markdown":
        value = re.sub(r"\s*\n\s*", " ", value)
        value = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", value)
        value = re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", value)
        value = re.sub(r"(?m)^#+\s*", "", value)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in value.split("\n")]
    return "\n".join(lines).strip()


def convert_gift(text: str, quiz_id: str, theme: str | None = None, title: str | None = None) -> ImportResult:
    """Convert GIFT ``text`` into the data of quiz ``quiz_id``; every loss is a note."""
    parsed = parse_gift(text)
    result = ImportResult(notes=[Note(str(n.line), n.message) for n in parsed.notes], skipped=len(parsed.notes))
    categories = [q.category.removeprefix("$course$/") for q in parsed.questions if q.category]
    chosen = pick_theme(theme, categories, result.notes)
    default_title = categories[0].split("/")[-1] if categories else quiz_id.replace("-", " ").capitalize()
    converted: list[dict[str, Any]] = []
    used: set[str] = set()
    for index, question in enumerate(parsed.questions, start=1):
        item = _question(question, result.notes)
        if item is None:
            result.skipped += 1
            continue
        item["id"] = unique(slug(question.name or "", f"q{index}"), used)
        converted.append(item)
    result.converted = len(converted)
    chosen_title = title or default_title
    result.data = quiz_data(quiz_id, chosen, chosen_title, f"Quiz importé de Moodle : {chosen_title}.", converted)
    result.notes.sort(key=lambda note: int(note.where))
    return result


def _question(question: GiftQuestion, notes: list[Note]) -> dict[str, Any] | None:
    where = str(question.line)
    prompt = plain_text(question.text)
    if question.qtype in _NOT_CONVERTED:
        notes.append(Note(where, f"{_NOT_CONVERTED[question.qtype]} not converted: {_excerpt(prompt)}"))
        return None
    item: dict[str, Any] | None
    if question.qtype == "truefalse":
        item = _truefalse(question)
    elif question.qtype == "match":
        item = _ordering(question, notes)
    else:
        item = _choice(question, notes)
    if item is None:
        return None
    if question.blank:
        notes.append(Note(where, f"missing-word question: the blank is shown as {BLANK}"))
    item = {"id": "", "kind": item.pop("kind"), "prompt": both(prompt), **item}
    if question.general_feedback and plain_text(question.general_feedback):
        item["explanation"] = both(plain_text(question.general_feedback))
    elif item["kind"] != "poll":
        item["explanation"] = both(TODO_FR)
        notes.append(Note(where, f"no general feedback (####): the explanation says '{TODO_FR}'"))
    if question.category:
        item["category"] = question.category.removeprefix("$course$/")
    return item


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
        if feedback and plain_text(feedback):
            choice["feedback"] = both(plain_text(feedback))
        choices.append(choice)
    return {"kind": "truefalse", "shuffle": False, "choices": choices}


def _ordering(question: GiftQuestion, notes: list[Note]) -> dict[str, Any] | None:
    where = str(question.line)
    positions = [_ORDINAL.match(answer.match or "") for answer in question.answers]
    numbers = [int(m.group(1)) for m in positions if m]
    texts = [plain_text(answer.text) for answer in question.answers]
    if len(numbers) != len(texts) or sorted(numbers) != list(range(1, len(numbers) + 1)) or not all(texts):
        notes.append(
            Note(
                where,
                "matching question not converted (only positions 1…n become an ordering): "
                + _excerpt(plain_text(question.text)),
            )
        )
        return None
    ordered = [text for _, text in sorted(zip(numbers, texts, strict=True))]
    notes.append(Note(where, "matching question converted to an ordering question"))
    return {"kind": "ordering", "choices": [{"id": choice_id(i), "text": both(t)} for i, t in enumerate(ordered)]}


def _choice(question: GiftQuestion, notes: list[Note]) -> dict[str, Any] | None:
    where = str(question.line)
    answers = [a for a in question.answers if plain_text(a.text)]
    if len(answers) < len(question.answers):
        notes.append(Note(where, f"{len(question.answers) - len(answers)} empty answer(s) left out"))
    if question.single:
        kind, rights = _single_key(answers, where, notes)
    else:
        kind, rights = _multiple_key(answers, where, notes)
    if kind is None or len(answers) < 2:
        if kind is not None:
            notes.append(
                Note(where, f"fewer than 2 answers left: not converted: {_excerpt(plain_text(question.text))}")
            )
        return None
    choices = [
        _choice_data(a, i, r if kind != "poll" else None) for i, (a, r) in enumerate(zip(answers, rights, strict=True))
    ]
    item: dict[str, Any] = {"kind": kind, "choices": choices}
    if keeps_order([plain_text(a.text) for a in answers]):
        item["shuffle"] = False
    return item


def _single_key(answers: list[GiftAnswer], where: str, notes: list[Note]) -> tuple[str | None, list[bool]]:
    rights = [answer.fraction >= 1 for answer in answers]
    if sum(rights) != 1:
        notes.append(
            Note(
                where,
                f"{sum(rights)} fully right answers in a one-answer question: not converted "
                "(the kiosk needs exactly one)",
            )
        )
        return None, rights
    for answer in answers:
        if 0 < answer.fraction < 1:
            notes.append(
                Note(
                    where,
                    f"partial credit ({answer.fraction:.0%}) of '{_excerpt(plain_text(answer.text), 30)}' "
                    "not kept: it counts as wrong",
                )
            )
    return "single", rights


def _multiple_key(answers: list[GiftAnswer], where: str, notes: list[Note]) -> tuple[str | None, list[bool]]:
    rights = [answer.fraction > 0 for answer in answers]
    if not any(rights):
        notes.append(Note(where, "no answer with a positive weight: converted to a poll (opinion question)"))
        return "poll", rights
    total = sum(a.fraction for a in answers if a.fraction > 0)
    notes.append(
        Note(where, "several-answer question: every answer with a positive weight must be ticked, no partial credit")
    )
    if abs(total - 1) > 0.01:
        notes.append(Note(where, f"the positive weights add up to {total:.0%}, not 100%"))
    return "multiple", rights


def _choice_data(answer: GiftAnswer, index: int, correct: bool | None) -> dict[str, Any]:
    choice: dict[str, Any] = {"id": choice_id(index), "text": both(plain_text(answer.text))}
    if correct is not None:
        choice["correct"] = correct
    if answer.feedback and plain_text(answer.feedback):
        choice["feedback"] = both(plain_text(answer.feedback))
    return choice


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def import_gift_file(
    source: Path,
    output: Path,
    theme: str | None = None,
    title: str | None = None,
    encoding: str | None = None,
    media_dir: Path | None = None,
) -> ImportResult:
    """Convert ``source`` and write ``output`` when at least one question converts and the quiz passes
    the content check (see :func:`kiosk.content.importing.write_checked`)."""
    result = convert_gift(read_gift(source, encoding), slug(output.stem, "quiz-importe"), theme, title)
    if not result.converted:
        return result
    header = (
        f"# Imported from {source.name} by `kiosk content import-gift`.\n"
        "# English texts start with [FR]: a translator must replace each of them before shipping.\n"
    )
    return write_checked(result, output, header, media_dir)

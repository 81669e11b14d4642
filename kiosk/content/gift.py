"""A parser for Moodle GIFT text: questions with their answers, feedback, categories and lines.

It reads the whole GIFT syntax *as structure* (so that nothing is silently skipped) and leaves the
decision of what our quiz format can express to :mod:`kiosk.content.conversion`:

- blocks are separated by blank lines; ``//`` lines are comments; ``$CATEGORY: a/b`` sets the
  category of the questions that follow;
- ``::title::`` names a question; ``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]`` give the format;
- answers in ``{…}``: ``=right`` and ``~wrong``, weights ``~%50%``, per-answer ``#feedback``, general
  ``####feedback``, ``{T}``/``{F}`` (``{T#if wrong#if right}``), matching ``=a -> b``, numeric
  ``{#…}``, essay ``{}``; text after the braces makes a missing-word question;
- ``\\:``, ``\\#``, ``\\=``, ``\\~``, ``\\{``, ``\\}``, ``\\\\`` are literal characters and ``\\n`` is a new line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Escaped characters are swapped for private-use placeholders while the structure is parsed.
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "~": "\ue003", "{": "\ue004", "}": "\ue005", "\\": "\ue006"}
_RESTORE = {placeholder: char for char, placeholder in _ESCAPES.items()}
_NEWLINE = "\ue007"
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass(frozen=True)
class GiftNote:
    """Something worth telling the person importing, at a 1-based line of the GIFT file."""

    line: int
    message: str


@dataclass(frozen=True)
class GiftAnswer:
    """One answer inside the braces. ``right`` is True for ``=``, False for ``~``."""

    text: str
    right: bool
    weight: float | None = None
    feedback: str | None = None
    match: str | None = None  # the right-hand side of a matching pair ``=a -> b``


@dataclass(frozen=True)
class GiftQuestion:
    """One GIFT question block. ``shape`` is choice, truefalse, matching, short, numeric, essay or description."""

    line: int
    shape: str
    text: str
    title: str | None = None
    category: str | None = None
    text_format: str | None = None
    tail: str = ""  # text after the braces: non-empty for a missing-word question
    answers: tuple[GiftAnswer, ...] = ()
    general_feedback: str | None = None
    truth: bool | None = None  # for truefalse
    truth_feedback: tuple[str | None, str | None] = (None, None)  # (if wrong, if right)


def _protect(text: str) -> str:
    """Swap escaped characters (and ``\\n``) for placeholders."""

    def swap(match: re.Match[str]) -> str:
        char = match.group(1)
        if char == "n":
            return _NEWLINE
        return _ESCAPES.get(char, match.group(0))

    return re.sub(r"\\(.)", swap, text)


def clean(text: str) -> str:
    """Restore escaped characters, turn ``\\n`` into a new line, collapse spaces (not no-break ones)."""
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    text = text.replace(f" {_NEWLINE}", _NEWLINE).replace(f"{_NEWLINE} ", _NEWLINE)
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text.replace(_NEWLINE, "\n")


def _blocks(text: str) -> list[tuple[int, str, str | None]]:
    """``(first line, block text, category)`` for every question block; categories resolved."""
    blocks: list[tuple[int, str, str | None]] = []
    category: str | None = None
    current: list[str] = []
    start = 0

    def flush() -> None:
        if current:
            blocks.append((start, "\n".join(current), category))
            current.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            flush()
        elif stripped.startswith("$CATEGORY:"):
            flush()
            category = clean(_protect(stripped.removeprefix("$CATEGORY:"))) or None
        else:
            if not current:
                start = number
            current.append(line)
    flush()
    return blocks


def parse_gift(text: str) -> tuple[list[GiftQuestion], list[GiftNote]]:
    """Parse GIFT ``text``; blocks that are not questions at all come back as notes."""
    questions: list[GiftQuestion] = []
    notes: list[GiftNote] = []
    for line, block, category in _blocks(text.lstrip("\ufeff")):
        question = _question(line, _protect(block), category)
        if isinstance(question, GiftNote):
            notes.append(question)
        else:
            questions.append(question)
    return questions, notes


def _question(line: int, block: str, category: str | None) -> GiftQuestion | GiftNote:
    title = None
    body = block.strip()
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            return GiftNote(line, "unclosed ::title:: (block not converted)")
        title, body = clean(body[2:end]) or None, body[end + 2 :]
    text_format = None
    match = _FORMAT.match(body)
    if match:
        text_format, body = match.group(1).lower(), body[match.end() :]
    opening = body.find("{")
    if opening < 0:
        return GiftQuestion(line, "description", clean(body), title, category, text_format)
    closing = body.find("}", opening)
    if closing < 0:
        return GiftNote(line, "no closing } (block not converted)")
    base = GiftQuestion(line, "", clean(body[:opening]), title, category, text_format, tail=clean(body[closing + 1 :]))
    return _answers(base, body[opening + 1 : closing])


def _answers(base: GiftQuestion, inside: str) -> GiftQuestion:
    general = None
    if "####" in inside:
        inside, general = inside.split("####", 1)
        general = clean(general) or None
    stripped = inside.strip()
    fields: dict[str, object] = {"general_feedback": general}
    if not stripped:
        return replace(base, shape="essay", **fields)
    if stripped.startswith("#"):
        return replace(base, shape="numeric", **fields)
    head, *feedback = stripped.split("#")
    if clean(head).upper() in _TRUTH and not re.search(r"[=~]", head):
        if_wrong, if_right = ([clean(text) or None for text in feedback] + [None, None])[:2]
        return replace(
            base, shape="truefalse", truth=_TRUTH[clean(head).upper()], truth_feedback=(if_wrong, if_right), **fields
        )
    answers = tuple(_answer(part) for part in re.split(r"(?=[=~])", stripped) if part.strip())
    if answers and all(a.right and a.match is not None for a in answers):
        shape = "matching"
    elif answers and all(a.right for a in answers):
        shape = "short"
    else:
        shape = "choice"
    return replace(base, shape=shape, answers=answers, **fields)


def _answer(part: str) -> GiftAnswer:
    right = part.startswith("=")
    body = part[1:] if part[:1] in "=~" else part
    weight = None
    match = _WEIGHT.match(body.strip())
    if match:
        weight = float(match.group(1).replace(",", "."))
        body = body.strip()[match.end() :]
    body, _, feedback = body.partition("#")
    pair = None
    if "->" in body:
        body, pair = body.split("->", 1)
        pair = clean(pair)
    return GiftAnswer(clean(body), right, weight, clean(feedback) or None, pair)

"""A Moodle GIFT reader that follows Moodle's own importer (``question/format/gift/format.php``).

It reads the structure the way Moodle does, and leaves what our quiz format can express to
:mod:`kiosk.content.conversion`. Moodle's rules, in the order Moodle applies them to one block of lines:

- blocks are separated by blank lines; a line starting with ``//`` is a comment (it stays in its block as
  an empty line); ``\\\\`` is a backslash and ``\\:`` ``\\#`` ``\\=`` ``\\{`` ``\\}`` ``\\~`` are literal
  characters, ``\\n`` a line break;
- a block starting with ``$CATEGORY:`` sets the category of the questions after it (the *whole* block is
  the category name, as in Moodle);
- ``::name::`` names the question (without the closing ``::`` the text simply goes on);
- the answers are between the first ``{`` and the first ``}``; no braces at all is a description, one
  brace alone is an error; when text follows the ``}`` the question is a missing-word one (``_____``);
- the *last* ``####`` in the answers starts the general feedback;
- a text may start with a format, ``[moodle]`` (the default), ``[html]``, ``[plain]`` or ``[markdown]``;
  answers and feedback inherit the question's format unless they give their own;
- the type: no answer text → essay; starting with ``#`` → numerical; containing ``~`` → multiple choice
  (single answer when it has an ``=``, several right answers otherwise); ``=`` with ``->`` → matching;
  ``T``, ``TRUE``, ``F`` or ``FALSE`` (upper case, as Moodle compares them) → true/false; anything else →
  short answer (``{=Paris}``, and ``{true}`` in lower case);
- weights ``%50%`` or ``%-100%`` after ``~`` (or ``=``) give partial credit; ``#`` starts an answer's
  feedback; a true/false answer takes ``#if wrong#if right``.

:func:`read_gift` decodes a file: UTF-8 (with or without BOM), or the encoding given; anything else is
refused in one line that names the likely encoding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.errors import ContentError

FORMATS = ("moodle", "html", "plain", "markdown")
BLANK = "_____"
_ESCAPES = {"\\:": "\ue000", "\\#": "\ue001", "\\=": "\ue002", "\\{": "\ue003", "\\}": "\ue004", "\\~": "\ue005"}
_NEWLINE, _BACKSLASH = "\ue006", "\ue007"
_RESTORE = {placeholder: escape[1] for escape, placeholder in _ESCAPES.items()} | {_NEWLINE: "\n", _BACKSLASH: "\\"}
_WEIGHT = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")
_TRUTH = ("T", "TRUE", "F", "FALSE")


@dataclass(frozen=True)
class GiftNote:
    """Something worth telling the person importing, at a 1-based line of the GIFT file."""

    line: int
    message: str


@dataclass(frozen=True)
class GiftText:
    """A text with its Moodle format (``moodle``, ``html``, ``plain`` or ``markdown``), escapes restored."""

    text: str
    format: str = "moodle"


@dataclass(frozen=True)
class GiftAnswer:
    """One answer: its text, Moodle's fraction (1 right, 0 wrong, 0.5 half credit, -1…), feedback, match."""

    text: GiftText
    fraction: float
    feedback: GiftText | None = None
    match: str | None = None  # the right-hand side of a matching pair ``=a -> b``


@dataclass(frozen=True)
class GiftQuestion:
    """One question as Moodle reads it. ``qtype`` is Moodle's: multichoice, truefalse, shortanswer,
    numerical, match, essay or description."""

    line: int
    qtype: str
    text: GiftText
    name: str | None = None
    category: str | None = None
    blank: bool = False  # missing-word question: the answers were inside the text
    single: bool = True  # multichoice: one answer to pick (an '=' is present)
    answers: tuple[GiftAnswer, ...] = ()
    general_feedback: GiftText | None = None
    truth: bool | None = None
    truth_feedback: tuple[GiftText | None, GiftText | None] = (None, None)  # (if wrong, if right)


@dataclass
class GiftFile:
    """Every question of a file and the notes about blocks that are not questions."""

    questions: list[GiftQuestion] = field(default_factory=list)
    notes: list[GiftNote] = field(default_factory=list)


def read_gift(path: Path, encoding: str | None = None) -> str:
    """The text of the GIFT file ``path``: UTF-8 (BOM allowed) unless ``encoding`` is given.

    A file that is not UTF-8 (often Windows-1252 from an old Word export) raises a
    :class:`~kiosk.errors.ContentError` that names the byte and the likely encoding.
    """
    data = path.read_bytes()
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise ContentError("errors.content.unknown_encoding", encoding=encoding) from None
        except UnicodeDecodeError as exc:
            raise ContentError(
                "errors.content.not_utf8", file=path, detail=f"{encoding}: {exc.reason}", guess="utf-8"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        detail = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        raise ContentError("errors.content.not_utf8", file=path, detail=detail, guess=_guess(data)) from None


def _guess(data: bytes) -> str:
    """Windows-1252 when its typographic bytes (0x80–0x9F: ’ “ ” …) appear, else Latin-1."""
    return "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"


def parse_gift(text: str) -> GiftFile:
    """Read GIFT ``text`` (already decoded) block by block, as Moodle does."""
    result = GiftFile()
    category: str | None = None
    for start, lines in _blocks(text):
        kept = ["" if ln.strip().startswith("//") else ln for ln in lines]
        block = _protect("\n".join(kept).strip())
        if not block:
            continue
        line = start + next(index for index, ln in enumerate(kept) if ln.strip())
        if block.startswith("$CATEGORY:"):
            category = _restore(block.removeprefix("$CATEGORY:")).strip()
            if "\n" in category:
                result.notes.append(
                    GiftNote(
                        line,
                        "text right after $CATEGORY (no blank line) is read as part of the category name, as in Moodle",
                    )
                )
            continue
        question = _question(line, block, category)
        if isinstance(question, GiftNote):
            result.notes.append(question)
        else:
            result.questions.append(question)
    return result


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """``(first line, lines)`` of each block of non-blank lines; lines are 1-based."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip():
            current = []
        elif not current:
            current = [line]
            blocks.append((number, current))
        else:
            current.append(line)
    return blocks


def _protect(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for escape, placeholder in _ESCAPES.items():
        text = text.replace(escape, placeholder)
    return text.replace("\\n", _NEWLINE)


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def formatted(text: str, default: str = "moodle") -> GiftText:
    """Moodle's ``parse_text_with_format``: a leading ``[format]`` if it is a known one, text trimmed."""
    fmt, text = default, text.strip()
    match = re.match(r"\[([a-z]+)\]", text)
    if match and match.group(1) in FORMATS:
        fmt, text = match.group(1), text[match.end() :]
    return GiftText(_restore(text).strip(), fmt)


def _question(line: int, text: str, category: str | None) -> GiftQuestion | GiftNote:
    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name, text = _restore(text[:end]).strip() or None, text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        return GiftQuestion(line, "description", formatted(text), name, category)
    if start < 0 or finish < start:
        return GiftNote(line, "a { or } is missing (block not converted)")
    answers = text[start + 1 : finish].strip()
    blank = not text.endswith("}")
    question_text = text[:start] + (BLANK if blank else "") + text[finish + 1 :]
    general = None
    separator = answers.rfind("####")
    if separator >= 0:
        general, answers = answers[separator + 4 :], answers[:separator].strip()
    body = formatted(question_text)
    base = GiftQuestion(line, "", body, name, category, blank)
    if general is not None:
        base = _with(base, general_feedback=formatted(general, body.format))
    return _typed(base, answers)


def _with(question: GiftQuestion, **changes: Any) -> GiftQuestion:
    return replace(question, **changes)


def _typed(question: GiftQuestion, answers: str) -> GiftQuestion | GiftNote:
    fmt = question.text.format
    if not answers:
        return _with(question, qtype="essay")
    if answers.startswith("#"):
        return _with(question, qtype="numerical")
    if "~" in answers:
        return _multichoice(question, answers, fmt)
    if "=" in answers and "->" in answers:
        return _match(question, answers, fmt)
    head = answers.split("#", 1)[0].strip()
    if head in _TRUTH:
        parts = [*answers.split("#", 2), "", ""]
        wrong, right = (formatted(part, fmt) if part.strip() else None for part in parts[1:3])
        return _with(question, qtype="truefalse", truth=head in ("T", "TRUE"), truth_feedback=(wrong, right))
    return _with(question, qtype="shortanswer", answers=_short_answers(answers, fmt))


def _parts(answers: str, separator: str) -> list[str]:
    parts = answers.split(separator)
    if parts and not parts[0].strip():
        parts = parts[1:]
    return [part.strip() for part in parts]


def _multichoice(question: GiftQuestion, answers: str, fmt: str) -> GiftQuestion | GiftNote:
    parts = _parts(answers.replace("=", "~="), "~")
    if len(parts) < 2:
        return GiftNote(question.line, "a multiple-choice question needs at least 2 answers (block not converted)")
    parsed = []
    for part in parts:
        fraction, part = _fraction(part, right_default=0.0)
        text, _, feedback = part.partition("#")
        parsed.append(
            GiftAnswer(formatted(text, fmt), fraction, formatted(feedback, fmt) if feedback.strip() else None)
        )
    return _with(question, qtype="multichoice", single="=" in answers, answers=tuple(parsed))


def _fraction(part: str, right_default: float) -> tuple[float, str]:
    """Moodle's weight: ``=`` is 1, ``%n%`` is n/100, else ``right_default``; the rest of the answer."""
    if part.startswith("="):
        return 1.0, part[1:]
    match = _WEIGHT.match(part)
    if match:
        return float(match.group(0).strip("%")) / 100, part[match.end() :]
    return right_default, part


def _match(question: GiftQuestion, answers: str, fmt: str) -> GiftQuestion | GiftNote:
    parts = _parts(answers, "=")
    if len(parts) < 2 or any("->" not in part for part in parts):
        return GiftNote(question.line, "a matching question needs at least 2 pairs 'a -> b' (block not converted)")
    pairs = []
    for part in parts:
        left, _, right = part.partition("->")
        pairs.append(GiftAnswer(formatted(left, fmt), 1.0, match=_restore(right).strip()))
    return _with(question, qtype="match", answers=tuple(pairs))


def _short_answers(answers: str, fmt: str) -> tuple[GiftAnswer, ...]:
    parsed = []
    for part in _parts(answers, "="):
        fraction, part = _fraction(part, right_default=1.0)
        text, _, feedback = part.partition("#")
        parsed.append(
            GiftAnswer(formatted(text, fmt), fraction, formatted(feedback, fmt) if feedback.strip() else None)
        )
    return tuple(parsed)

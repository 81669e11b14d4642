"""A TOML content file read with its key lines, and pydantic errors turned into :class:`Problem`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.content.locate import key_lines, line_of
from kiosk.content.problems import Problem

_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


@dataclass(frozen=True)
class Document:
    """The parsed content of a TOML file, with the line of every key path (see locate.py)."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple[str | int, ...], int]

    def problem(self, key_path: Sequence[str | int], message: str) -> Problem:
        """A problem at the line of ``key_path`` (or of its nearest present parent)."""
        return Problem(self.path, line_of(self.lines, key_path), message)


def read_document(path: Path) -> Document | Problem:
    """Read and parse ``path``; a :class:`Problem` (with the decoder's line) if that fails."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Problem(path, 0, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return Problem(path, 0, f"cannot read file: {exc.strerror or exc}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_AT.search(message)
        line = int(match.group(1)) if match else 0
        return Problem(path, line, f"invalid TOML: {_TOML_AT.sub('', message)}")
    return Document(path, data, key_lines(text))


def dotted(key_path: Iterable[str | int]) -> str:
    """``("questions", 2, "prompt", "en")`` → ``questions[3].prompt.en`` (1-based for people)."""
    out = ""
    for part in key_path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(document: Document, error: ValidationError) -> list[Problem]:
    """One problem per pydantic error, at the line of its location, in plain words."""
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        problems.append(document.problem(loc, f"{dotted(loc) or 'file'}: {_plain(detail, loc)}"))
    return problems


def _plain(detail: Any, loc: tuple[str | int, ...]) -> str:
    kind = detail["type"]
    last = loc[-1] if loc else ""
    if kind == "missing":
        if last in ("fr", "en"):
            return f"missing {'French' if last == 'fr' else 'English'} text ({last})"
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling against quizzes/README.md)"
    if kind == "string_pattern_mismatch" and last == "age_band":
        return f"{detail['input']!r} is not an age band like '13-17'"
    if kind == "string_pattern_mismatch":
        return f"{detail['input']!r} is not a valid id (lower-case letters, digits and hyphens)"
    if kind == "enum":
        return f"{detail['input']!r} is not one of {detail['ctx']['expected']}"
    if kind.startswith("url_"):
        return f"{detail['input']!r} is not a web address (https://…)"
    message = str(detail["msg"])
    return message.removeprefix("Value error, ")

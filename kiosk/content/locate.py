"""Find the line of a key path in a TOML text, to turn a validation error into ``file:line``.

A *key path* is what pydantic reports as an error location and what :mod:`tomllib` would give as a
chain of keys and indices: ``("questions", 2, "choices", 0, "text", "en")`` is the English text of
the first choice of the third question. :func:`key_lines` scans a TOML document that
:mod:`tomllib` has already accepted (it does not validate) and records the 1-based line where every
key, table header and array element starts. :func:`line_of` returns the line of the longest known
prefix of a path, so a *missing* key points at its parent (the table header or inline table).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Path_ = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _Scanner:
    """A forgiving walk over TOML text that records ``key path -> line``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path_, int] = {}
        self.array_counts: dict[Path_, int] = {}

    # -- low-level moves -------------------------------------------------------------------------
    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + n]
        self.line += chunk.count("\n")
        self.pos += n

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    def record(self, path: Path_) -> None:
        self.lines.setdefault(path, self.line)

    # -- grammar ---------------------------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in "\"'":
                parts.append(self.string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if not match:
                    return parts
                parts.append(match.group())
                self.advance(len(match.group()))
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    def string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            end = self.text.find(quote * 3, self.pos)
            end = len(self.text) if end < 0 else end
            while self.text[end + 3 : end + 4] == quote:  # up to two quotes may end the string
                end += 1
            value = self.text[self.pos : end]
            self.advance(end + 3 - self.pos)
            return value
        self.advance()
        start = self.pos
        while self.pos < len(self.text) and self.peek() not in (quote, "\n"):
            self.advance(2 if quote == '"' and self.peek() == "\\" else 1)
        value = self.text[start : self.pos]
        self.advance()
        return value

    def value(self, path: Path_) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in "\"'":
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            match = re.compile(r"[^,\]}\s#]+").match(self.text, self.pos)
            self.advance(len(match.group()) if match else 1)

    def array(self, path: Path_) -> None:
        self.advance()
        index = 0
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            self.record((*path, index))
            self.value((*path, index))
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()

    def inline_table(self, path: Path_) -> None:
        self.advance()
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            self.key_value(path)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()

    def key_value(self, table: Path_) -> None:
        start = self.pos
        parts = self.key()
        full = (*table, *parts)
        for depth in range(len(table) + 1, len(full) + 1):
            self.record(full[:depth])
        self.skip_blank(newlines=False)
        if self.peek() == "=" and parts:
            self.advance()
            self.value(full)
        elif self.pos == start:
            self.advance()  # not a key: step over one character so the walk always ends

    def header(self) -> Path_:
        is_array = self.peek(2) == "[["
        self.advance(2 if is_array else 1)
        parts = self.key()
        self.advance(2 if is_array else 1)
        path: Path_ = ()
        for number, part in enumerate(parts, start=1):
            path = (*path, part)
            if number == len(parts) and is_array:
                index = self.array_counts.get(path, 0)
                self.array_counts[path] = index + 1
                self.record(path)
                path = (*path, index)
            elif path in self.array_counts:
                path = (*path, self.array_counts[path] - 1)
            self.record(path)
        return path

    def document(self) -> dict[Path_, int]:
        table: Path_ = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def key_lines(text: str) -> dict[Path_, int]:
    """Map every key path found in TOML ``text`` to the 1-based line where it starts."""
    return _Scanner(text).document()


def line_of(lines: dict[Path_, int], path: Sequence[str | int]) -> int:
    """Line of ``path``, or of its longest prefix present in ``lines``; 0 when nothing matches."""
    for end in range(len(path), 0, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return 0

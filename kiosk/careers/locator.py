"""Find the 1-based line of a key path in a TOML text, for ``file:line: message`` problems.

``tomllib`` returns plain values without positions, so validation errors (a pydantic ``loc``
such as ``("cards", 3, "text", "fr")``) are mapped back to the text by scanning it: each string
step finds the next line, at or after the current one, that defines that key (``key =``,
``key.sub =``, ``[key]``, ``[[key]]`` or ``[parent.key]``); an integer step after an
array-of-tables key finds the n-th ``[[key]]`` header, and after an inline array the n-th line
that opens an inline table or string. The search never fails: it returns the best line found so
far (1 when nothing matched), which is what a person needs to open the file at the right place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _key_pattern(key: str) -> re.Pattern[str]:
    k = re.escape(key)
    q = "[\"']?"
    return re.compile(
        rf"^\s*\[\[?\s*(?:[\w.\"'-]+\.)?{q}{k}{q}\s*\]\]?"  # [key], [[key]], [a.key]
        rf"|(?:^|[{{,])\s*(?:[\w\"'-]+\.)*{q}{k}{q}\s*(?:=|\.)"  # key = …, a.key = …, { key = …
    )


def line_of(text: str, loc: Sequence[str | int]) -> int:
    """The 1-based line where the key path ``loc`` is defined in the TOML ``text``."""
    lines = text.splitlines()
    current = 0  # 0-based index of the best line so far
    previous_key: str | None = None
    for step in loc:
        if isinstance(step, int):
            current = _nth_item(lines, current, previous_key, step)
        else:
            found = _find_key(lines, current, str(step))
            if found is not None:
                current = found
            previous_key = str(step)
    return current + 1


def line_of_value(text: str, value: str, start_line: int = 1) -> int:
    """The first line at or after ``start_line`` (1-based) containing ``"value"`` (quoted); 0 if none."""
    needle = re.compile(rf"""["']{re.escape(value)}["']""")
    for i, line in enumerate(text.splitlines()[start_line - 1 :], start=start_line):
        if needle.search(line):
            return i
    return 0


def _find_key(lines: list[str], start: int, key: str) -> int | None:
    pattern = _key_pattern(key)
    for i in range(start, len(lines)):
        if pattern.search(lines[i]):
            return i
    return None


def _nth_item(lines: list[str], start: int, key: str | None, n: int) -> int:
    if key is not None and lines and re.match(r"^\s*\[\[", lines[start]):
        header = _key_pattern(key)
        seen = -1
        for i in range(start, len(lines)):
            if header.search(lines[i]) and lines[i].lstrip().startswith("[["):
                seen += 1
                if seen == n:
                    return i
        return start
    # An inline array: count the lines that open an item ({ or a string) after the key line.
    seen = -1
    for i in range(start, len(lines)):
        body = lines[i].split("=", 1)[1] if i == start and "=" in lines[i] else lines[i]
        body = body.lstrip().lstrip("[").lstrip()
        if body.startswith(("{", '"', "'")):
            seen += 1
            if seen == n:
                return i
        if i > start and lines[i].strip().startswith("]"):
            break
    return start

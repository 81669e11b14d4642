"""Mapping a key path back to its 1-based line in a TOML text."""

from __future__ import annotations

from kiosk.careers.locator import line_of, line_of_value

TEXT = """kind = "x"
[types.R]
name.fr = "a"
name.en = "b"
[[cards]]
id = "a"
text.fr = "x"
text.en = "y"
[[cards]]
id = "b"
text = { fr = "x", en = "y" }
tasks = [
  { fr = "1", en = "1" },
  { fr = "2", en = "2" },
]
related = ["one", "two"]
"""


def test_lines_of_keys() -> None:
    assert line_of(TEXT, ("kind",)) == 1
    assert line_of(TEXT, ("types", "R", "name", "en")) == 4
    assert line_of(TEXT, ("cards", 0, "text", "en")) == 8
    assert line_of(TEXT, ("cards", 1, "id")) == 10
    assert line_of(TEXT, ("cards", 1, "text", "en")) == 11
    assert line_of(TEXT, ("cards", 1, "tasks", 1, "en")) == 14


def test_unknown_key_keeps_the_best_line_so_far() -> None:
    assert line_of(TEXT, ("cards", 1, "nope")) == 9
    assert line_of(TEXT, ("nope",)) == 1


def test_line_of_value() -> None:
    assert line_of_value(TEXT, "two") == 16
    assert line_of_value(TEXT, "absent") == 0

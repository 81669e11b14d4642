"""The TOML key locator: every key path of a document maps to the line where it is written."""

from __future__ import annotations

import tomllib

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from kiosk.content.locate import key_lines, line_of

DOC = '''# comment
id = "x"  # trailing comment
title = { fr = "a # not a comment", en = 'b' }
"quoted key".inner = 1
intro.fr = """multi
line = "not a key"
"""
learned = [
  { fr = "un", en = "one" },

  { fr = "deux", en = "two" }
  ,
]

[[questions]]
id = "q1"

  [[questions.choices]]
  id = "a"

  [[questions.choices]]
  id = "b"
  text = { fr = "[[questions]]", en = "B" }

[[questions]]
id = "q2"

[questions.prompt]
fr = "P"
'''


def test_the_locator_finds_keys_headers_inline_tables_and_array_items() -> None:
    tomllib.loads(DOC)  # the fixture is valid TOML
    lines = key_lines(DOC)
    assert lines[("id",)] == 2
    assert lines[("title", "en")] == 3
    assert lines[("quoted key", "inner")] == 4
    assert lines[("intro", "fr")] == 5
    assert ("line",) not in lines  # inside a multi-line string
    assert lines[("learned", 1)] == 11
    assert lines[("learned", 1, "en")] == 11
    assert lines[("questions", 0)] == 15
    assert lines[("questions", 0, "choices", 1, "text", "fr")] == 23
    assert lines[("questions", 1, "id")] == 26
    assert lines[("questions", 1, "prompt", "fr")] == 29


def test_a_missing_key_points_at_its_nearest_parent() -> None:
    lines = key_lines(DOC)
    assert line_of(lines, ("questions", 1, "prompt", "en")) == 28
    assert line_of(lines, ("questions", 0, "choices", 0, "text")) == 18
    assert line_of(lines, ("nothing",)) == 0


keys = st.text(alphabet="abcdefghij-_", min_size=1, max_size=6)
leaves = st.one_of(st.integers(), st.booleans(), st.text(max_size=12))
tables = st.recursive(
    st.dictionaries(keys, leaves, min_size=1, max_size=4),
    lambda inner: st.dictionaries(
        keys, st.one_of(leaves, inner, st.lists(inner, min_size=1, max_size=3)), min_size=1, max_size=4
    ),
    max_leaves=12,
)


def _leaf_paths(data: object, prefix: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaf_paths(value, (*prefix, key))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for index, value in enumerate(data):
            yield from _leaf_paths(value, (*prefix, index))
    else:
        yield prefix


@given(tables)
def test_every_leaf_written_by_tomli_w_is_found_on_a_line_naming_its_key(data: dict) -> None:
    text = tomli_w.dumps(data)
    lines = key_lines(text)
    source = text.split("\n")
    for path in _leaf_paths(data):
        assert path in lines, path
        assert str(path[-1]) in source[lines[path] - 1]

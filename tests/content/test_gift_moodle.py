"""Our GIFT import against Moodle's, question by question, on Moodle's own example files.

``fixtures/gift/moodle/`` holds Moodle's ``examples.txt`` and its test fixture ``questions.gift.txt``
(GPL, origin in its README). For every question the table gives what Moodle's ``readquestion`` makes of it
(worked out from ``question/format/gift/format.php``: type, single or several answers, right answers,
question text) and what our importer must make of it: the same reading, then a quiz question of the kind
our format can hold, or a note saying why not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.conversion import convert_gift, import_gift_file, plain_text
from kiosk.content.gift import parse_gift

from .conftest import FIXTURES

MOODLE = FIXTURES / "gift" / "moodle"

# line: (Moodle qtype, Moodle "single", right answers (fraction 1), our kind or None when not converted)
EXAMPLES: dict[int, tuple[str, bool, tuple[str, ...], str | None]] = {
    8: ("multichoice", True, ("no one",), "single"),
    10: ("multichoice", True, ("entombed",), "single"),
    12: ("truefalse", True, (), "truefalse"),
    14: ("shortanswer", True, ("no one", "nobody"), None),
    16: ("numerical", True, (), None),
    25: ("multichoice", True, ("no one",), "single"),
    27: ("multichoice", True, ("entombed",), "single"),
    29: ("multichoice", True, ("fourth",), "single"),
    35: ("multichoice", True, ("China",), "single"),
    43: ("shortanswer", True, ("no one", "nobody"), None),
    45: ("shortanswer", True, ("four", "4"), None),
    49: ("truefalse", True, (), "truefalse"),
    51: ("truefalse", True, (), "truefalse"),
    55: ("match", True, (), None),
    61: ("match", True, (), None),
    70: ("numerical", True, (), None),
    72: ("numerical", True, (), None),
    74: ("numerical", True, (), None),
    76: ("numerical", True, (), None),
    85: ("numerical", True, (), None),
    90: ("shortanswer", True, ("China",), None),
    93: ("multichoice", True, ("fourth",), "single"),
    98: ("multichoice", True, ("right answer",), "single"),
    103: ("shortanswer", True, ("no one", "nobody"), None),
    108: ("shortanswer", True, ("no one", "nobody"), None),
    113: ("truefalse", True, (), "truefalse"),
    115: ("multichoice", True, ("full credit answer",), "single"),
    117: ("multichoice", True, ("Nazareth",), "single"),
    123: ("shortanswer", True, ("Nazareth",), None),
    130: ("multichoice", False, (), "multiple"),
    136: ("multichoice", False, (), "multiple"),
    143: ("multichoice", True, ("= 2 + 3",), "single"),
    148: ("multichoice", True, ("\\",), "single"),
    167: ("multichoice", True, ("no one",), "single"),
    169: ("multichoice", True, ("entombed",), "single"),
    171: ("truefalse", True, (), "truefalse"),
    173: ("shortanswer", True, ("no one", "nobody"), None),
    175: ("numerical", True, (), None),
    177: ("match", True, (), None),
    184: ("multichoice", True, ("entombed",), "single"),
    190: ("multichoice", True, ("full credit answer",), "single"),
    195: ("shortanswer", True, ("Nazareth",), None),
    202: ("numerical", True, (), None),
}


def examples() -> str:
    return (MOODLE / "examples.gift").read_text(encoding="utf-8")


def test_every_question_of_moodles_examples_is_read_as_moodle_reads_it() -> None:
    parsed = parse_gift(examples())
    assert parsed.notes == []
    assert [q.line for q in parsed.questions] == list(EXAMPLES)
    for question in parsed.questions:
        qtype, single, rights, _ = EXAMPLES[question.line]
        assert (question.qtype, question.single) == (qtype, single), question.line
        if qtype in ("multichoice", "shortanswer"):
            assert tuple(a.text.text for a in question.answers if a.fraction == 1) == rights, question.line


def test_every_question_of_moodles_examples_converts_or_is_reported() -> None:
    result = convert_gift(examples(), "exemples", theme="privacy")
    by_line = {int(n.where) for n in result.notes if "not converted" in n.message}
    kinds = iter(q["kind"] for q in result.data["questions"])
    for line, (_, _, _, kind) in EXAMPLES.items():
        if kind is None:
            assert line in by_line, line
        else:
            assert next(kinds) == kind, line
    assert result.converted == sum(1 for *_, kind in EXAMPLES.values() if kind)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (10, "Grant is _____ in Grant's tomb."),  # missing word: the blank where the answers were
        (72, "What is the value of pi (to 3 decimal places)? _____."),  # text after the braces: a blank
        (90, "Japanese characters originally\ncame from what country?"),  # the line break stays
        (108, "Who's buried in **Grant's tomb**?"),  # the [markdown] tag is the format, not text
        (117, "Jesus Christ was from _____."),
        (123, "Jesus Christ was from"),  # ends with }: no blank
    ],
)
def test_question_texts_match_moodle(line: int, text: str) -> None:
    question = next(q for q in parse_gift(examples()).questions if q.line == line)
    assert question.text.text == text


def test_moodle_weights_and_feedback() -> None:
    questions = {q.line: q for q in parse_gift(examples()).questions}
    assert [a.fraction for a in questions[117].answers] == [0.0, 0.25, 0.5, 1.0]
    assert [a.fraction for a in questions[136].answers] == [-0.5, 0.5, 0.5, -0.5]
    assert questions[113].truth is False
    assert questions[113].truth_feedback[0] is not None
    assert questions[113].truth_feedback[0].text == "No one is buried in Grant's tomb."
    assert questions[148].answers[-1].feedback is not None
    assert questions[148].answers[-1].feedback.text.startswith("Correct! \\ (backslash)")


def test_moodles_test_fixture_question_by_question(tmp_path: Path) -> None:
    parsed = parse_gift((MOODLE / "questions.gift").read_text(encoding="utf-8"))
    found = [(q.name, q.qtype) for q in parsed.questions]
    assert found == [
        ("Q8", "essay"),
        ("Moodle activities", "match"),
        ("Q2", "multichoice"),
        ("colours", "multichoice"),
        ("Q5", "numerical"),
        ("Shortanswer", "shortanswer"),
        ("Q1", "truefalse"),
        ("2-08 TSL", "truefalse"),
        ("2-08 TSL", "truefalse"),
    ]
    match = parsed.questions[1]
    assert (match.text.format, match.text.text) == ("html", "Match the <b>activity</b> to the description.")
    assert [a.text.format for a in match.answers] == ["html", "moodle", "plain", "markdown", "html"]
    assert [a.match for a in match.answers] == ["Forum", "Choice", "Database", "Wiki", "Chat"]
    q2 = parsed.questions[2]
    assert [(a.text.text, a.text.format, a.fraction) for a in q2.answers] == [
        ("yellow", "moodle", 1.0),
        ("red", "moodle", 0.0),
        ("blue", "plain", 0.0),
    ]
    assert [a.feedback.format if a.feedback else None for a in q2.answers] == ["moodle", "html", "moodle"]
    colours = parsed.questions[3]
    assert colours.single is False and [a.fraction for a in colours.answers] == [0.5, -1.0, 0.5, -1.0]
    q1 = parsed.questions[6]
    assert q1.truth is False and q1.general_feedback is not None
    assert plain_text(q1.general_feedback) == "This is, of course, a Hitchiker's Guide to the Galaxy reference."

    output = tmp_path / "moodle.toml"
    result = import_gift_file(MOODLE / "questions.gift", output, theme="privacy")
    assert result.written, result.problems
    kinds = {q["id"]: q["kind"] for q in result.data["questions"]}
    assert kinds == {
        "q2": "single",
        "colours": "multiple",
        "q1": "truefalse",
        "2-08-tsl": "truefalse",
        "2-08-tsl-2": "truefalse",
    }
    colours_choices = next(q for q in result.data["questions"] if q["id"] == "colours")["choices"]
    assert [c["correct"] for c in colours_choices] == [True, False, True, False]

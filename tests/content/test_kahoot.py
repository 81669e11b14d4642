"""Kahoot spreadsheet import: workbooks built with openpyxl in the template's layout, and broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from kiosk.cli import main
from kiosk.content.kahoot import convert_sheet, import_kahoot_file, read_sheet
from kiosk.content.loader import read_quiz
from kiosk.content.media import load_manifest
from kiosk.content.models import Kind
from kiosk.errors import ContentError

HEADERS = [
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
ROWS = [
    [1, "Qu'est-ce qu'une phrase de passe?", "Un mot", "Plusieurs mots", "Un chiffre", "Un symbole", 20, 2],
    [2, "Quels gestes protègent ton compte?", "2FA", "Partager son code", "Mises à jour", "Rien", 30, "1,3"],
    [3, "Le Wi-Fi public est-il toujours sûr?", "Oui", "Non", None, None, 10, "2"],
]


def workbook(tmp_path: Path, rows=ROWS, header_row: int = 8, headers=HEADERS, name: str = "kahoot.xlsx") -> Path:
    """A workbook in Kahoot's template layout: notes above, titles on ``header_row``, questions below."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.cell(row=2, column=2, value="Quiz template")
    if headers:
        for column, title in enumerate(headers, start=1):
            sheet.cell(row=header_row, column=column, value=title)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=header_row + offset, column=column, value=value)
    path = tmp_path / name
    book.save(path)
    return path


def test_the_template_layout_converts_question_answers_and_correct_numbers(tmp_path: Path) -> None:
    result = convert_sheet(read_sheet(workbook(tmp_path)), "kahoot", theme="cybersecurity")
    questions = result.data["questions"]
    assert [q["kind"] for q in questions] == ["single", "multiple", "single"]
    assert questions[0]["prompt"]["fr"] == "Qu'est-ce qu'une phrase de passe ?"
    assert [c["correct"] for c in questions[0]["choices"]] == [False, True, False, False]
    assert [c["correct"] for c in questions[1]["choices"]] == [True, False, True, False]
    assert [c["text"]["fr"] for c in questions[2]["choices"]] == ["Oui", "Non"]  # empty answers left out
    assert any("time limits not kept" in n.message for n in result.notes)


def test_the_header_row_is_found_by_its_text_wherever_it_is(tmp_path: Path) -> None:
    result = convert_sheet(read_sheet(workbook(tmp_path, header_row=3)), "kahoot", theme="cybersecurity")
    assert result.converted == 3


def test_without_a_header_the_template_columns_are_used_and_said(tmp_path: Path) -> None:
    result = convert_sheet(read_sheet(workbook(tmp_path, headers=None)), "kahoot", theme="cybersecurity")
    assert result.converted == 3
    assert result.notes[0].message.startswith("no header row found")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([4, "Question ?", "A", "B", None, None, 20, "5"], "not answer numbers 1–4"),
        ([4, "Question ?", "A", "B", None, None, 20, "B"], "not answer numbers 1–4"),
        ([4, "Question ?", "A", "B", None, None, 20, "3"], "correct answer 3 is empty"),
        ([4, "Question ?", "A", None, None, None, 20, "1"], "fewer than 2 answers"),
        ([4, None, "A", "B", None, None, 20, "1"], "answers without a question"),
        ([4, "Question ?", "A", "B", None, None, 20, None], "not answer numbers 1–4"),
    ],
)
def test_a_bad_row_is_named_by_sheet_and_row_and_not_converted(tmp_path: Path, row: list, message: str) -> None:
    result = convert_sheet(read_sheet(workbook(tmp_path, rows=[*ROWS, row])), "kahoot", theme="cybersecurity")
    assert result.converted == 3 and result.skipped == 1
    assert any(n.where == "Sheet1 row 12" and message in n.message for n in result.notes), result.notes


def test_an_imported_file_round_trips_through_the_validator(tmp_path: Path, media_dir: Path) -> None:
    output = tmp_path / "securite.toml"
    result = import_kahoot_file(workbook(tmp_path), output, theme="cybersecurity", title="Sécurité")
    assert result.written, result.problems
    checked = read_quiz(output, load_manifest(media_dir / "manifest.toml").items.keys())
    assert checked.problems == () and checked.quiz is not None
    assert [q.kind for q in checked.quiz.questions] == [Kind.SINGLE, Kind.MULTIPLE, Kind.SINGLE]
    assert checked.quiz.questions[0].prompt.en.startswith("[FR] ")


def test_a_file_that_is_not_a_workbook_is_refused_naming_the_file(tmp_path: Path) -> None:
    source = tmp_path / "faux.xlsx"
    source.write_text("question;réponse\n", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        read_sheet(source)
    assert str(source) in refused.value.text("fr")


def test_cli_import_kahoot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = workbook(tmp_path, rows=[*ROWS, [4, "Question ?", "A", "B", None, None, 20, "9"]])
    output = tmp_path / "kahoot.toml"
    assert main(["content", "import-kahoot", str(source), "-o", str(output), "--theme", "cybersecurity"]) == 0
    out = capsys.readouterr().out
    assert f"{source}:Sheet1 row 12: correct answer(s) '9'" in out
    assert "3 question(s) converted, 1 not converted" in out
    assert main(["content", "check", str(output)]) == 0
    assert main(["content", "import-kahoot", str(tmp_path / "absent.xlsx"), "-o", str(tmp_path / "x.toml")]) == 1

"""Kahoot quiz spreadsheet (``.xlsx``) → quiz file, with a note naming the sheet and row of every loss.

Kahoot's import template (``KahootQuizTemplate.xlsx``, the layout many teachers keep their quizzes in) has,
on its first sheet, a header row (row 8 in the template) with the columns

    Question - max 120 characters | Answer 1 … Answer 4 - max 75 characters |
    Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs | Correct answer(s) - choose at least one

and one question per row below it; column A numbers the questions. The correct answers are answer numbers
``1``–``4``, several separated by commas (``"2,4"``). The header row is found by its text, so a sheet with a
few rows more or less above it still reads; without one, the template's own places are used (row 9 on,
columns B–H) and a note says so.

What converts: one right answer → ``single``, several → ``multiple``; empty answers are left out.
What is lost (noted once): the time limit, since the kiosk never scores speed. Kahoot has no explanation:
each question gets ``À RÉDIGER : …`` and a note. A row with no question text, fewer than two answers, or a
correct-answer cell that names no filled answer is not converted, with its row in the note.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

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
    write_checked,
)
from kiosk.errors import ContentError

TEMPLATE_HEADER_ROW = 8
"""Row of the column titles in Kahoot's template (the questions follow)."""
TEMPLATE_COLUMNS = {"question": 2, "answers": (3, 4, 5, 6), "time": 7, "correct": 8}
"""1-based columns of Kahoot's template: B question, C–F answers 1–4, G time limit, H correct answer(s)."""
HEADER_SEARCH_ROWS = 30
_HEADERS = {
    "question": re.compile(r"^\s*question", re.IGNORECASE),
    "time": re.compile(r"^\s*time\s*limit", re.IGNORECASE),
    "correct": re.compile(r"^\s*correct\s*answer", re.IGNORECASE),
}
_ANSWER = re.compile(r"^\s*answer\s*([1-4])\b", re.IGNORECASE)


def read_sheet(path: Path) -> Worksheet:
    """The first sheet of the workbook ``path``; a :class:`ContentError` naming the file if it is not one."""
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ContentError("errors.content.not_xlsx", file=path, reason=str(exc) or type(exc).__name__) from None
    return workbook.worksheets[0]


def find_columns(sheet: Worksheet) -> tuple[int, dict[str, Any]] | None:
    """``(header row, columns)`` found by the column titles, or None when the sheet has no such row."""
    for row in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        found: dict[str, Any] = {"answers": {}}
        for cell in row:
            title = str(cell.value) if cell.value is not None else ""
            answer = _ANSWER.match(title)
            if answer:
                found["answers"][int(answer.group(1))] = cell.column
                continue
            for name, pattern in _HEADERS.items():
                if pattern.match(title) and name not in found:
                    found[name] = cell.column
        if "question" in found and "correct" in found and found["answers"]:
            found["answers"] = tuple(found["answers"][n] for n in sorted(found["answers"]))
            return row[0].row, found
    return None


def convert_sheet(sheet: Worksheet, quiz_id: str, theme: str | None = None, title: str | None = None) -> ImportResult:
    """Convert the rows of ``sheet`` into the data of quiz ``quiz_id``; every loss is a note."""
    result = ImportResult()
    located = find_columns(sheet)
    if located is None:
        header, columns = TEMPLATE_HEADER_ROW, TEMPLATE_COLUMNS
        result.notes.append(
            Note(f"{sheet.title} row {header}", "no header row found: Kahoot's template columns B–H used")
        )
    else:
        header, columns = located
    questions: list[dict[str, Any]] = []
    timed = False
    for row in range(header + 1, sheet.max_row + 1):
        where = f"{sheet.title} row {row}"
        cells = _row(sheet, row, columns)
        if not any(cells["answers"]) and not cells["question"]:
            continue
        timed = timed or cells["time"] is not None
        item = _question(cells, where, result.notes)
        if item is None:
            result.skipped += 1
            continue
        item["id"] = f"q{len(questions) + 1}"
        questions.append(item)
    if timed:
        result.notes.append(Note(f"{sheet.title} row {header}", "time limits not kept: the kiosk never scores speed"))
    words = [title or "", *(q["prompt"]["fr"] for q in questions)]
    chosen = pick_theme(theme, words, result.notes)
    chosen_title = title or quiz_id.replace("-", " ").capitalize()
    result.converted = len(questions)
    result.data = quiz_data(quiz_id, chosen, chosen_title, f"Quiz importé de Kahoot : {chosen_title}.", questions)
    return result


def _row(sheet: Worksheet, row: int, columns: dict[str, Any]) -> dict[str, Any]:
    def value(column: int | None) -> Any:
        return sheet.cell(row=row, column=column).value if column else None

    def text(column: int | None) -> str:
        cell = value(column)
        if cell is None:
            return ""
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        return " ".join(str(cell).split())

    return {
        "question": text(columns["question"]),
        "answers": [text(column) for column in columns["answers"]],
        "time": value(columns.get("time")),
        "correct": value(columns["correct"]),
    }


def _question(cells: dict[str, Any], where: str, notes: list[Note]) -> dict[str, Any] | None:
    if not cells["question"]:
        notes.append(Note(where, "answers without a question: not converted"))
        return None
    numbers = _correct_numbers(cells["correct"])
    filled = {number: text for number, text in enumerate(cells["answers"], start=1) if text}
    if numbers is None or not numbers:
        notes.append(Note(where, f"correct answer(s) '{cells['correct']}' are not answer numbers 1–4: not converted"))
        return None
    if len(filled) < 2:
        notes.append(Note(where, "fewer than 2 answers: not converted"))
        return None
    empty = sorted(n for n in numbers if n not in filled)
    if empty:
        notes.append(Note(where, f"correct answer {', '.join(map(str, empty))} is empty: not converted"))
        return None
    choices = [
        {"id": choice_id(index), "text": both(text), "correct": number in numbers}
        for index, (number, text) in enumerate(sorted(filled.items()))
    ]
    notes.append(Note(where, f"no explanation in Kahoot: the explanation says '{TODO_FR}'"))
    item: dict[str, Any] = {
        "id": "",
        "kind": "single" if len(numbers) == 1 else "multiple",
        "prompt": both(cells["question"]),
        "explanation": both(TODO_FR),
        "choices": choices,
    }
    if keeps_order(list(filled.values())):
        item["shuffle"] = False
    return item


def _correct_numbers(value: Any) -> set[int] | None:
    """``1``, ``2.0``, ``"1,3"``, ``"2 ; 4"`` → answer numbers; None if anything else is in the cell."""
    if value is None:
        return set()
    if isinstance(value, int | float) and float(value).is_integer():
        parts = [str(int(value))]
    else:
        parts = [part for part in re.split(r"[,;\s]+", str(value).strip()) if part]
    if not all(part.isdigit() and 1 <= int(part) <= 4 for part in parts):
        return None
    return {int(part) for part in parts}


def import_kahoot_file(source: Path, output: Path, theme: str | None = None, title: str | None = None) -> ImportResult:
    """Convert the spreadsheet ``source`` and write ``output`` when at least one question converts and the
    quiz passes the content check (see :func:`kiosk.content.importing.write_checked`)."""
    sheet = read_sheet(source)
    result = convert_sheet(sheet, slug(output.stem, "quiz-importe"), theme, title or source.stem.replace("_", " "))
    if not result.converted:
        return result
    header = (
        f"# Imported from {source.name} by `kiosk content import-kahoot`.\n"
        "# English texts start with [FR]: a translator must replace each of them before shipping,\n"
        "# and every explanation marked À RÉDIGER must be written.\n"
    )
    return write_checked(result, output, header)

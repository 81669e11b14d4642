"""Validation of careers TOML files: ``check_file`` for one file, ``check_catalogue`` for a folder.

Every problem is a :class:`kiosk.content.problems.Problem` with a 1-based line (0 = the whole
file). Checks, beyond the typed models of :mod:`kiosk.careers.models`:

* the file is UTF-8 TOML with ``kind = "careers-cards"`` or ``kind = "careers-job"``;
* cards: 24–36 cards, ids unique, every type's count within ±1 of an equal share (total / 6),
  each card short enough for one screen; and, checked from ``cards.toml``, at least 30 job files
  in the sibling ``jobs/`` folder;
* jobs: the id equals the file name (``jobs/<id>.toml``), related ids exist among the sibling
  job files and are not repeated.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kiosk.careers.locator import line_of, line_of_value
from kiosk.careers.models import RIASEC, CardDeck, Job
from kiosk.content.problems import Problem
from kiosk.typography import typeset_tree

MIN_CARDS = 24
MAX_CARDS = 36
MIN_JOBS = 30
MAX_CARD_CHARS = 110
KINDS: dict[str, type[BaseModel]] = {"careers-cards": CardDeck, "careers-job": Job}


class _Reporter:
    """Collects problems for one file, locating keys and values in its text."""

    def __init__(self, path: Path, text: str = "") -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []

    def at(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def at_key(self, loc: tuple[str | int, ...], message: str) -> None:
        self.at(line_of(self.text, loc) if loc else 0, message)

    def at_value(self, value: str, message: str, after: tuple[str | int, ...] = ()) -> None:
        start = line_of(self.text, after) if after else 1
        self.at(line_of_value(self.text, value, start) or start, message)


def parse_file(path: Path) -> tuple[CardDeck | Job | None, list[Problem]]:
    """Read and validate one careers file alone: the model (None if invalid) and its problems."""
    report = _Reporter(path)
    try:
        report.text = path.read_text(encoding="utf-8")
        data = tomllib.loads(report.text)
    except UnicodeDecodeError as exc:
        report.at(0, f"not UTF-8 text ({exc.reason})")
        return None, report.problems
    except OSError as exc:
        report.at(0, f"cannot read the file ({exc.strerror})")
        return None, report.problems
    except tomllib.TOMLDecodeError as exc:
        report.at(_decode_error_line(str(exc), report.text), f"TOML syntax error: {exc}")
        return None, report.problems
    model = _validate(data, report)
    if isinstance(model, CardDeck):
        _check_deck(model, report)
    if data.get("kind") == "careers-job":
        _check_job_links(data, report)  # also when the model is invalid: more help per run
    return (model if not report.problems else None), report.problems


def check_file(path: Path) -> list[Problem]:
    """All problems of one careers file (non-TOML files such as README.md are skipped)."""
    path = Path(path)
    if path.suffix != ".toml":
        return []
    model, problems = parse_file(path)
    if isinstance(model, CardDeck):
        jobs_dir = path.parent / "jobs"
        count = len(list(jobs_dir.glob("*.toml"))) if jobs_dir.is_dir() else 0
        if count < MIN_JOBS:
            problems.append(
                Problem(
                    path,
                    0,
                    f"the catalogue has {count} job file(s) in {jobs_dir.name}/; at least {MIN_JOBS} are needed",
                )
            )
    return sorted(problems)


def check_catalogue(root: Path) -> list[Problem]:
    """Problems of every careers file under ``root`` (``cards.toml`` and ``jobs/*.toml``)."""
    root = Path(root)
    files = sorted(root.rglob("*.toml"))
    problems = [p for f in files for p in check_file(f)]
    if not (root / "cards.toml").is_file():
        problems.append(Problem(root / "cards.toml", 0, "the questionnaire file is missing"))
    return problems


def _decode_error_line(message: str, text: str) -> int:
    match = re.search(r"at line (\d+)", message)
    if match:
        return int(match.group(1))
    return max(1, len(text.splitlines())) if "end of document" in message else 0


def _validate(data: dict[str, Any], report: _Reporter) -> CardDeck | Job | None:
    kind = data.get("kind")
    if kind not in KINDS:
        report.at_key(
            ("kind",) if "kind" in data else (), f"kind must be one of {', '.join(map(repr, KINDS))}, not {kind!r}"
        )
        return None
    try:
        return KINDS[kind].model_validate(typeset_tree(data))  # type: ignore[return-value]
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            where: tuple[int | str, ...] = loc[:-1] if error["type"] == "missing" else loc
            label = ".".join(str(p) for p in loc) or "file"
            report.at_key(where, f"{label}: {error['msg']}")
        return None


def _check_deck(deck: CardDeck, report: _Reporter) -> None:
    total = len(deck.cards)
    if not MIN_CARDS <= total <= MAX_CARDS:
        report.at(0, f"{total} cards; the questionnaire needs {MIN_CARDS} to {MAX_CARDS}")
    counts: Counter[str] = Counter(card.type for card in deck.cards)
    for letter in RIASEC:
        if abs(counts[letter] - total / 6) > 1:
            report.at(
                0,
                f"type {letter} has {counts[letter]} card(s); each type needs "
                f"about {total / 6:g} (±1) so that the types are fairly balanced",
            )
    seen: set[str] = set()
    for index, card in enumerate(deck.cards):
        if card.id in seen:
            report.at_key(("cards", index, "id"), f"duplicate card id {card.id!r}")
        seen.add(card.id)
        for lang in ("fr", "en"):
            if len(card.text.get(lang)) > MAX_CARD_CHARS:
                report.at_key(
                    ("cards", index, "text", lang),
                    f"card {card.id!r}: the {lang} text is longer than "
                    f"{MAX_CARD_CHARS} characters (one short sentence per screen)",
                )


def _check_job_links(data: dict[str, Any], report: _Reporter) -> None:
    job_id = data.get("id")
    if isinstance(job_id, str) and job_id != report.path.stem:
        report.at_key(("id",), f"job id {job_id!r} must equal the file name {report.path.stem!r}")
    related = data.get("related")
    if not isinstance(related, list):
        return
    siblings = {p.stem for p in report.path.parent.glob("*.toml")}
    for other, count in Counter(r for r in related if isinstance(r, str)).items():
        if count > 1:
            report.at_value(other, f"related job {other!r} is listed {count} times", after=("related",))
        if other not in siblings:
            report.at_value(
                other, f"unknown related job {other!r} (no {other}.toml beside this file)", after=("related",)
            )

"""The whole content check behind ``kiosk content check``: quizzes, career files, media manifest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content import bundled_root
from kiosk.content.document import Document, read_document
from kiosk.content.loader import QuizFile, quiz_paths, read_quizzes
from kiosk.content.media import MANIFEST_NAME, MediaManifest, load_manifest
from kiosk.content.problems import Problem
from kiosk.content.style import text_warnings
from kiosk.content.versions import LOCK_NAME, read_lock, write_lock

CAREERS_FOLDER = "careers"


@dataclass
class CheckReport:
    """Everything a check found; ``problems`` empty means the content can ship.

    ``warnings`` (fairness and writing, see :mod:`kiosk.content.style`) do not stop a file from loading;
    ``kiosk content check --strict`` treats them as problems.
    """

    quiz_files: list[QuizFile] = field(default_factory=list)
    career_files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    media: MediaManifest | None = None
    careers_checked: bool = False

    def unlocked(self) -> list[QuizFile]:
        """Valid quizzes whose version is not recorded in the lock yet."""
        return [f for f in self.quiz_files if f.quiz is not None and not f.locked]


def split_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Quiz files and career files named by ``paths`` (files or folders).

    A folder gives its ``*.toml`` quiz files and, recursively, the files of its ``careers/``
    sub-folder; anything inside a folder named ``careers`` is a career file.
    """
    quizzes: list[Path] = []
    careers: list[Path] = []
    for path in paths:
        in_careers = CAREERS_FOLDER in path.resolve().parts
        if path.is_dir() and in_careers:
            careers.extend(sorted(path.rglob("*.toml")))
        elif path.is_dir():
            quizzes.extend(quiz_paths(path))
            careers.extend(sorted((path / CAREERS_FOLDER).rglob("*.toml")))
        else:
            (careers if in_careers else quizzes).append(path)
    return quizzes, careers


CareerChecker = Callable[[Path], list[Problem]]


def check_content(
    paths: Sequence[Path] = (), media_dir: Path | None = None, *, career_checker: CareerChecker | None = None
) -> CheckReport:
    """Check ``paths`` (default: the bundled quizzes/ folder) and the media manifest.

    Career files are checked by ``career_checker`` (the careers package's ``check_file``, passed in by the
    caller: content does not import careers); without one they are listed as not checked.
    """
    paths = list(paths) or [bundled_root() / "quizzes"]
    manifest_path = (media_dir or bundled_root() / "media") / MANIFEST_NAME
    manifest = load_manifest(manifest_path)
    report = CheckReport(media=manifest)
    quiz_files, report.career_files = split_paths(paths)
    for path in paths:
        if not path.exists():
            report.problems.append(Problem(path, 0, "no such file or folder"))
    report.problems.extend(manifest.problems)
    report.quiz_files = read_quizzes([p for p in quiz_files if p.exists()], manifest)
    for result in report.quiz_files:
        report.problems.extend(result.problems)
        report.warnings.extend(result.warnings)
    report.problems.extend(_check_careers(report, career_checker))
    report.warnings.extend(_career_warnings(report.career_files))
    report.problems.sort()
    report.warnings.sort()
    return report


def _career_warnings(paths: Sequence[Path]) -> list[Problem]:
    """Writing warnings of career files (their errors are the careers checker's business)."""
    warnings: list[Problem] = []
    for path in sorted(paths):
        document = read_document(path)
        if isinstance(document, Document):
            warnings.extend(document.problem(where, message) for where, message in text_warnings(document.data))
    return warnings


def _check_careers(report: CheckReport, checker: CareerChecker | None) -> list[Problem]:
    if not report.career_files:
        return []
    if checker is None:
        report.notes.append(f"{len(report.career_files)} career file(s) not checked: no careers checker was given")
        return []
    report.careers_checked = True
    problems: list[Problem] = []
    for path in sorted(report.career_files):
        problems.extend(checker(path))
    return problems


def update_locks(report: CheckReport) -> list[str]:
    """Record every valid, unlocked quiz version in the lock of its folder; return what was added."""
    added: list[str] = []
    by_folder: dict[Path, list[QuizFile]] = {}
    for result in report.unlocked():
        by_folder.setdefault(result.path.parent, []).append(result)
    for folder, results in sorted(by_folder.items()):
        lock_path = folder / LOCK_NAME
        lock = read_lock(lock_path)
        for result in results:
            assert result.quiz is not None
            lock.setdefault(result.quiz.id, {})[str(result.quiz.version)] = result.digest
            added.append(f"{result.quiz.id} v{result.quiz.version}")
        write_lock(lock_path, lock)
    return added


def summary(report: CheckReport) -> str:
    """One line saying what was checked."""
    quizzes = [f.quiz for f in report.quiz_files if f.quiz is not None]
    questions = sum(len(q.questions) for q in quizzes)
    line = f"OK: {len(quizzes)} quiz file(s), {questions} question(s)"
    if report.careers_checked:
        line += f", {len(report.career_files)} career file(s)"
    if report.media is not None:
        line += f", {len(report.media.items)} media"
    return line

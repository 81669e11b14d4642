"""Load quiz files into immutable :class:`Quiz` objects, refusing broken files with reasons.

:func:`load_quizzes` is what the kiosk calls at start: it never raises for a broken quiz; the
:class:`QuizCatalogue` holds the valid quizzes and, for each refused file, the problems to show the
facilitator. :func:`read_quizzes` is the same check for any list of files (``kiosk content check``).

French texts are typeset when a file is read (:func:`kiosk.typography.typeset_tree`): files keep ordinary
spaces, the models hold the no-break ones. The version digest is computed on the file as written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kiosk.content import bundled_root
from kiosk.content.document import Document, read_document, validation_problems
from kiosk.content.locate import line_of
from kiosk.content.media import MANIFEST_NAME, MediaManifest, load_manifest
from kiosk.content.models import Quiz, Theme
from kiosk.content.problems import Problem
from kiosk.content.rules import quiz_findings
from kiosk.content.style import quiz_warnings, text_warnings
from kiosk.content.versions import LOCK_NAME, Lock, content_digest, is_locked, read_lock, version_problem
from kiosk.errors import ContentError
from kiosk.typography import typeset_tree


@dataclass(frozen=True)
class QuizFile:
    """The outcome of reading one quiz file: the quiz when it is valid, else its problems.

    ``warnings`` (see :mod:`kiosk.content.style`) never refuse a file: the kiosk shows the quiz anyway and
    ``kiosk content check`` reports them.
    """

    path: Path
    quiz: Quiz | None
    problems: tuple[Problem, ...] = ()
    digest: str = ""
    locked: bool = False
    id_line: int = 0
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class QuizCatalogue:
    """What the kiosk offers: valid quizzes (sorted by id) and the refused files with reasons.

    ``quizzes`` holds every valid file; visitors choose among :attr:`visitor_quizzes`, and the facilitator's
    pause-débat draws its polls from :attr:`debate_quizzes` (``theme = "debate"``, never shown to visitors).
    """

    quizzes: tuple[Quiz, ...]
    refused: dict[Path, tuple[Problem, ...]] = field(default_factory=dict)
    media: MediaManifest | None = None

    @property
    def visitor_quizzes(self) -> tuple[Quiz, ...]:
        """The quizzes a visitor may pick on the themes screen: every theme but debate, sorted by id."""
        return tuple(quiz for quiz in self.quizzes if quiz.theme is not Theme.DEBATE)

    @property
    def debate_quizzes(self) -> tuple[Quiz, ...]:
        """The pause-débat poll files (``theme = "debate"``), for the facilitator only, sorted by id."""
        return tuple(quiz for quiz in self.quizzes if quiz.theme is Theme.DEBATE)

    def quiz(self, quiz_id: str) -> Quiz:
        """The quiz with ``quiz_id``; ``KeyError`` if there is none."""
        for quiz in self.quizzes:
            if quiz.id == quiz_id:
                return quiz
        raise KeyError(quiz_id)


def parse_quiz(document: Document, media_ids: Collection[str] | None = None) -> tuple[Quiz | None, list[Problem]]:
    """Validate a parsed document: shape, kind rules, ids, media ids and the file name."""
    try:
        quiz = Quiz.model_validate(typeset_tree(document.data))
    except ValidationError as exc:
        return None, validation_problems(document, exc)
    problems = [document.problem(path, message) for path, message in quiz_findings(quiz, media_ids)]
    if document.path.suffix == ".toml" and document.path.stem != quiz.id:
        problems.append(document.problem(("id",), f"id '{quiz.id}' differs from the file name '{document.path.name}'"))
    return (None if problems else quiz), problems


def read_quiz(path: Path, media_ids: Collection[str] | None = None, lock: Lock | None = None) -> QuizFile:
    """Read and check one quiz file; never raises for a broken file."""
    document = read_document(path)
    if isinstance(document, Problem):
        return QuizFile(path, None, (document,))
    quiz, problems = parse_quiz(document, media_ids)
    digest = content_digest(document.data)
    locked = False
    if quiz is not None and lock is not None:
        message = version_problem(lock, quiz.id, quiz.version, digest)
        if message:
            problems.append(document.problem(("version",), message))
            quiz = None
        else:
            locked = is_locked(lock, quiz.id, quiz.version)
    id_line = line_of(document.lines, ("id",))
    findings = text_warnings(document.data) + (quiz_warnings(quiz) if quiz is not None else [])
    warnings = tuple(sorted(document.problem(where, message) for where, message in findings))
    return QuizFile(path, quiz, tuple(sorted(problems)), digest, locked, id_line, warnings)


def read_quizzes(paths: Iterable[Path], manifest: MediaManifest | None) -> list[QuizFile]:
    """Check every file, each against the lock of its folder, then refuse duplicate quiz ids."""
    media_ids = manifest.items.keys() if manifest is not None and manifest.readable else None
    locks: dict[Path, Lock] = {}
    results = []
    for path in sorted(paths):
        lock = locks.get(path.parent)
        if lock is None:
            try:
                lock = read_lock(path.parent / LOCK_NAME)
            except ContentError as exc:
                lock_path = path.parent / LOCK_NAME
                results.append(QuizFile(lock_path, None, (Problem(lock_path, 0, str(exc)),)))
                lock = {}
            locks[path.parent] = lock
        results.append(read_quiz(path, media_ids, lock))
    return _refuse_duplicates(results)


def _refuse_duplicates(results: list[QuizFile]) -> list[QuizFile]:
    first: dict[str, Path] = {}
    out = []
    for result in results:
        quiz = result.quiz
        if quiz is not None and quiz.id in first:
            message = f"quiz id '{quiz.id}' is already used by {first[quiz.id]}"
            problem = Problem(result.path, result.id_line, message)
            result = QuizFile(
                result.path, None, (problem,), result.digest, id_line=result.id_line, warnings=result.warnings
            )
        elif quiz is not None:
            first[quiz.id] = result.path
        out.append(result)
    return out


def quiz_paths(folder: Path) -> list[Path]:
    """The quiz files of ``folder``: its ``*.toml`` files (sub-folders such as careers/ excluded)."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def load_quizzes(quiz_dir: Path | None = None, media_dir: Path | None = None) -> QuizCatalogue:
    """Load every quiz of ``quiz_dir`` (default: the bundled quizzes/) against the media manifest.

    Never raises because of a content file: refused files and their problems are in the result.
    """
    quiz_dir = quiz_dir or bundled_root() / "quizzes"
    media_dir = media_dir or bundled_root() / "media"
    manifest = load_manifest(media_dir / MANIFEST_NAME)
    results = read_quizzes(quiz_paths(quiz_dir), manifest)
    quizzes = tuple(sorted((r.quiz for r in results if r.quiz is not None), key=lambda q: q.id))
    refused = {r.path: r.problems for r in results if r.problems}
    return QuizCatalogue(quizzes, refused, manifest)

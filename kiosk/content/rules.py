"""Rules of a quiz that the field types cannot say: kinds, unique ids, known media.

Each rule returns *findings*: ``(key path, message)`` pairs, where the key path is the location in
the TOML document (see :mod:`kiosk.content.locate`) so the loader can print ``file:line: message``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from kiosk.content.models import Kind, Question, Quiz, Theme

KeyPath = tuple[str | int, ...]
Finding = tuple[KeyPath, str]

MIN_CHOICES = 2
ORDERING_MIN_CHOICES = 3


def quiz_findings(quiz: Quiz, media_ids: Collection[str] | None) -> list[Finding]:
    """Every finding of ``quiz``; ``media_ids`` None skips the media check (manifest unreadable)."""
    findings = list(_duplicate_question_ids(quiz))
    if not quiz.questions:
        findings.append(((), "a quiz needs at least one [[questions]]"))
    for index, question in enumerate(quiz.questions):
        path: KeyPath = ("questions", index)
        findings.extend(_duplicate_choice_ids(question, path))
        findings.extend(_kind_findings(question, path))
    if quiz.theme is Theme.DEBATE:
        findings.extend(
            (("questions", index, "kind"), f"question {q.id}: a debate quiz has only poll questions")
            for index, q in enumerate(quiz.questions)
            if q.kind is not Kind.POLL
        )
    if media_ids is not None:
        findings.extend(
            (path, f"unknown media id '{media}' (not in media/manifest.toml)")
            for path, media in media_references(quiz)
            if media not in media_ids
        )
    return findings


def media_references(quiz: Quiz) -> Iterator[tuple[KeyPath, str]]:
    """Yield ``(key path, media id)`` for every picture the quiz refers to."""
    yield ("image",), quiz.image
    for q_index, question in enumerate(quiz.questions):
        if question.media:
            yield ("questions", q_index, "media"), question.media
        for c_index, choice in enumerate(question.choices):
            if choice.media:
                yield ("questions", q_index, "choices", c_index, "media"), choice.media


def _duplicate_question_ids(quiz: Quiz) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, question in enumerate(quiz.questions):
        if question.id in seen:
            yield ("questions", index, "id"), f"duplicate question id '{question.id}'"
        seen.add(question.id)


def _duplicate_choice_ids(question: Question, path: KeyPath) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, choice in enumerate(question.choices):
        if choice.id in seen:
            yield (*path, "choices", index, "id"), (f"question {question.id}: duplicate choice id '{choice.id}'")
        seen.add(choice.id)


def _kind_findings(question: Question, path: KeyPath) -> Iterator[Finding]:
    name = f"question {question.id}"
    kind = question.kind
    n_correct = sum(1 for choice in question.choices if choice.correct)
    if len(question.choices) < MIN_CHOICES:
        yield path, f"{name}: needs at least {MIN_CHOICES} [[questions.choices]]"
    if kind is not Kind.POLL and question.explanation is None:
        yield (*path, "explanation"), f"{name}: missing explanation (required for kind {kind})"
    if kind in (Kind.ORDERING, Kind.POLL):
        for index, choice in enumerate(question.choices):
            if choice.correct is not None:
                yield (
                    (*path, "choices", index, "correct"),
                    (
                        f"{name}: choice {choice.id} must not have 'correct' in "
                        f"{'an' if kind is Kind.ORDERING else 'a'} {kind} question"
                        + (
                            " (choices are listed in the right order)"
                            if kind is Kind.ORDERING
                            else " (no right answer)"
                        )
                    ),
                )
        if kind is Kind.ORDERING and len(question.choices) < ORDERING_MIN_CHOICES:
            yield path, f"{name}: an ordering question needs at least {ORDERING_MIN_CHOICES} choices"
        return
    if kind in (Kind.SINGLE, Kind.IMAGE, Kind.TRUEFALSE) and n_correct != 1:
        problem = "no correct answer" if n_correct == 0 else f"{n_correct} correct answers"
        yield path, f"{name}: {problem} (kind {kind} needs exactly one)"
    if kind is Kind.MULTIPLE and n_correct == 0:
        yield path, f"{name}: no correct answer (kind multiple needs at least one)"
    if kind is Kind.TRUEFALSE and sorted(c.id for c in question.choices) != ["false", "true"]:
        yield (*path, "choices"), f"{name}: a truefalse question has exactly two choices, 'true' and 'false'"
    if kind is Kind.IMAGE:
        for index, choice in enumerate(question.choices):
            if choice.media is None:
                yield (*path, "choices", index), f"{name}: choice {choice.id} needs a media id (kind image)"

"""How a content file reads: warnings that never refuse a file, but that ``kiosk content check`` reports.

Fairness of a quiz (a teenager should not win by pattern):

- the right answer is the longest choice in more than :data:`PATTERN_SHARE` of a quiz's single-answer
  questions (kinds ``single`` and ``image``), or the shortest in more than that share, in French or in
  English; ties count (a right answer as long as the longest is "the longest"); only checked from
  :data:`MIN_SINGLE` single-answer questions on;
- a ``multiple`` question whose right answers are all the choices, or all but one (from 3 choices on);
- an intro that states how many questions there are (it goes stale as soon as one is added or removed).

Writing (every visitor-facing text, quiz and career files alike):

- French typography the display cannot fix (:func:`kiosk.typography.french_issues`): a missing space
  before ``? ! ; :`` or inside ``« »`` (the files keep ordinary spaces; the loader makes them no-break);
- the point médian (``développeur·euse``): the OQLF recommends full doublets or epicene wording;
- French guillemets ``« »`` in English text (English uses "quotes");
- one spelling of Wi-Fi.

Each check returns *findings* ``(key path, message)`` like :mod:`kiosk.content.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kiosk.content.models import Kind, Question, Quiz
from kiosk.content.rules import Finding, KeyPath
from kiosk.typography import french_issues

PATTERN_SHARE = 0.4
"""Largest share of single-answer questions whose right answer may be the longest (or the shortest) choice."""
MIN_SINGLE = 3
"""Quizzes with fewer single-answer questions are too small for the share to mean anything."""
MIN_MULTIPLE_CHOICES = 3

_NUMBER = (
    r"\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
)
_COUNT = re.compile(rf"\b({_NUMBER})\s+(petites?\s+|short\s+|quick\s+)?(questions?|quiz)\b", re.IGNORECASE)
_POINT_MEDIAN = re.compile(r"\w[·∙]\w")
_WIFI = re.compile(r"\b(?!Wi-Fi\b)[Ww][Ii]-?[Ff][Ii]\b")


def quiz_warnings(quiz: Quiz) -> list[Finding]:
    """Fairness findings of one valid quiz."""
    findings = list(_length_patterns(quiz))
    for index, question in enumerate(quiz.questions):
        finding = _key_pattern(question)
        if finding:
            findings.append((("questions", index), finding))
    for language in ("fr", "en"):
        match = _COUNT.search(quiz.intro.get(language))
        if match:
            findings.append(
                (("intro", language), f"the intro states how many questions there are ('{match.group(0)}', {language})")
            )
    return findings


def _length_patterns(quiz: Quiz) -> Iterator[Finding]:
    singles = [q for q in quiz.questions if q.kind in (Kind.SINGLE, Kind.IMAGE) and len(q.choices) > 1]
    if len(singles) < MIN_SINGLE:
        return
    for language in ("fr", "en"):
        longest = sum(1 for q in singles if _right_is_extreme(q, language, max))
        shortest = sum(1 for q in singles if _right_is_extreme(q, language, min))
        for count, word in ((longest, "longest"), (shortest, "shortest")):
            if count > PATTERN_SHARE * len(singles):
                yield (
                    ("questions",),
                    f"the right answer is the {word} choice in {count} of {len(singles)} single-answer "
                    f"questions ({language}); keep it at most {PATTERN_SHARE:.0%} so that length gives nothing away",
                )


def _right_is_extreme(question: Question, language: str, pick: Any) -> bool:
    lengths = [len(choice.text.get(language)) for choice in question.choices]
    right = [len(choice.text.get(language)) for choice in question.choices if choice.correct]
    return bool(right) and right[0] == pick(lengths)


def _key_pattern(question: Question) -> str | None:
    if question.kind is not Kind.MULTIPLE or len(question.choices) < MIN_MULTIPLE_CHOICES:
        return None
    right, total = len(question.correct_ids()), len(question.choices)
    if right == total:
        return f"question {question.id}: every choice is right; add wrong ones so that 'tick everything' fails"
    if right == total - 1:
        return (
            f"question {question.id}: {right} of {total} choices are right (all but one); "
            "vary the key so that 'tick all but the odd one' fails"
        )
    return None


def text_warnings(data: Any) -> list[Finding]:
    """Writing findings of a parsed content file (quiz or career), on its texts as written."""
    findings: list[Finding] = []
    for path, language, text in _texts(data):
        if language == "fr":
            findings.extend((path, f"French typography: {issue}") for issue in french_issues(text))
            if _POINT_MEDIAN.search(text):
                findings.append(
                    (
                        path,
                        "point médian: write both forms in full (« développeur ou développeuse ») "
                        "or an epicene word (OQLF)",
                    )
                )
        if language == "en" and ("«" in text or "»" in text):
            findings.append((path, 'French guillemets « » in English text: use "quotes"'))
        wifi = _WIFI.search(text)
        if wifi:
            findings.append((path, f"write Wi-Fi, not '{wifi.group(0)}'"))
    return findings


def _texts(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, str]]:
    """Every ``(key path, language, text)`` of the ``{ fr, en }`` pairs of ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("fr", "en") and isinstance(value, str):
                yield (*path, key), key, value
            else:
                yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _texts(item, (*path, index))

"""French (Québec) typography for text on screen: no-break spaces where a line must not break.

One rule set, applied when French text is shown (UI strings, quiz and career content), never to English:

- a narrow no-break space (U+202F) before ``?``, ``!`` and ``;``, and inside guillemets ``« … »``;
- a no-break space (U+00A0) before ``:``;
- no-break spaces inside phone numbers (``1 800 263-2266``, ``514 600-1002``), between a number and its
  unit (``13 ans``, ``2 heures``, ``1,99 $``, ``20 h 41``) and between groups of thousands (``80 000``).

Content files and locale tables keep ordinary spaces (easy to type and to review); :func:`typeset` turns
them into no-break ones. It only *replaces* spaces that are there (a missing space before ``?`` is an
authoring mistake that :func:`french_issues` reports), except inside guillemets, where a space is always
right. It is idempotent: ``typeset(typeset(t, "fr"), "fr") == typeset(t, "fr")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

NARROW_NBSP = "\u202f"
"""Narrow no-break space: before ? ! ; and inside « » (OQLF: espace fine insécable)."""
NBSP = "\u00a0"
"""No-break space: before :, in phone numbers and between a number and its unit (espace insécable)."""

_SPACE = "[ \u00a0\u202f]"
_UNITS = (
    "ans?",
    "h",
    "min",
    "s",
    "heures?",
    "jours?",
    "mois",
    "semaines?",
    "minutes?",
    "secondes?",
    "caractères",
    "mots",
    "questions?",
    "Go",
    "Mo",
    "ko",
    "k",
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_SPACE}+([?!;»])"), NARROW_NBSP + r"\1"),
    (re.compile(rf"«{_SPACE}*"), "«" + NARROW_NBSP),
    (re.compile(rf"(?<=\S){_SPACE}*»"), NARROW_NBSP + "»"),
    (re.compile(rf"{_SPACE}+:"), NBSP + ":"),
    (re.compile(rf"\b(1){_SPACE}(\d{{3}}){_SPACE}(\d{{3}})-(\d{{4}})\b"), rf"\1{NBSP}\2{NBSP}\3-\4"),
    (re.compile(rf"(?<![\d{NBSP}])(\d{{3}}){_SPACE}(\d{{3}})-(\d{{4}})\b"), rf"\1{NBSP}\2-\3"),
    (re.compile(rf"(\d){_SPACE}h{_SPACE}(\d{{2}})\b"), rf"\1{NBSP}h{NBSP}\2"),
    (re.compile(rf"(\d){_SPACE}({'|'.join(_UNITS)})\b"), rf"\1{NBSP}\2"),
    (re.compile(rf"(\d){_SPACE}([$%€])"), rf"\1{NBSP}\2"),
    (re.compile(rf"(?<![\d,.])(\d{{1,3}}){_SPACE}(?=\d{{3}}\b)"), rf"\1{NBSP}"),
)


def french(text: str) -> str:
    """``text`` with French no-break spaces (see the module docstring); idempotent."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def typeset(text: str, language: str) -> str:
    """French typography for ``language == "fr"``; any other language comes back unchanged."""
    return french(text) if language == "fr" else text


def with_colon(label: str, language: str) -> str:
    """A label followed by a colon, spaced for ``language``: « Outils : » / "Tools:" (no trailing space)."""
    return f"{label}{NBSP}:" if language == "fr" else f"{label}:"


def typeset_tree(data: Any, language_key: str = "fr") -> Any:
    """A copy of parsed TOML ``data`` where every string under a ``language_key`` key is typeset in French.

    Content files hold ``{ fr = "…", en = "…" }`` pairs; only the ``fr`` side changes.
    """
    return _map_tree(data, lambda key, value: french(value) if key == language_key else value)


def _map_tree(data: Any, change: Callable[[str | None, str], str], key: str | None = None) -> Any:
    if isinstance(data, dict):
        return {k: _map_tree(v, change, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_map_tree(item, change, key) for item in data]
    if isinstance(data, str):
        return change(key, data)
    return data


_URL = re.compile(r"\S+://\S+|www\.\S+|\S+\.(?:ca|com|org|info|support|net|qc\.ca)\S*")
_MISSING_BEFORE = re.compile(r"[^\s\u00a0\u202f([{«'\"?!;:]([?!;:])(?![/\d])")
_MISSING_AFTER_OPEN = re.compile(r"«(?![\s\u00a0\u202f])")
_MISSING_BEFORE_CLOSE = re.compile(r"(?<![\s\u00a0\u202f])»")


def space_french_punctuation(text: str) -> str:
    """``text`` with the spaces French needs and an English-style text lacks: ``Quoi?`` → ``Quoi ?``.

    For imported files (a GIFT or Kahoot quiz typed without them); addresses and times are left alone.
    The result has ordinary spaces, like every content file; :func:`french` makes them no-break.
    """
    pieces = []
    last = 0
    for url in _URL.finditer(text):
        pieces.append(_space(text[last : url.start()]))
        pieces.append(url.group(0))
        last = url.end()
    pieces.append(_space(text[last:]))
    return "".join(pieces)


def _space(text: str) -> str:
    text = _MISSING_BEFORE.sub(lambda m: m.group(0)[:-1] + " " + m.group(1), text)
    text = _MISSING_AFTER_OPEN.sub("« ", text)
    return _MISSING_BEFORE_CLOSE.sub(" »", text)


def french_issues(text: str) -> list[str]:
    """What :func:`french` cannot fix in French source ``text``: a missing space before ? ! ; : or inside « ».

    Addresses (``https://…``, ``site.ca``) and times (``9:00``) are not reported.
    """
    issues: list[str] = []
    bare = _URL.sub(" ", text)
    for match in _MISSING_BEFORE.finditer(bare):
        issues.append(f"no space before « {match.group(1)} » in “…{bare[max(0, match.start() - 12) : match.end()]}”")
    if _MISSING_AFTER_OPEN.search(bare) or _MISSING_BEFORE_CLOSE.search(bare):
        issues.append("guillemets « » need a space inside")
    return issues

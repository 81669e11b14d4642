"""Typed, immutable models of a quiz file (``quizzes/<id>.toml``).

The models check the *shape* of a quiz: required fields, types, slugs, non-empty French and English
texts, unknown keys. Rules that need the whole quiz or other files (one right answer per ``single``
question, unique ids, known media ids, locked versions) live in :mod:`kiosk.content.rules` and
:mod:`kiosk.content.versions`; :func:`kiosk.content.loader.read_quiz` applies all of them, so a
:class:`Quiz` obtained from the loader is fully checked.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""An identifier: lower-case ASCII letters, digits and single hyphens (``vie-privee``, ``q1``)."""

MediaId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""The id of an entry of ``media/manifest.toml``."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("text must not be empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class LocalText(_Frozen):
    """A visitor-facing text in French (Québec, the default language) and English."""

    fr: Text = Field(description="French (Québec) text, shown by default")
    en: Text = Field(description="English text")

    def get(self, language: str) -> str:
        """Return the text in ``language`` (``"fr"`` or ``"en"``), French for anything else."""
        return self.en if language == "en" else self.fr


class Theme(StrEnum):
    """The themes of the café; each has a theme card picture ``theme-<value>`` in the media manifest."""

    PRIVACY = "privacy"
    CYBERSECURITY = "cybersecurity"
    AI = "ai"
    ALGORITHMS = "algorithms"
    DISINFORMATION = "disinformation"
    CYBERBULLYING = "cyberbullying"
    DIGITAL_SOBRIETY = "digital-sobriety"
    RIGHTS = "rights"
    DEBATE = "debate"


class Kind(StrEnum):
    """Question kinds. ``poll`` has no right answer (pause-débat)."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    ORDERING = "ordering"
    IMAGE = "image"
    POLL = "poll"


class Source(_Frozen):
    """Where a fact comes from: a reputable public body and the address of the page."""

    name: Text = Field(description="name of the body, e.g. Commission d'accès à l'information du Québec")
    url: HttpUrl = Field(description="http(s) address of the page")


class Choice(_Frozen):
    """One answer choice. ``correct`` absent means wrong; it stays absent for ``ordering`` and ``poll``."""

    id: Slug = Field(description="unique within the question; 'true'/'false' for truefalse")
    text: LocalText
    correct: bool | None = Field(default=None, description="absent means false; must be absent for ordering and poll")
    feedback: LocalText | None = Field(default=None, description="shown when this choice is picked")
    media: MediaId | None = Field(default=None, description="picture of the choice; required for kind image")


class Question(_Frozen):
    """One question, shown on one screen. Choices of ``ordering`` are listed in the right order."""

    id: Slug = Field(description="unique within the quiz")
    kind: Kind
    prompt: LocalText
    explanation: LocalText | None = Field(default=None, description="required except for polls")
    source: Source | None = None
    shuffle: bool = Field(default=True, description="the player may shuffle the choice order")
    media: MediaId | None = Field(default=None, description="optional illustration")
    category: str | None = Field(default=None, description="free category path, e.g. from a GIFT import")
    choices: tuple[Choice, ...] = Field(description="at least 2 (3 for ordering)")

    def correct_ids(self) -> frozenset[str]:
        """Ids of the right choices (empty for ``ordering`` and ``poll``)."""
        return frozenset(choice.id for choice in self.choices if choice.correct)


class Quiz(_Frozen):
    """A quiz file. A debate file is a quiz with ``theme = "debate"`` and only ``poll`` questions."""

    id: Slug = Field(description="unique across all quizzes; the file is quizzes/<id>.toml")
    version: int = Field(ge=1, description="bump whenever any text or answer changes")
    theme: Theme
    age_band: Annotated[str, StringConstraints(pattern=r"^1[0-9]-1[0-9]$")] = Field(
        description='e.g. "13-17", "13-14", "15-17"'
    )
    image: MediaId = Field(description="theme card picture (media id)")
    title: LocalText
    intro: LocalText
    learned: tuple[LocalText, ...] = Field(default=(), description="'what you learned' points")
    help: LocalText | None = Field(default=None, description="help resources shown with the summary")
    questions: tuple[Question, ...] = Field(description="at least one")

    def question(self, question_id: str) -> Question:
        """Return the question with ``question_id``; ``KeyError`` if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

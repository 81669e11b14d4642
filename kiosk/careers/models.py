"""Typed, immutable models of the career-exploration content (pure, no Qt).

Two kinds of TOML file live under ``quizzes/careers/`` (see its README.md):

* ``kind = "careers-cards"``: the interest questionnaire (:class:`CardDeck`): intro text, the
  5-level answer scale, the six RIASEC type descriptions, the activity cards and message texts.
* ``kind = "careers-job"``: one job card (:class:`Job`), one file per job under ``jobs/``.

Conventions: RIASEC letters are upper case and always listed in the canonical order
``R I A S E C`` (:data:`RIASEC`); every visitor-facing text is a :class:`Text` with a French
(default) and an English field; ids are lower-case ASCII slugs (``a-z``, ``0-9``, ``-``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

RIASEC: str = "RIASEC"
"""The six Holland types in canonical order; also the tie-break order of the scoring."""

Letter = Literal["R", "I", "A", "S", "E", "C"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]

MIN_LEVEL = 0
MAX_LEVEL = 4
"""Answer levels of the 5-level scale: 0 = "pas du tout" … 4 = "j'adore"."""

MESSAGE_KEYS: tuple[str, ...] = ("no_answers", "all_low", "close_scores")
"""Keys of the kind messages a :class:`~kiosk.careers.scoring.Profile` may point to."""

TRAINING_LEVELS: tuple[str, ...] = ("DEP", "ASP", "AEC", "DEC", "BAC", "MAITRISE")
"""Québec training paths, from secondary vocational (DEP) to graduate studies."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Text(_Frozen):
    """One visitor-facing text in both languages (French first)."""

    fr: Line
    en: Line

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("fr" or "en"); any other value falls back to French."""
        return self.en if lang == "en" else self.fr


class ScaleLevel(_Frozen):
    """One step of the 5-level answer scale (an emoji button on screen)."""

    level: Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL)]
    emoji: Line
    label: Text


class TypeInfo(_Frozen):
    """Plain-language, positive description of one RIASEC type."""

    name: Text
    description: Text


class Takeaway(_Frozen):
    """Fixed lines of the take-away QR text: a header and a next-step footer."""

    header: Text
    footer: Text


class Card(_Frozen):
    """One activity card: "would you like to …?" for one RIASEC type."""

    id: Slug
    type: Letter
    text: Text
    emoji: Line | None = None


class CardDeck(_Frozen):
    """The whole interest questionnaire (``cards.toml``)."""

    kind: Literal["careers-cards"]
    version: Annotated[int, Field(ge=1)]
    """Bumped whenever cards are added, removed or re-typed (logged as ``cards_version``)."""
    intro: Text
    prompt: Text
    reminder: Text
    messages: dict[str, Text]
    takeaway: Takeaway
    scale: tuple[ScaleLevel, ...]
    types: dict[Letter, TypeInfo]
    cards: tuple[Card, ...]

    @field_validator("scale")
    @classmethod
    def _five_levels(cls, scale: tuple[ScaleLevel, ...]) -> tuple[ScaleLevel, ...]:
        if [s.level for s in scale] != list(range(MIN_LEVEL, MAX_LEVEL + 1)):
            raise ValueError("the scale needs exactly 5 levels, 0 to 4, in order")
        return scale

    @field_validator("types")
    @classmethod
    def _six_types(cls, types: dict[str, TypeInfo]) -> dict[str, TypeInfo]:
        missing = [t for t in RIASEC if t not in types]
        if missing:
            raise ValueError(f"missing RIASEC type description(s): {', '.join(missing)}")
        return types

    @field_validator("messages")
    @classmethod
    def _known_messages(cls, messages: dict[str, Text]) -> dict[str, Text]:
        missing = [k for k in MESSAGE_KEYS if k not in messages]
        unknown = [k for k in messages if k not in MESSAGE_KEYS]
        if missing or unknown:
            raise ValueError(
                f"messages must be exactly {', '.join(MESSAGE_KEYS)}"
                f" (missing: {missing or '-'}, unknown: {unknown or '-'})"
            )
        return messages

    def card(self, card_id: str) -> Card:
        """The card with this id (KeyError if unknown)."""
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)


class TrainingPath(_Frozen):
    """One Québec training path to the job; give ``years`` or ``hours`` (typical duration)."""

    level: Literal["DEP", "ASP", "AEC", "DEC", "BAC", "MAITRISE"]
    program: Text
    code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{3}\.[0-9A-Z]{2}$|^[0-9]{4}$")] | None = None
    years: Annotated[float, Field(gt=0, le=8)] | None = None
    hours: Annotated[int, Field(gt=0, le=3000)] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _one_duration(self) -> TrainingPath:
        if (self.years is None) == (self.hours is None):
            raise ValueError("give exactly one typical duration: years or hours")
        return self


class Figure(_Frozen):
    """A salary or outlook figure: only ever shown with its source and year."""

    text: Text
    source: Line
    year: Annotated[int, Field(ge=2015, le=2100)]


Tool = Line | Text
"""A tool of a job: a proper name, the same in both languages (``"Figma"``), or a text per language
(``{ fr = "pare-feu", en = "firewall" }``)."""


class Job(_Frozen):
    """One digital-sector job card (``jobs/<id>.toml``)."""

    kind: Literal["careers-job"]
    id: Slug
    code: Annotated[str, StringConstraints(pattern=r"^[RIASEC]{2,3}$")]
    title: Text
    mission: Text
    tasks: Annotated[tuple[Text, ...], Field(min_length=3, max_length=5)]
    skills: Annotated[tuple[Text, ...], Field(min_length=1)]
    tools: tuple[Tool, ...] = ()
    settings: Annotated[tuple[Text, ...], Field(min_length=1)]
    paths: Annotated[tuple[TrainingPath, ...], Field(min_length=1)]
    related: tuple[Slug, ...] = ()
    myth: Text
    reality: Text
    next_step: Text
    cnp: Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")] | None = None
    figures: tuple[Figure, ...] = ()
    media: Slug | None = None

    @field_validator("code")
    @classmethod
    def _distinct_letters(cls, code: str) -> str:
        if len(set(code)) != len(code):
            raise ValueError(f"RIASEC code {code!r} repeats a letter")
        return code

    @model_validator(mode="after")
    def _not_related_to_itself(self) -> Job:
        if self.id in self.related:
            raise ValueError(f"job {self.id!r} lists itself in related")
        return self

    def tools_in(self, lang: str) -> tuple[str, ...]:
        """The tools in ``lang`` ("fr" or "en"): proper names as they are, translated tools in that language."""
        return tuple(tool if isinstance(tool, str) else tool.get(lang) for tool in self.tools)


class CareerCatalogue(_Frozen):
    """The questionnaire and every job, as loaded from one careers folder."""

    deck: CardDeck
    jobs: tuple[Job, ...]

    def job(self, job_id: str) -> Job:
        """The job with this id (KeyError if unknown)."""
        for job in self.jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)

    def type_names(self, code: str, lang: str) -> tuple[str, ...]:
        """The names of the RIASEC types of ``code`` in ``lang``, strongest first: "IRC" → ("Investigateur", …).

        What a job card shows instead of the bare letters; unknown letters are skipped.
        """
        return tuple(self.deck.types[letter].name.get(lang) for letter in code if letter in self.deck.types)

    def jobs_by_type(self, letter: str) -> tuple[Job, ...]:
        """Jobs whose code starts with ``letter`` (for "browse all jobs by type"), by French title."""
        return tuple(sorted((j for j in self.jobs if j.code[0] == letter), key=lambda j: j.title.fr))

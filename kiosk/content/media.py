"""The media manifest, ``media/manifest.toml``: every picture and sound the content may show.

Format (one ``[[media]]`` table per file)::

    [[media]]
    id = "theme-privacy"                 # slug [a-z0-9-], unique; quizzes refer to it
    file = "images/theme-privacy.svg"    # relative to the folder of manifest.toml; or one file per language:
                                         # file = { fr = "images/x.fr.png", en = "images/x.en.png" }
    kind = "image"                       # image | sound | 360-still | 360-video
    title = { fr = "…", en = "…" }       # also the alternative text read to visitors
    credit = "Café numérique kiosk project"
    licence = "CC0-1.0"                  # SPDX id or licence name; never empty
    projection = "equirect"              # optional, 360° media: equirect (default) | domemaster
    duration_s = 95.0                    # optional, videos: length in seconds (the dome playlist shows it)

A listed file must exist, stay inside the media folder and carry a licence. A picture with words in it
(a screenshot of a text message) has one file per language; :meth:`MediaManifest.path_of` picks the file of
the visitor's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.content.document import read_document, validation_problems
from kiosk.content.models import LocalText, MediaId, Text
from kiosk.content.problems import Problem

MANIFEST_NAME = "manifest.toml"


class MediaKind(StrEnum):
    IMAGE = "image"
    SOUND = "sound"
    STILL_360 = "360-still"
    VIDEO_360 = "360-video"


class LocalFile(BaseModel):
    """One file per language, for a picture with words in it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fr: Text = Field(description="the French picture")
    en: Text = Field(description="the English picture")


class MediaItem(BaseModel):
    """One media file (or one per language) and where it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: MediaId
    file: Text | LocalFile = Field(description="path relative to the manifest's folder, with '/' separators")
    kind: MediaKind
    title: LocalText = Field(description="what the media shows; read as alternative text")
    credit: Text = Field(description="author or source")
    licence: Text = Field(description="SPDX identifier (CC0-1.0, CC-BY-4.0…) or licence name")
    projection: Literal["equirect", "domemaster"] = Field(
        "equirect", description="360° media: equirect, or domemaster (zenith at the centre, front at the bottom)"
    )
    duration_s: float | None = Field(None, gt=0, le=86400, description="videos: length in seconds (dome playlist)")

    def file_for(self, language: str) -> str:
        """The file of ``language`` ("fr" or "en"; French for anything else)."""
        if isinstance(self.file, str):
            return self.file
        return self.file.en if language == "en" else self.file.fr

    def files(self) -> tuple[str, ...]:
        """Every file of the item (one, or one per language)."""
        return (self.file,) if isinstance(self.file, str) else (self.file.fr, self.file.en)


class _ManifestFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    media: tuple[MediaItem, ...] = ()


@dataclass(frozen=True)
class MediaManifest:
    """The valid entries of a manifest, by id, and the problems of the refused ones."""

    root: Path
    items: dict[str, MediaItem]
    problems: tuple[Problem, ...]
    readable: bool = True

    def path_of(self, media_id: str, language: str = "fr") -> Path:
        """Absolute path of the file of ``media_id`` in ``language``; ``KeyError`` if the id is unknown."""
        return self.root / self.items[media_id].file_for(language)


def load_manifest(path: Path) -> MediaManifest:
    """Read ``path`` (a manifest.toml); never raises for a broken file, problems say why."""
    document = read_document(path)
    if isinstance(document, Problem):
        return MediaManifest(path.parent, {}, (document,), readable=False)
    try:
        manifest = _ManifestFile.model_validate(document.data)
    except ValidationError as exc:
        return MediaManifest(path.parent, {}, tuple(validation_problems(document, exc)), readable=False)
    items: dict[str, MediaItem] = {}
    problems: list[Problem] = []
    root = path.parent.resolve()
    for index, item in enumerate(manifest.media):
        where = ("media", index)
        if item.id in items:
            problems.append(document.problem((*where, "id"), f"duplicate media id '{item.id}'"))
            continue
        for file in item.files():
            target = (root / file).resolve()
            if not target.is_relative_to(root):
                problems.append(document.problem((*where, "file"), f"{file}: outside the media folder"))
            elif not target.is_file():
                problems.append(document.problem((*where, "file"), f"{file}: file not found"))
        items[item.id] = item
    return MediaManifest(path.parent, items, tuple(problems))

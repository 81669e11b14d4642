"""The media manifest, ``media/manifest.toml``: every picture and sound the content may show.

Format (one ``[[media]]`` table per file)::

    [[media]]
    id = "theme-privacy"                 # slug [a-z0-9-], unique; quizzes refer to it
    file = "images/theme-privacy.svg"    # relative to the folder of manifest.toml
    kind = "image"                       # image | sound | 360-still | 360-video
    title = { fr = "…", en = "…" }       # also the alternative text read to visitors
    credit = "Café numérique kiosk project"
    licence = "CC0-1.0"                  # SPDX id or licence name; never empty

A listed file must exist, stay inside the media folder and carry a licence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

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


class MediaItem(BaseModel):
    """One media file and where it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: MediaId
    file: Text = Field(description="path relative to the manifest's folder, with '/' separators")
    kind: MediaKind
    title: LocalText = Field(description="what the media shows; read as alternative text")
    credit: Text = Field(description="author or source")
    licence: Text = Field(description="SPDX identifier (CC0-1.0, CC-BY-4.0…) or licence name")


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

    def path_of(self, media_id: str) -> Path:
        """Absolute path of the file of ``media_id``; ``KeyError`` if the id is unknown."""
        return self.root / self.items[media_id].file


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
        target = (root / item.file).resolve()
        if item.id in items:
            problems.append(document.problem((*where, "id"), f"duplicate media id '{item.id}'"))
            continue
        if not target.is_relative_to(root):
            problems.append(document.problem((*where, "file"), f"{item.file}: outside the media folder"))
        elif not target.is_file():
            problems.append(document.problem((*where, "file"), f"{item.file}: file not found"))
        items[item.id] = item
    return MediaManifest(path.parent, items, tuple(problems))

"""The dome's shows: every 360° video and still of the media manifest, in manifest order.

A :class:`Show` is a manifest entry of kind ``360-video`` or ``360-still`` with its projection (equirect
or domemaster), title (French and English) and duration in seconds (a still stays up for
:data:`STILL_SECONDS` unless the manifest says otherwise). Files that are listed but missing stay in the
playlist: playing them raises :class:`kiosk.errors.MediaError`, which the console shows before it moves
on to the next show (never a crash, never a blank dome).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.content.media import MediaKind, MediaManifest

STILL_SECONDS = 60.0


@dataclass(frozen=True)
class Show:
    media_id: str
    path: Path
    kind: str  # "video" or "still"
    projection: str  # "equirect" or "domemaster"
    title_fr: str
    title_en: str
    duration_s: float | None

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_fr

    def short_title(self, language: str) -> str:
        """The title before its description (« Aurores : une nuit… » → « Aurores »)."""
        return self.title(language).split(":")[0].split("(")[0].strip()


def playlist(manifest: MediaManifest | None) -> list[Show]:
    """The shows of ``manifest`` (videos and stills that are 360°), in manifest order."""
    if manifest is None:
        return []
    shows = []
    for item in manifest.items.values():
        if item.kind not in (MediaKind.VIDEO_360, MediaKind.STILL_360):
            continue
        kind = "video" if item.kind is MediaKind.VIDEO_360 else "still"
        duration = item.duration_s if item.duration_s is not None else (STILL_SECONDS if kind == "still" else None)
        shows.append(
            Show(
                item.id,
                manifest.path_of(item.id),
                kind,
                item.projection,
                item.title.fr,
                item.title.en,
                duration,
            )
        )
    return shows

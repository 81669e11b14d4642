"""Content: quiz, poll and media-manifest files under ``quizzes/`` and ``media/`` (pure, no Qt).

- :mod:`~kiosk.content.models`: the typed, immutable quiz (pydantic);
- :mod:`~kiosk.content.loader`: files → quizzes, refused files with their problems;
- :mod:`~kiosk.content.rules`, :mod:`~kiosk.content.versions`: checks beyond field types;
- :mod:`~kiosk.content.media`: the media manifest;
- :mod:`~kiosk.content.schema`: the JSON Schema for editors;
- :mod:`~kiosk.content.gift`, :mod:`~kiosk.content.conversion`: Moodle GIFT import.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.paths import resource_root


def bundled_root() -> Path:
    """The folder that holds the bundled, read-only ``quizzes/`` and ``media/`` folders."""
    return resource_root()

"""Calibration patterns as sources: each one drawn once as an equirect image, then warped like a show.

A pattern from :mod:`dome.patterns` is drawn per pixel of an equirect source (4096 × 2048: about the
sampling of a 2048 px domemaster, so lines stay sharp), cached in memory and on disk, and sent through
the very same maps as the media: a calibration seen on a pattern is the calibration the show gets.
Switching patterns, or moving a slider over one, only re-warps it. Labels are painted by the renderer
(:mod:`kiosk.show.labels`) in the console's language.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

from dome import Equirect
from dome.patterns import PATTERNS, draw_pattern
from kiosk.show.calibration import SourceKind

PATTERN_NAMES: tuple[str, ...] = tuple(PATTERNS)  # polar, latlong, markers, bars, focus, horizon
SOURCE_SIZE = (4096, 2048)
QUICK_SIZE = (1024, 512)  # drawn first when nothing is cached: on the dome within a fraction of a second
VERSION = 2  # bump when dome.patterns draws differently, to redraw cached files


class PatternSources:
    """Pattern images by name (BGR uint8 equirect), drawn once and kept in ``folder`` (a cache)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._images: dict[tuple[str, tuple[int, int]], np.ndarray] = {}
        self._lock = threading.Lock()

    def source_kind(self, image: np.ndarray) -> SourceKind:
        return SourceKind("equirect", image.shape[1], image.shape[0])

    def cached(self, name: str) -> np.ndarray | None:
        """The full-size image if it is ready (memory or disk), else None."""
        key = (name, SOURCE_SIZE)
        with self._lock:
            image = self._images.get(key)
        if image is None and self.folder is not None and self._file(name).is_file():
            loaded = cv2.imread(str(self._file(name)), cv2.IMREAD_COLOR)
            if loaded is not None and loaded.shape[:2] == (SOURCE_SIZE[1], SOURCE_SIZE[0]):
                image = loaded
                with self._lock:
                    self._images[key] = image
        return image

    def get(self, name: str, size: tuple[int, int] = SOURCE_SIZE) -> np.ndarray:
        """The pattern drawn at ``size`` ``(w, h)`` (drawn now if needed: ~3 s at full size on 2 cores)."""
        if size == SOURCE_SIZE and (image := self.cached(name)) is not None:
            return image
        key = (name, size)
        with self._lock:
            image = self._images.get(key)
        if image is None:
            image = draw_pattern(name, Equirect(*size))
            with self._lock:
                self._images[key] = image
            if size == SOURCE_SIZE and self.folder is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self._file(name).with_suffix(".tmp.png")
                if cv2.imwrite(str(tmp), image):
                    tmp.replace(self._file(name))
        return image

    def _file(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / f"pattern-{name}-v{VERSION}-{SOURCE_SIZE[0]}.png"

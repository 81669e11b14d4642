"""A cache of inverse maps keyed by the full geometry + calibration (memory, and optionally disk).

The disk folder is chosen by the caller (the kiosk passes its data folder); this module knows no
application paths. Files are ``<sha256 of the mapping key>.npz`` written atomically, so a kiosk that
starts with its last calibration loads the maps instead of rebuilding them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from dome.maps import Mapping, Maps, build_maps

FORMAT_VERSION = 1


def mapping_digest(mapping: Mapping, step: int | None = None) -> str:
    """A stable hex digest of the mapping (and the build step, which changes the maps slightly)."""
    text = f"dome-maps-v{FORMAT_VERSION}|{mapping.key()}|step={step}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MapCache:
    """Maps by geometry: up to ``max_items`` in memory (least recently used dropped), all on disk.

    Args:
        folder: where ``.npz`` files go; ``None`` keeps the cache in memory only.
        max_items: how many maps to keep in memory.
        builder: how to build a missing map (default :func:`dome.maps.build_maps`).
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        max_items: int = 4,
        builder: Callable[[Mapping], Maps] = build_maps,
    ) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.max_items = max(1, max_items)
        self.builder = builder
        self._memory: OrderedDict[str, Maps] = OrderedDict()
        self.hits = {"memory": 0, "disk": 0, "built": 0}

    def get(self, mapping: Mapping) -> Maps:
        """The maps of ``mapping``: from memory, else from disk, else built (and stored in both)."""
        key = mapping_digest(mapping)
        maps = self._memory.get(key)
        if maps is not None:
            self._memory.move_to_end(key)
            self.hits["memory"] += 1
            return maps
        maps = self._load(key)
        if maps is not None:
            self.hits["disk"] += 1
        else:
            maps = self.builder(mapping)
            self.hits["built"] += 1
            self._save(key, maps)
        self._memory[key] = maps
        while len(self._memory) > self.max_items:
            self._memory.popitem(last=False)
        return maps

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{key}.npz"

    def _load(self, key: str) -> Maps | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            with np.load(path) as data:
                gain = data["gain"] if data["has_gain"] else None
                return Maps(
                    data["map_x"],
                    data["map_y"],
                    data["valid"],
                    gain,
                    (int(data["source_shape"][0]), int(data["source_shape"][1])),
                    bool(data["wraps_x"]),
                )
        except (OSError, KeyError, ValueError):
            return None  # a damaged file is rebuilt and overwritten

    def _save(self, key: str, maps: Maps) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(
                    handle,
                    map_x=maps.map_x,
                    map_y=maps.map_y,
                    valid=maps.valid,
                    gain=maps.gain if maps.gain is not None else np.zeros(0, np.float32),
                    has_gain=maps.gain is not None,
                    source_shape=np.array(maps.source_shape),
                    wraps_x=maps.wraps_x,
                )
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

"""The map cache: memory hits, disk hits in a caller-chosen folder, keys that follow every parameter."""

from __future__ import annotations

import numpy as np

from dome import Equirect, MapCache, Mapping, Orientation, domemaster
from dome.cache import mapping_digest
from dome.mesh import identity_mesh


def test_memory_then_disk_then_rebuild(tmp_path) -> None:
    mapping = Mapping(Equirect(128, 64), domemaster(64))
    cache = MapCache(tmp_path / "maps")
    first = cache.get(mapping)
    assert cache.get(mapping) is first and cache.hits == {"memory": 1, "disk": 0, "built": 1}
    files = list((tmp_path / "maps").glob("*.npz"))
    assert len(files) == 1
    fresh = MapCache(tmp_path / "maps")  # a new kiosk start
    loaded = fresh.get(mapping)
    assert fresh.hits["disk"] == 1 and fresh.hits["built"] == 0
    np.testing.assert_array_equal(loaded.map_x, first.map_x)
    np.testing.assert_array_equal(loaded.valid, first.valid)
    files[0].write_bytes(b"damaged")
    assert MapCache(tmp_path / "maps").get(mapping).shape == (64, 64)


def test_key_changes_with_every_parameter() -> None:
    base = Mapping(Equirect(128, 64), domemaster(64))
    variants = [
        Mapping(Equirect(128, 64), domemaster(64, tilt_deg=0.5)),
        Mapping(Equirect(128, 64), domemaster(64, fov_deg=181)),
        Mapping(Equirect(130, 64), domemaster(64)),
        Mapping(Equirect(128, 64), domemaster(64), Orientation(roll_deg=1e-6)),
        Mapping(Equirect(128, 64), domemaster(64), warp=identity_mesh(64, 64)),
    ]
    keys = {mapping_digest(m) for m in [base, *variants]}
    assert len(keys) == 1 + len(variants)
    assert mapping_digest(base) == mapping_digest(Mapping(Equirect(128, 64), domemaster(64)))


def test_memory_only_cache_evicts_least_recent() -> None:
    cache = MapCache(None, max_items=1)
    a, b = (Mapping(Equirect(64, 32), domemaster(16, tilt_deg=t)) for t in (0, 10))
    cache.get(a)
    cache.get(b)
    cache.get(a)
    assert cache.hits["built"] == 3

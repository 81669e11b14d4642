"""The version lock: a quiz version, once recorded, never changes meaning.

Events name a quiz by id and version, so the statistics of "vie-privee v1" must always be about the
same texts and answers. ``versions.lock.json`` (next to the quiz files) maps
``id -> version -> sha256`` of the quiz's *canonical content*: the parsed TOML data without the
``version`` key, as JSON with sorted keys (comments, spacing and key order do not count). A file whose
version is locked with another digest is refused; ``kiosk content check --update-lock`` records the
versions not locked yet and never overwrites a locked one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.errors import ContentError

LOCK_NAME = "versions.lock.json"

Lock = dict[str, dict[str, str]]


def content_digest(data: Mapping[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of ``data`` without its ``version`` key."""
    canonical = {key: value for key, value in data.items() if key != "version"}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_lock(path: Path) -> Lock:
    """The lock at ``path``; empty when the file does not exist. ``ContentError`` if it is broken."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError("errors.content.unreadable_lock", file=path, reason=exc) from exc
    if not isinstance(data, dict) or not all(
        isinstance(versions, dict) and all(isinstance(d, str) for d in versions.values()) for versions in data.values()
    ):
        raise ContentError("errors.content.bad_lock", file=path)
    return data


def write_lock(path: Path, lock: Lock) -> None:
    """Write ``lock`` sorted, one entry a line, so that diffs stay readable."""
    ordered = {
        quiz_id: dict(sorted(versions.items(), key=lambda item: int(item[0])))
        for quiz_id, versions in sorted(lock.items())
    }
    path.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def version_problem(lock: Lock, quiz_id: str, version: int, digest: str) -> str | None:
    """Why ``quiz_id`` at ``version`` with ``digest`` breaks ``lock``; None when it does not."""
    locked = lock.get(quiz_id, {})
    if str(version) in locked and locked[str(version)] != digest:
        latest = max(int(v) for v in locked)
        return (
            f"version {version} of '{quiz_id}' is locked with other content: "
            f"set version = {latest + 1} (then run kiosk content check --update-lock)"
        )
    newer = [int(v) for v in locked if int(v) > version]
    if str(version) not in locked and newer:
        return f"version {version} of '{quiz_id}' is older than the locked version {max(newer)}"
    return None


def is_locked(lock: Lock, quiz_id: str, version: int) -> bool:
    """True when ``quiz_id`` at ``version`` is already recorded in ``lock``."""
    return str(version) in lock.get(quiz_id, {})

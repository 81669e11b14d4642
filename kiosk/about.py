"""What this installation is: the app version, the versions of the shipped content and, in a bundle, its build.

``kiosk --version`` prints :func:`version_text`. The build date and commit come from ``build-info.json``,
which ``installer.spec`` writes into the bundle (:func:`write_build_info`); a source checkout has none and
says so. Content versions are read from the files as shipped (``id``/``version`` of each quiz file and the
``version`` of the career cards), without validating them: ``--version`` must answer even when a file is
broken (``kiosk --selftest`` is the check).
"""

from __future__ import annotations

import argparse
import json
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.errors import Message
from kiosk.i18n import system_language
from kiosk.paths import resource_root

BUILD_INFO_NAME = "build-info.json"
HQ_SIDE: tuple[str, ...] = ("kiosk.hq", "kiosk.ui.hq", "uvicorn", "starlette", "psycopg", "psycopg_binary")
"""The HQ service and its libraries (the ``hq`` extra): never part of a kiosk installation. ``installer.spec``
leaves exactly these out of the bundle, ``kiosk --selftest`` does not import them, and the command line says
so when a command needs them (``kiosk hq …`` on a kiosk)."""


def is_hq_side(module: str | None) -> bool:
    """True when ``module`` (a dotted name) belongs to :data:`HQ_SIDE`."""
    return bool(module) and any(module == name or str(module).startswith(name + ".") for name in HQ_SIDE)


CARDS_FILE = Path("careers") / "cards.toml"


@dataclass(frozen=True)
class BuildInfo:
    """When and from what a bundle was built: UTC time (ISO 8601, ``…Z``) and the git commit ("" if unknown)."""

    version: str
    built_at: str
    commit: str = ""


def write_build_info(path: Path, *, version: str, built_at: datetime, commit: str) -> BuildInfo:
    """Write ``build-info.json`` at ``path`` (used by the spec at build time) and return what was written."""
    info = BuildInfo(version=version, built_at=built_at.strftime("%Y-%m-%dT%H:%M:%SZ"), commit=commit)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    return info


def read_build_info(resources: Path | None = None) -> BuildInfo | None:
    """The build information shipped in the bundle, or ``None`` when running from a source checkout."""
    path = (resources or resource_root()) / BUILD_INFO_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BuildInfo(version=str(data["version"]), built_at=str(data["built_at"]), commit=str(data["commit"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return BuildInfo(version="?", built_at="?", commit="")


def _id_and_version(path: Path) -> tuple[str, str]:
    """``(id, version)`` of a content file as written; ``"?"`` for what cannot be read."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return path.stem, "?"
    return str(data.get("id", path.stem)), str(data.get("version", "?"))


def content_versions(quizzes_dir: Path | None = None) -> list[tuple[str, str]]:
    """``[(name, version)]`` of every shipped quiz file, then ``("careers", cards version)``."""
    from kiosk.content.loader import quiz_paths  # here: importing the content models costs a second at start

    folder = quizzes_dir or resource_root() / "quizzes"
    versions = [_id_and_version(path) for path in quiz_paths(folder)] if folder.is_dir() else []
    cards = folder / CARDS_FILE
    if cards.is_file():
        versions.append(("careers", _id_and_version(cards)[1]))
    return versions


def version_lines(language: str, resources: Path | None = None) -> list[str]:
    """The lines of ``kiosk --version`` in ``language``: app, content, build."""
    root = resources or resource_root()
    versions = content_versions(root / "quizzes")
    content = ", ".join(f"{name} v{version}" for name, version in versions)
    build = read_build_info(root)
    if build is None:
        built = Message("about.source_checkout")
    else:
        built = Message("about.built", {"date": build.built_at, "commit": build.commit or "?"})
    return [
        f"kiosk {__version__}",
        Message("about.content", {"count": len(versions), "versions": content or "-"}).text(language),
        built.text(language),
    ]


class VersionAction(argparse.Action):
    """``--version``: prints :func:`version_lines` (computed only when asked) and exits 0."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the app version, the content versions and the build date, then exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print("\n".join(version_lines(system_language())), flush=True)
        parser.exit()

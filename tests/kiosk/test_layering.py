"""Layering, checked on the source (complements the import-linter contracts in pyproject.toml).

* ``dome/`` imports neither kiosk nor Qt, anywhere.
* Outside ``kiosk/ui`` and ``kiosk/app.py`` no module imports PySide6, shiboken6 or pyqtgraph at all.
* Outside ``kiosk/ui``, ``kiosk/app.py`` and the command modules, nothing imports ``kiosk.ui``
  (commands may start a window lazily, inside a function).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6", "pyqtgraph")


def imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def top(name: str) -> str:
    return name.split(".")[0]


def test_dome_is_pure():
    for path in (ROOT / "dome").rglob("*.py"):
        bad = [n for n in imports(path) if top(n) in (*QT, "kiosk")]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_qt_only_in_the_ui_layer():
    for path in (ROOT / "kiosk").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("kiosk/ui/") or rel == "kiosk/app.py":
            continue
        bad = [n for n in imports(path) if top(n) in QT]
        assert not bad, f"{rel} imports {bad}"
        if not rel.startswith("kiosk/commands/"):
            assert not [n for n in imports(path) if n.startswith("kiosk.ui")], f"{rel} imports kiosk.ui"


def _contracts() -> list[dict]:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def _kiosk_children() -> set[str]:
    """Every top-level module and package of kiosk/ (what a contract must name)."""
    folder = ROOT / "kiosk"
    children = {p.stem for p in folder.glob("*.py") if p.stem not in ("__init__", "__main__")}
    children |= {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
    return children


def test_the_layers_contract_names_every_part_of_the_kiosk():
    """A new module or package of kiosk/ must take its place in the layers (else nothing constrains it)."""
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    named = {name.strip("() ") for layer in layers["layers"] for name in layer.replace("|", ":").split(":")}
    assert named == _kiosk_children() - {"locales"}


def test_the_no_ui_contract_covers_everything_but_the_ui_and_the_app():
    (contract,) = [c for c in _contracts() if c.get("forbidden_modules") == ["kiosk.ui"]]
    sources = {name.removeprefix("kiosk.") for name in contract["source_modules"]}
    assert sources == _kiosk_children() - {"locales", "ui", "app"}

"""The exported JSON Schema: committed, up to date, and it accepts valid quiz files and refuses broken ones.

No JSON Schema library is a dependency, so a small validator for the keywords the schema uses
(``type``, ``properties``, ``required``, ``additionalProperties``, ``items``, ``enum``, ``pattern``,
``minLength``, ``minimum``, ``$ref``, ``anyOf``, ``format``) checks documents against it; any other
keyword in the schema fails the test, so the validator cannot silently ignore a rule.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.content import bundled_root
from kiosk.content.schema import DIALECT, quiz_schema, schema_text

from .conftest import FIXTURES

KNOWN = {
    "$schema",
    "$defs",
    "$ref",
    "title",
    "description",
    "default",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "pattern",
    "minLength",
    "minimum",
    "anyOf",
    "format",
    "maxLength",
    "minItems",
    "maxItems",
    "prefixItems",
}
TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool, "null": type(None)}


def errors(schema: dict[str, Any], node: dict[str, Any], value: Any, where: str = "") -> list[str]:
    """Every violation of ``node`` (a part of ``schema``) by ``value``."""
    assert set(node) <= KNOWN, set(node) - KNOWN
    if "$ref" in node:
        return errors(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]], value, where)
    if "anyOf" in node:
        options = [errors(schema, option, value, where) for option in node["anyOf"]]
        return [] if any(not o for o in options) else [f"{where}: no option matches"]
    kind = node.get("type")
    if kind and not (isinstance(value, TYPES[kind]) and not (kind == "integer" and isinstance(value, bool))):
        return [f"{where}: not {kind}"]
    found = []
    if "enum" in node and value not in node["enum"]:
        found.append(f"{where}: not in enum")
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            found.append(f"{where}: pattern")
        if len(value) < node.get("minLength", 0):
            found.append(f"{where}: too short")
        if node.get("format") == "uri" and not re.match(r"^[a-z]+://", value):
            found.append(f"{where}: not a uri")
    if isinstance(value, int) and "minimum" in node and value < node["minimum"]:
        found.append(f"{where}: below minimum")
    if isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            found += errors(schema, node["items"], item, f"{where}[{index}]")
    if isinstance(value, dict):
        found += [f"{where}.{key}: required" for key in node.get("required", []) if key not in value]
        properties = node.get("properties", {})
        for key, item in value.items():
            if key in properties:
                found += errors(schema, properties[key], item, f"{where}.{key}")
            elif node.get("additionalProperties") is False:
                found.append(f"{where}.{key}: unknown")
    return found


def test_the_committed_schema_is_the_exported_one() -> None:
    committed = bundled_root() / "quizzes" / "quiz.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(), (
        "run: kiosk content schema -o quizzes/quiz.schema.json"
    )


def test_the_schema_is_draft_2020_12_json_whose_references_resolve() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == DIALECT
    refs = re.findall(r'"\$ref": "#/\$defs/([A-Za-z]+)"', schema_text())
    assert refs and set(refs) <= set(schema["$defs"])
    assert schema["required"] == ["id", "version", "theme", "age_band", "image", "title", "intro", "questions"]


def test_cli_schema_writes_the_file(tmp_path: Path) -> None:
    assert main(["content", "schema", "-o", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == quiz_schema()


VALID = [FIXTURES / "good" / "exemple.toml", *sorted((bundled_root() / "quizzes").glob("*.toml"))]


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_the_schema_accepts_every_valid_quiz_file(path: Path) -> None:
    schema = quiz_schema()
    assert errors(schema, schema, tomllib.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("missing-en", ".questions[0].prompt.en: required"),
        ("empty-text", ".questions[0].choices[0].text.fr: pattern"),
        ("unknown-field", ".questions[0].choices[0].corect: unknown"),
        ("bad-theme", ".theme: not in enum"),
        ("bad-ids", ".questions[0].id: pattern"),
    ],
)
def test_the_schema_refuses_broken_shapes(name: str, fragment: str) -> None:
    schema = quiz_schema()
    data = tomllib.loads((FIXTURES / "broken" / f"{name}.toml").read_text(encoding="utf-8"))
    assert fragment in errors(schema, schema, data)

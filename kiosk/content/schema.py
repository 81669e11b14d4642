"""The JSON Schema of a quiz file, for editors that validate TOML while authoring (Taplo, VS Code).

The schema describes the shape (fields, types, ids, non-empty texts). The rules that need the
whole quiz (one right answer, unique ids, known media, locked versions) are only checked by
``kiosk content check``.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.content.models import Quiz

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def quiz_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a quiz file, as a dictionary."""
    schema = Quiz.model_json_schema(mode="validation")
    schema = {"$schema": DIALECT, **schema}
    schema["title"] = "Café numérique quiz file (quizzes/<id>.toml)"
    schema["description"] = (
        "One quiz per TOML file. Every visitor-facing text has non-empty fr and en. "
        "See quizzes/README.md; `kiosk content check` applies the rules a schema cannot say."
    )
    _require_non_empty_texts(schema)
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for prop in definition.get("properties", {}).values():
            _drop_null(prop)
    return schema


def _drop_null(prop: dict[str, Any]) -> None:
    """TOML has no null: an optional field is simply absent, so ``anyOf [X, null]`` becomes ``X``."""
    options = [o for o in prop.get("anyOf", []) if o != {"type": "null"}]
    if "anyOf" in prop and len(options) < len(prop["anyOf"]):
        del prop["anyOf"]
        if len(options) == 1:
            prop.update(options[0])
        else:
            prop["anyOf"] = options
        if prop.get("default", 0) is None:
            del prop["default"]


def _require_non_empty_texts(schema: dict[str, Any]) -> None:
    """pydantic cannot see the not-blank validator: say it in the schema (at least one non-space)."""
    for name in ("LocalText", "Source", "MediaItem"):
        definition = schema.get("$defs", {}).get(name)
        if not definition:
            continue
        for key, prop in definition["properties"].items():
            if prop.get("type") == "string" and key != "url":
                prop["pattern"] = r"\S"
                prop["minLength"] = 1


def schema_text() -> str:
    """The schema as stable, indented JSON text ending with a newline."""
    return json.dumps(quiz_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"

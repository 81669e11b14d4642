"""One error channel: every error a person can see is a KioskError with a message key in both languages.

The scan reads the source of ``kiosk/`` (AST, no import): each ``SomethingError("…")`` of the KioskError tree
and each ``Message("…")`` must name a key that both locale tables have, with the same placeholders as the
values given. A sentence written in Python instead of a key fails the test.
"""

from __future__ import annotations

import ast
import inspect
import re
import string
from pathlib import Path

import pytest

import kiosk.errors as errors
from kiosk.errors import KioskError, Message, PinError, SessionError
from kiosk.i18n import LANGUAGES, strings, system_language

ROOT = Path(__file__).resolve().parents[2] / "kiosk"
KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
ERROR_CLASSES = {
    name for name, value in vars(errors).items() if inspect.isclass(value) and issubclass(value, KioskError)
}
# Areas still being moved onto message keys (each leaves this list when its messages are keys).
PENDING: tuple[str, ...] = ()


def _calls(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ERROR_CLASSES or name == "Message":
                yield name, node


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative != "errors.py" and not relative.startswith(PENDING):
            yield relative, path


def test_every_error_and_message_names_a_key_of_both_tables():
    problems = []
    for relative, path in _sources():
        for name, call in _calls(path):
            where = f"{relative}:{call.lineno} {name}"
            if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
                problems.append(f"{where}: the first argument must be a literal message key")
                continue
            key = call.args[0].value
            if not KEY.match(key):
                problems.append(f"{where}: {key!r} is a sentence, not a message key")
                continue
            given = {kw.arg for kw in call.keywords if kw.arg and kw.arg != "code"}
            if name == "Message" and len(call.args) > 1 and isinstance(call.args[1], ast.Dict):
                given = {k.value for k in call.args[1].keys if isinstance(k, ast.Constant)}
            for language in LANGUAGES:
                text = strings(language).get(key)
                if text is None:
                    problems.append(f"{where}: key {key!r} missing in the {language} tables")
                elif _fields(text) != given:
                    problems.append(f"{where}: {key!r} wants {sorted(_fields(text))}, gets {sorted(given)}")
    assert problems == []


def test_every_error_class_belongs_to_the_kiosk_error_tree():
    for name, value in vars(errors).items():
        if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == errors.__name__:
            assert issubclass(value, KioskError), name


def test_messages_render_in_both_languages_with_nested_causes():
    cause = PinError("errors.pin.length", low=4, high=8)
    message = Message("errors.unexpected", {"error": cause})
    assert message.text("fr") == "Erreur inattendue\u00a0: Le NIP doit avoir de 4 à 8 chiffres."
    assert message.text("en") == "Unexpected error: The PIN must be 4 to 8 digits."
    assert str(SessionError("errors.session.venue_name")) == "The venue name must have 1 to 80 characters."


def test_an_unknown_key_shows_itself_rather_than_nothing():
    assert Message("errors.no_such_key", {"x": 1}).text("fr") == "errors.no_such_key {'x': 1}"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_CA"}, "en"),
        ({}, "en"),
        ({"LANG": "C"}, "en"),
    ],
)
def test_the_command_line_speaks_the_operators_language(environ, expected):
    assert system_language(environ) == expected


def test_the_cli_prints_one_line_in_the_operators_language(home, capsys, monkeypatch):
    from kiosk.cli import main

    (home / "kiosk.toml").write_text("idle_timeout_s = 5\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["settings", "show"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kiosk: erreur: ") and "réglage «\u202fidle_timeout_s\u202f»" in err[0]

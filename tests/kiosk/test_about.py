"""kiosk --version (app, content and build), the --selftest alias, and `kiosk hq` where HQ is not installed."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import UTC, datetime

import pytest

from kiosk import __version__
from kiosk.about import (
    BUILD_INFO_NAME,
    content_versions,
    is_hq_side,
    read_build_info,
    version_lines,
    write_build_info,
)
from kiosk.cli import _selftest_alias, main
from kiosk.paths import resource_root


@pytest.fixture
def resources(tmp_path):
    """A copy of the shipped quizzes/ as a bundle's resource folder."""
    shutil.copytree(resource_root() / "quizzes", tmp_path / "quizzes")
    return tmp_path


def test_from_a_checkout_version_names_the_app_every_content_file_and_no_build(resources):
    lines = version_lines("en", resources)
    quiz_files = sorted(p for p in (resources / "quizzes").glob("*.toml"))
    assert lines[0] == f"kiosk {__version__}"
    assert lines[1].startswith(f"content ({len(quiz_files) + 1}): ")
    assert all(f"{name} v" in lines[1] for name, _ in content_versions(resources / "quizzes"))
    assert "careers v" in lines[1]
    assert lines[2] == "not a bundle: running from the source folder"


def test_a_bundle_says_when_and_from_what_commit_it_was_built(resources):
    write_build_info(
        resources / BUILD_INFO_NAME,
        version=__version__,
        built_at=datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),
        commit="abc",
    )
    assert read_build_info(resources).built_at == "2026-03-04T05:06:07Z"
    assert version_lines("fr", resources)[2] == "construit le 2026-03-04T05:06:07Z à partir du commit abc"


def test_versions_are_read_as_written_even_from_a_broken_file(resources):
    quiz = sorted((resources / "quizzes").glob("*.toml"))[0]
    data = quiz.read_text(encoding="utf-8")
    quiz_id = [line for line in data.splitlines() if line.startswith("id = ")][0].split('"')[1]
    quiz.write_text(data.replace("version = ", "version = 41 #", 1) + "\n[[questions]]\nkind = 12\n", encoding="utf-8")
    assert (quiz_id, "41") in content_versions(resources / "quizzes")
    (resources / "quizzes" / "zzz-not-toml.toml").write_text("id = [", encoding="utf-8")
    assert ("zzz-not-toml", "?") in content_versions(resources / "quizzes")


def test_a_damaged_build_info_is_shown_as_unknown(resources):
    (resources / BUILD_INFO_NAME).write_text("{not json", encoding="utf-8")
    assert read_build_info(resources).built_at == "?"
    (resources / BUILD_INFO_NAME).write_text(json.dumps({"version": "1"}), encoding="utf-8")
    assert read_build_info(resources).built_at == "?"


def test_version_option_prints_three_lines_and_exits_0(capsys, monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"kiosk {__version__}" and lines[1].startswith("content (") and len(lines) == 3


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--selftest"], ["selftest"]),
        (["--selftest", "--lang", "fr"], ["selftest", "--lang", "fr"]),
        (["--home", "/d", "--selftest"], ["--home", "/d", "selftest"]),
        (["run", "--selftest"], ["run", "--selftest"]),  # only in the top-level position
        (["--kiosk"], ["--kiosk"]),
    ],
)
def test_selftest_option_is_the_selftest_command(argv, expected):
    assert _selftest_alias(argv) == expected


def test_hq_commands_say_the_hq_side_is_not_installed_instead_of_a_traceback(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setitem(sys.modules, "kiosk.hq.report", None)  # as in the kiosk bundle: not there
    assert main(["hq", "report", "--db", str(tmp_path / "hq.db")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("kiosk: error: the HQ side is not installed here (kiosk.hq.report is missing)")


def test_other_missing_modules_are_not_blamed_on_the_hq_side():
    assert is_hq_side("uvicorn") and is_hq_side("kiosk.hq.report") and is_hq_side("kiosk.ui.hq.dashboard")
    assert not is_hq_side("kiosk.hqx") and not is_hq_side("numpy") and not is_hq_side(None)

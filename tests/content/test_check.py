"""``kiosk content check``: each broken fixture gives exactly the ``file:line: message`` it announces.

Every file of fixtures/broken/ starts with ``# expect: LINE: message | LINE: message``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.cli import main
from kiosk.content.check import check_content
from kiosk.content.loader import load_quizzes, read_quizzes
from kiosk.content.media import load_manifest

from .conftest import FIXTURES

BROKEN = sorted((FIXTURES / "broken").glob("*.toml"))


def expected(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return [f"{path}:{item.strip()}" for item in first.removeprefix("# expect: ").split(" | ")]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_a_broken_file_gives_its_announced_problems(path: Path, media_dir: Path) -> None:
    report = check_content([path], media_dir)
    assert [str(p) for p in report.problems] == expected(path)


def test_there_is_a_broken_fixture_for_every_required_message() -> None:
    names = {p.stem for p in BROKEN}
    assert {
        "missing-en",
        "no-correct",
        "two-correct",
        "unknown-media",
        "duplicate-question",
        "duplicate-choice",
        "invalid-toml",
    } <= names


def test_the_good_example_passes(media_dir: Path) -> None:
    report = check_content([FIXTURES / "good"], media_dir)
    assert report.problems == []
    (result,) = report.quiz_files
    assert result.quiz is not None
    assert [q.kind.value for q in result.quiz.questions] == [
        "single",
        "multiple",
        "truefalse",
        "ordering",
        "image",
        "poll",
    ]


def test_the_quiz_is_immutable(media_dir: Path) -> None:
    (result,) = read_quizzes([FIXTURES / "good" / "exemple.toml"], load_manifest(media_dir / "manifest.toml"))
    assert result.quiz is not None
    with pytest.raises(ValidationError):
        result.quiz.questions[0].prompt.fr = "autre"  # type: ignore[misc]
    assert result.quiz.question("meme-mot").correct_ids() == {"false"}
    assert result.quiz.questions[0].prompt.get("en") == "Which password is the safest?"


def test_a_duplicate_quiz_id_across_files_refuses_the_second(media_dir: Path) -> None:
    one, two = FIXTURES / "dupes" / "one", FIXTURES / "dupes" / "two"
    report = check_content([one, two], media_dir)
    assert [str(p) for p in report.problems] == [
        f"{two / 'same-id.toml'}:1: quiz id 'same-id' is already used by {one / 'same-id.toml'}"
    ]


def test_a_version_locked_with_other_content_is_refused(media_dir: Path) -> None:
    report = check_content([FIXTURES / "locked"], media_dir)
    assert [str(p) for p in report.problems] == [
        f"{FIXTURES / 'locked' / 'verrou.toml'}:2: version 1 of 'verrou' is locked with other content: "
        "set version = 2 (then run kiosk content check --update-lock)"
    ]


def test_a_broken_file_never_stops_the_catalogue(tmp_path: Path, media_dir: Path) -> None:
    shutil.copy(FIXTURES / "good" / "exemple.toml", tmp_path)
    for name in ("invalid-toml", "no-correct", "missing-en"):
        shutil.copy(FIXTURES / "broken" / f"{name}.toml", tmp_path)
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    catalogue = load_quizzes(tmp_path, media_dir)
    assert [q.id for q in catalogue.quizzes] == ["exemple"]
    assert sorted(p.name for p in catalogue.refused) == [
        "binary.toml",
        "invalid-toml.toml",
        "missing-en.toml",
        "no-correct.toml",
    ]
    assert catalogue.refused[tmp_path / "binary.toml"][0].message.startswith("not UTF-8 text")


def test_cli_check_prints_file_line_message_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "broken" / "no-correct.toml"
    assert main(["content", "check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == expected(path)


def test_cli_check_prints_one_ok_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check", str(FIXTURES / "good")]) == 0
    from kiosk.content import bundled_root
    from kiosk.content.media import load_manifest

    media = len(load_manifest(bundled_root() / "media" / "manifest.toml").items)
    assert capsys.readouterr().out.splitlines() == [f"OK: 1 quiz file(s), 6 question(s), {media} media"]


def test_cli_update_lock_records_then_protects_a_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quiz = tmp_path / "exemple.toml"
    shutil.copy(FIXTURES / "good" / "exemple.toml", quiz)
    assert main(["content", "check", "--update-lock", str(tmp_path)]) == 0
    assert "recorded exemple v1" in capsys.readouterr().out
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("Une question de chaque sorte", "Une question par sorte"),
        encoding="utf-8",
    )
    assert main(["content", "check", "--update-lock", str(tmp_path)]) == 1
    assert "version 1 of 'exemple' is locked with other content" in capsys.readouterr().out
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("version = 1", "version = 2"), encoding="utf-8")
    assert main(["content", "check", "--update-lock", str(tmp_path)]) == 0
    lock = (tmp_path / "versions.lock.json").read_text(encoding="utf-8")
    assert '"1"' in lock and '"2"' in lock


def test_a_missing_path_is_a_problem(tmp_path: Path, media_dir: Path) -> None:
    report = check_content([tmp_path / "absent.toml"], media_dir)
    assert [p.message for p in report.problems] == ["no such file or folder"]


def test_career_files_are_checked_by_the_checker_the_caller_gives(media_dir: Path) -> None:
    from kiosk.careers import check_file

    job = FIXTURES / "careers" / "jobs" / "broken-job.toml"
    unchecked = check_content([job], media_dir)
    assert unchecked.problems == [] and not unchecked.careers_checked
    assert "not checked" in unchecked.notes[0]
    checked = check_content([job], media_dir, career_checker=check_file)
    assert checked.careers_checked and checked.problems
    assert all(p.path == job for p in checked.problems)


def test_a_picture_with_words_has_one_file_per_language_and_both_must_exist(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "sms.fr.png").write_bytes(b"png")
    (tmp_path / "manifest.toml").write_text(
        '[[media]]\nid = "sms"\nfile = { fr = "images/sms.fr.png", en = "images/sms.en.png" }\nkind = "image"\n'
        'title = { fr = "Texto", en = "Text" }\ncredit = "nous"\nlicence = "CC0-1.0"\n',
        encoding="utf-8",
    )
    manifest = load_manifest(tmp_path / "manifest.toml")
    assert [p.message for p in manifest.problems] == ["images/sms.en.png: file not found"]
    (tmp_path / "images" / "sms.en.png").write_bytes(b"png")
    manifest = load_manifest(tmp_path / "manifest.toml")
    assert manifest.problems == ()
    assert manifest.path_of("sms", "en").name == "sms.en.png"
    assert manifest.path_of("sms", "fr").name == manifest.path_of("sms").name == "sms.fr.png"

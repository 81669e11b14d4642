"""Warnings of kiosk.content.style: fair answer keys, no count in intros, French typography and wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.check import check_content
from kiosk.content.models import Quiz
from kiosk.content.style import quiz_warnings, text_warnings


def text(value: str) -> dict[str, str]:
    return {"fr": value, "en": value}


def single(qid: str, right: str, wrong: tuple[str, ...]) -> dict:
    choices = [{"id": "r", "text": text(right), "correct": True}]
    choices += [{"id": f"w{i}", "text": text(w)} for i, w in enumerate(wrong)]
    return {"id": qid, "kind": "single", "prompt": text("Q ?"), "explanation": text("E."), "choices": choices}


def quiz(*questions: dict, intro: str = "Bienvenue.") -> Quiz:
    data = {
        "id": "q",
        "version": 1,
        "theme": "privacy",
        "age_band": "13-17",
        "image": "theme-privacy",
        "title": text("T"),
        "intro": text(intro),
        "questions": list(questions),
    }
    return Quiz.model_validate(data)


LONG, SHORT, MID = "une réponse bien plus longue", "court", "moyenne taille"


def messages(findings) -> list[str]:
    return [message for _, message in findings]


def test_the_right_answer_longest_in_too_many_questions_is_a_warning() -> None:
    two_of_five = [single(f"l{i}", LONG, (SHORT, MID)) for i in range(2)] + [
        single(f"m{i}", MID, (SHORT, LONG)) for i in range(3)
    ]
    assert messages(quiz_warnings(quiz(*two_of_five))) == []  # 2/5 = 40 %: not more than 40 %
    three_of_five = [single(f"l{i}", LONG, (SHORT, MID)) for i in range(3)] + [
        single(f"m{i}", MID, (SHORT, LONG)) for i in range(2)
    ]
    found = messages(quiz_warnings(quiz(*three_of_five)))
    assert any("longest choice in 3 of 5" in m for m in found)


def test_the_right_answer_shortest_in_too_many_questions_is_a_warning_too() -> None:
    questions = [single(f"s{i}", SHORT, (MID, LONG)) for i in range(3)]
    assert any("shortest choice in 3 of 3" in m for m in messages(quiz_warnings(quiz(*questions))))


def test_ties_count_as_longest() -> None:
    questions = [single(f"t{i}", "même", ("même", "mini")) for i in range(3)]
    assert any("longest" in m for m in messages(quiz_warnings(quiz(*questions))))


def test_small_quizzes_are_not_judged_on_length() -> None:
    questions = [single(f"l{i}", LONG, (SHORT, MID)) for i in range(2)]
    assert messages(quiz_warnings(quiz(*questions))) == []


@pytest.mark.parametrize(("rights", "warned"), [(1, False), (2, False), (3, True), (4, True)])
def test_multiple_keys_that_are_all_or_all_but_one(rights: int, warned: bool) -> None:
    choices = [{"id": f"c{i}", "text": text(f"choix {i}"), "correct": i < rights or None} for i in range(4)]
    choices = [{k: v for k, v in c.items() if v is not None} for c in choices]
    question = {"id": "m", "kind": "multiple", "prompt": text("Q ?"), "explanation": text("E."), "choices": choices}
    found = messages(quiz_warnings(quiz(question)))
    assert any("question m:" in m for m in found) is warned


@pytest.mark.parametrize(
    ("intro", "warned"),
    [
        ("Dix questions pour le découvrir.", True),
        ("Ten questions to find out.", True),
        ("8 petites questions.", True),
        ("Réponds à une question à la fois.", False),
        ("Découvre-le ici.", False),
    ],
)
def test_an_intro_never_states_how_many_questions(intro: str, warned: bool) -> None:
    found = messages(quiz_warnings(quiz(single("a", MID, (SHORT, LONG)), intro=intro)))
    assert any("how many questions" in m for m in found) is warned


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"prompt": {"fr": "Quoi?", "en": "What?"}}, "no space before « ? »"),
        ({"prompt": {"fr": "«mot»", "en": "word"}}, "guillemets"),
        ({"title": {"fr": "développeur·euse", "en": "developer"}}, "point médian"),
        ({"prompt": {"fr": "Le « mot »", "en": "The « word »"}}, "French guillemets « » in English"),
        ({"prompt": {"fr": "Le wifi public", "en": "Public WiFi"}}, "write Wi-Fi"),
    ],
)
def test_writing_warnings(data: dict, expected: str) -> None:
    assert any(expected in m for m in messages(text_warnings(data)))


def test_good_writing_has_no_warning() -> None:
    data = {"prompt": {"fr": "Le Wi-Fi « public » : sûr ? Non !", "en": 'Public "Wi-Fi": safe? No!'}}
    assert text_warnings(data) == []


def test_warnings_do_not_refuse_a_file_but_strict_fails(tmp_path: Path, media_dir: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "good" / "exemple.toml"
    quiz_file = tmp_path / "exemple.toml"
    quiz_file.write_text(source.read_text(encoding="utf-8").replace("Une question de chaque sorte.", "Six questions."))
    report = check_content([quiz_file], media_dir)
    assert report.problems == [] and len(report.warnings) == 1
    assert report.quiz_files[0].quiz is not None
    assert main(["content", "check", str(quiz_file)]) == 0
    assert main(["content", "check", "--strict", str(quiz_file)]) == 1


def test_career_files_get_writing_warnings(tmp_path: Path, media_dir: Path) -> None:
    careers = tmp_path / "careers"
    careers.mkdir()
    (careers / "job.toml").write_text('kind = "careers-job"\ntitle = { fr = "technicien·ne", en = "technician" }\n')
    report = check_content([careers], media_dir)
    assert any("point médian" in w.message for w in report.warnings)

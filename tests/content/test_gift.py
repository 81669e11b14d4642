"""Moodle GIFT import: every construct of fixtures/gift/constructs.gift, a French file, round trips."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.conversion import TODO_FR, UNTRANSLATED, convert_gift, import_gift_file, slug
from kiosk.content.gift import parse_gift
from kiosk.content.loader import read_quiz
from kiosk.content.media import load_manifest
from kiosk.content.models import Kind, Quiz

from .conftest import FIXTURES

GIFT = FIXTURES / "gift"
NBSP, NNBSP = "\u00a0", "\u202f"


def imported(tmp_path: Path, name: str, media_dir: Path) -> Quiz:
    """Import fixtures/gift/<name>.gift and read it back through the validator."""
    output = tmp_path / f"{name}.toml"
    result = import_gift_file(GIFT / f"{name}.gift", output)
    assert result.problems == []
    checked = read_quiz(output, load_manifest(media_dir / "manifest.toml").items.keys())
    assert checked.problems == ()
    assert checked.quiz is not None
    return checked.quiz


def test_the_parser_reads_titles_categories_answers_weights_and_feedback() -> None:
    questions, notes = parse_gift((GIFT / "constructs.gift").read_text(encoding="utf-8"))
    assert notes == []
    first = questions[0]
    assert (first.line, first.title, first.category) == (4, "Mot de passe sûr", "$course$/Cybersécurité/Mots de passe")
    assert [(a.text, a.right, a.feedback) for a in first.answers] == [
        ("Une longue phrase de passe", True, "Oui, la longueur compte."),
        ("123456", False, "Non, c'est le plus utilisé au monde."),
        ("motdepasse", False, None),
    ]
    assert first.general_feedback == "Une phrase de passe longue est difficile à deviner."
    assert [a.weight for a in questions[1].answers] == [50.0, 50.0, -100.0]
    wifi = questions[2]
    assert (wifi.shape, wifi.truth, wifi.truth_feedback) == (
        "truefalse",
        False,
        ("Attention, pas toujours.", "Bravo !"),
    )
    assert (questions[3].shape, questions[3].truth) == ("truefalse", True)
    assert questions[4].category == "$course$/Hameçonnage"
    assert [q.shape for q in questions[4:]] == [
        "matching",
        "matching",
        "choice",
        "choice",
        "choice",
        "choice",
        "short",
        "numeric",
        "essay",
        "description",
        "choice",
    ]


def test_escapes_become_literal_characters_and_backslash_n_a_new_line() -> None:
    questions, _ = parse_gift((GIFT / "constructs.gift").read_text(encoding="utf-8"))
    escapes = next(q for q in questions if q.title == "Échappements")
    assert escapes.text == "Que signifient { } = ~ # et : ? Un \\ aussi.\nDeuxième ligne."
    assert escapes.answers[0].text == "Des caractères = littéraux"
    assert escapes.answers[0].feedback == "Oui ~ vraiment."
    assert escapes.general_feedback == "C'est la syntaxe {GIFT}."


def test_what_cannot_be_converted_is_listed_with_its_line() -> None:
    result = convert_gift((GIFT / "constructs.gift").read_text(encoding="utf-8"), "constructs")
    notes = [(n.line, n.message.split(":")[0]) for n in result.notes]
    assert notes == [
        (11, "partial-credit weights dropped"),
        (20, "no general feedback (####)"),
        (24, "matching question converted to an ordering question"),
        (31, "matching question not converted (only positions 1…n become an ordering)"),
        (43, "HTML formatting removed from the question text"),
        (45, "missing-word question"),
        (45, "no general feedback (####)"),
        (47, "no right answer"),
        (49, "short-answer question not converted"),
        (51, "numeric question not converted"),
        (53, "essay question not converted"),
        (55, "description (no answer) question not converted"),
    ]
    assert (result.converted, result.skipped) == (10, 5)
    assert result.converted + result.skipped == len(parse_gift((GIFT / "constructs.gift").read_text())[0])


def test_constructs_round_trip_through_the_importer_and_the_validator(tmp_path: Path, media_dir: Path) -> None:
    quiz = imported(tmp_path, "constructs", media_dir)
    assert (quiz.id, quiz.version, quiz.theme.value, quiz.image) == (
        "constructs",
        1,
        "cybersecurity",
        "theme-cybersecurity",
    )
    kinds = {q.id: q.kind for q in quiz.questions}
    assert kinds == {
        "mot-de-passe-sur": Kind.SINGLE,
        "bons-gestes": Kind.MULTIPLE,
        "wi-fi": Kind.TRUEFALSE,
        "mises-a-jour": Kind.TRUEFALSE,
        "etapes": Kind.ORDERING,
        "echappements": Kind.SINGLE,
        "q8": Kind.SINGLE,
        "q9": Kind.SINGLE,
        "q10": Kind.POLL,
        "toutes": Kind.SINGLE,
    }
    assert quiz.question("bons-gestes").correct_ids() == {"a", "b"}
    wifi = quiz.question("wi-fi")
    assert wifi.correct_ids() == {"false"}
    assert wifi.choices[0].feedback is not None and wifi.choices[0].feedback.fr == "Attention, pas toujours."
    assert wifi.choices[1].feedback is not None and wifi.choices[1].feedback.fr == "Bravo !"
    assert [c.text.fr for c in quiz.question("etapes").choices] == [
        "Lire l'adresse de l'expéditeur",
        "Vérifier le lien sans cliquer",
        "Signaler le message",
    ]
    assert quiz.question("mises-a-jour").explanation.fr == TODO_FR  # type: ignore[union-attr]
    assert quiz.question("q8").prompt.fr == "Le hameçonnage & toi."
    assert quiz.question("q9").prompt.fr == "Un _____ sert à attraper les poissons... et les mots de passe."
    assert quiz.question("toutes").shuffle is False
    assert quiz.question("etapes").category == "Hameçonnage"
    assert quiz.questions[0].prompt.en == UNTRANSLATED + quiz.questions[0].prompt.fr


def test_a_french_file_keeps_guillemets_colons_and_no_break_spaces(tmp_path: Path, media_dir: Path) -> None:
    quiz = imported(tmp_path, "francais", media_dir)
    assert quiz.theme.value == "privacy"
    loi = quiz.question("loi-25-c-est-quoi")
    assert loi.prompt.fr == (
        "Selon la Loi 25, que doit faire une organisation avant de recueillir tes renseignements: "
        f"«{NBSP}personnels{NBSP}» ou non{NNBSP}?"
    )
    assert loi.choices[0].feedback.fr == "Exactement : c'est la transparence."  # type: ignore[union-attr]
    assert loi.explanation.fr == (  # type: ignore[union-attr]
        "Source : Commission d'accès à l'information du Québec (https://www.cai.gouv.qc.ca)."
    )
    temoin = quiz.question("temoins")
    assert temoin.prompt.fr == f"Un «{NBSP}témoin{NBSP}» (cookie) est un petit fichier{NBSP}: vrai ou faux ?"
    assert temoin.correct_ids() == {"true"}


def test_the_written_file_is_plain_toml_with_the_translator_warning(tmp_path: Path) -> None:
    output = tmp_path / "francais.toml"
    import_gift_file(GIFT / "francais.gift", output)
    text = output.read_text(encoding="utf-8")
    assert "a translator must replace" in text
    assert tomllib.loads(text)["questions"][0]["category"] == "Vie privée"


def test_cli_import_gift_prints_notes_with_gift_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "constructs.toml"
    assert main(["content", "import-gift", str(GIFT / "constructs.gift"), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert f"{GIFT / 'constructs.gift'}:51: numeric question not converted" in out
    assert "10 question(s) converted, 5 not converted" in out
    assert main(["content", "import-gift", str(GIFT / "constructs.gift"), "-o", str(output)]) == 2
    assert main(["content", "check", str(output)]) == 0


def test_cli_import_gift_with_nothing_to_convert_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "vide.gift"
    source.write_text("Décris ta journée. {}\n", encoding="utf-8")
    assert main(["content", "import-gift", str(source), "-o", str(tmp_path / "vide.toml")]) == 1
    assert not (tmp_path / "vide.toml").exists()


def test_an_unknown_theme_is_a_usage_error(tmp_path: Path) -> None:
    args = ["content", "import-gift", str(GIFT / "francais.gift"), "-o", str(tmp_path / "x.toml"), "--theme", "sport"]
    assert main(args) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Mot de passe sûr", "mot-de-passe-sur"), ("Loi 25: c'est quoi?", "loi-25-c-est-quoi"), ("!!!", "q1")],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text, "q1") == expected

"""Moodle GIFT import: our own constructs file, a French file, and one test per behaviour of issue 15.

Moodle's own example files are compared question by question in test_gift_moodle.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.conversion import convert_gift, import_gift_file, plain_text
from kiosk.content.gift import GiftText, parse_gift, read_gift
from kiosk.content.importing import TODO_FR, UNTRANSLATED, ImportResult, slug, write_checked
from kiosk.content.loader import read_quiz
from kiosk.content.media import load_manifest
from kiosk.content.models import Kind, Quiz
from kiosk.errors import ContentError

from .conftest import FIXTURES

GIFT = FIXTURES / "gift"
NBSP, NNBSP = "\u00a0", "\u202f"


def imported(tmp_path: Path, name: str, media_dir: Path) -> Quiz:
    """Import fixtures/gift/<name>.gift and read it back through the validator."""
    output = tmp_path / f"{name}.toml"
    result = import_gift_file(GIFT / f"{name}.gift", output)
    assert result.problems == [] and result.written
    checked = read_quiz(output, load_manifest(media_dir / "manifest.toml").items.keys())
    assert checked.problems == ()
    assert checked.quiz is not None
    return checked.quiz


def convert(text: str) -> ImportResult:
    return convert_gift(text, "essai", theme="privacy")


def only(result: ImportResult) -> dict:
    (question,) = result.data["questions"]
    return question


# --- the parser -----------------------------------------------------------------------------------


def test_the_parser_reads_names_categories_answers_weights_and_feedback() -> None:
    parsed = parse_gift((GIFT / "constructs.gift").read_text(encoding="utf-8"))
    assert parsed.notes == []
    first = parsed.questions[0]
    assert (first.line, first.name, first.category) == (4, "Mot de passe sûr", "$course$/Cybersécurité/Mots de passe")
    assert [(a.text.text, a.fraction, a.feedback and a.feedback.text) for a in first.answers] == [
        ("Une longue phrase de passe", 1.0, "Oui, la longueur compte."),
        ("123456", 0.0, "Non, c'est le plus utilisé au monde."),
        ("motdepasse", 0.0, None),
    ]
    assert first.general_feedback == GiftText("Une phrase de passe longue est difficile à deviner.")
    assert [a.fraction for a in parsed.questions[1].answers] == [0.5, 0.5, -1.0]
    assert parsed.questions[1].single is False
    wifi = parsed.questions[2]
    assert (wifi.qtype, wifi.truth) == ("truefalse", False)
    assert [f and f.text for f in wifi.truth_feedback] == ["Attention, pas toujours.", "Bravo !"]
    assert [q.qtype for q in parsed.questions[4:]] == [
        *("match", "match", "multichoice", "multichoice", "multichoice", "multichoice"),
        *("shortanswer", "numerical", "essay", "description", "multichoice"),
    ]


def test_escapes_become_literal_characters_and_backslash_n_a_line_break() -> None:
    parsed = parse_gift((GIFT / "constructs.gift").read_text(encoding="utf-8"))
    escapes = next(q for q in parsed.questions if q.name == "Échappements")
    assert escapes.text.text == "Que signifient { } = ~ # et : ? Un \\ aussi.\nDeuxième ligne."
    assert escapes.answers[0].text.text == "Des caractères = littéraux"
    assert escapes.answers[0].feedback == GiftText("Oui ~ vraiment.")
    assert escapes.general_feedback == GiftText("C'est la syntaxe {GIFT}.")


# --- issue 15, item 12: one test per behaviour ------------------------------------------------------


def test_partial_credit_in_a_one_answer_question_stays_single_and_is_noted() -> None:
    result = convert("Difficile ? {~faux ~%50%à moitié =juste####Parce que.}")
    question = only(result)
    assert question["kind"] == "single"
    assert [c["correct"] for c in question["choices"]] == [False, False, True]
    assert any("partial credit (50%) of 'à moitié' not kept" in n.message for n in result.notes)


def test_several_answers_with_weights_become_multiple_with_the_positive_ones_required() -> None:
    result = convert("Lesquels ? {~%50%un ~%50%deux ~%-100%trois####Un et deux.}")
    question = only(result)
    assert question["kind"] == "multiple"
    assert [c["correct"] for c in question["choices"]] == [True, True, False]


@pytest.mark.parametrize(
    ("gift", "prompt", "choice"),
    [
        (
            "[html]Le <b>hameçonnage</b> &amp; toi.<br>Vraiment ? {=oui ~non####Eh oui.}",
            "Le hameçonnage & toi.\nVraiment ?",
            "oui",
        ),
        (
            "[markdown]Le **hameçonnage** et [toi](https://x.ca) ? {=oui ~non####Eh oui.}",
            "Le hameçonnage et toi ?",
            "oui",
        ),
        ("[plain]Le <b>vrai</b> texte ? {=oui ~non####Eh oui.}", "Le <b>vrai</b> texte ?", "oui"),
        ("Question ? {=[html]<i>oui</i> ~[plain]non####Eh oui.}", "Question ?", "oui"),
    ],
)
def test_format_tags_never_reach_the_visitor_and_html_becomes_text(gift: str, prompt: str, choice: str) -> None:
    question = only(convert(gift))
    assert question["prompt"]["fr"] == prompt
    assert question["choices"][0]["text"]["fr"] == choice
    assert "[html]" not in str(question) and "[markdown]" not in str(question)


def test_a_line_break_in_the_source_keeps_the_words_apart() -> None:
    question = only(convert("Les caractères japonais viennent\nde quel pays ? {=Chine ~Inde####La Chine.}"))
    assert question["prompt"]["fr"] == "Les caractères japonais viennent\nde quel pays ?"
    html_question = only(convert("[html]Les caractères japonais viennent\nde quel pays ? {=Chine ~Inde####La Chine.}"))
    assert html_question["prompt"]["fr"] == "Les caractères japonais viennent de quel pays ?"


def test_a_windows_1252_file_is_refused_in_one_line_that_names_the_encoding(tmp_path: Path) -> None:
    source = tmp_path / "word.gift"
    source.write_bytes("Qu’est-ce qu’un témoin ? {=Un fichier ~Un virus}".encode("cp1252"))
    with pytest.raises(ContentError) as refused:
        read_gift(source)
    assert "\n" not in refused.value.text("fr")
    assert refused.value.values["guess"] == "cp1252"
    assert "cp1252" in refused.value.text("en")
    assert read_gift(source, "cp1252").startswith("Qu’est-ce")


def test_the_cli_refuses_a_windows_1252_file_without_a_traceback(tmp_path: Path, capsys) -> None:
    source = tmp_path / "word.gift"
    source.write_bytes("Qu’est-ce ? {=Un fichier ~Un virus####Oui.}".encode("cp1252"))
    output = tmp_path / "word.toml"
    assert main(["content", "import-gift", str(source), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert "--encoding cp1252" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["content", "import-gift", str(source), "-o", str(output), "--encoding", "cp1252"]) == 0


@pytest.mark.parametrize(("braces", "kind"), [("{T}", "truefalse"), ("{TRUE}", "truefalse"), ("{F}", "truefalse")])
def test_upper_case_true_false_is_true_false(braces: str, kind: str) -> None:
    assert only(convert(f"La Terre est ronde. {braces}"))["kind"] == kind


def test_lower_case_true_is_a_short_answer_as_in_moodle_and_is_not_converted() -> None:
    result = convert("La Terre est ronde. {true}")
    assert result.converted == 0
    assert result.notes[-1].message.startswith("short-answer question (typed answer) not converted")


def test_with_two_general_feedbacks_the_last_one_is_kept() -> None:
    question = only(convert("Question ? {=oui ~non####premier ####dernier}"))
    assert question["explanation"]["fr"] == "dernier"


@pytest.mark.parametrize("braces", ["{=Paris}", "{=Paris =paris}", "{=%50%Paris =Montréal}"])
def test_short_answer_questions_are_reported_never_turned_into_choices(braces: str) -> None:
    result = convert(f"Capitale de la France ? {braces}")
    assert (result.converted, result.skipped) == (0, 1)
    assert "short-answer question" in result.notes[-1].message


def test_an_empty_choice_is_left_out_and_noted() -> None:
    result = convert("Question ? {=oui ~non ~ #rien####Parce que.}")
    question = only(result)
    assert [c["text"]["fr"] for c in question["choices"]] == ["oui", "non"]
    assert any("1 empty answer(s) left out" in n.message for n in result.notes)


def test_an_import_never_writes_a_file_that_fails_the_check(tmp_path: Path, media_dir: Path) -> None:
    result = ImportResult(data={"id": "x", "version": 1, "questions": []}, converted=1)
    output = tmp_path / "x.toml"
    write_checked(result, output, "# test\n", media_dir)
    assert result.problems and not result.written and not output.exists()


def test_the_cli_exits_non_zero_when_the_converted_quiz_would_fail(tmp_path: Path, monkeypatch, capsys) -> None:
    import kiosk.content.conversion as conversion

    real = conversion.convert_gift

    def broken(*args, **kwargs):
        result = real(*args, **kwargs)
        result.data["questions"][0]["choices"][0]["correct"] = False  # no right answer left
        return result

    monkeypatch.setattr(conversion, "convert_gift", broken)
    output = tmp_path / "q.toml"
    assert main(["content", "import-gift", str(GIFT / "francais.gift"), "-o", str(output)]) == 1
    assert not output.exists()
    assert "no correct answer" in capsys.readouterr().out


# --- whole files -------------------------------------------------------------------------------------


def test_what_cannot_be_converted_is_listed_with_its_line() -> None:
    result = convert_gift((GIFT / "constructs.gift").read_text(encoding="utf-8"), "constructs")
    notes = [(n.where, n.message.split(":")[0]) for n in result.notes]
    assert notes == [
        ("11", "several-answer question"),
        ("20", "no general feedback (####)"),
        ("24", "matching question converted to an ordering question"),
        ("31", "matching question not converted (only positions 1…n become an ordering)"),
        ("45", "missing-word question"),
        ("45", "no general feedback (####)"),
        ("47", "no answer with a positive weight"),
        ("49", "short-answer question (typed answer) not converted"),
        ("51", "numerical question not converted"),
        ("53", "essay question not converted"),
        ("55", "description (no answer) not converted"),
    ]
    assert (result.converted, result.skipped) == (10, 5)


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
    assert wifi.choices[1].feedback is not None and wifi.choices[1].feedback.fr == f"Bravo{NNBSP}!"
    assert [c.text.fr for c in quiz.question("etapes").choices] == [
        "Lire l'adresse de l'expéditeur",
        "Vérifier le lien sans cliquer",
        "Signaler le message",
    ]
    assert quiz.question("mises-a-jour").explanation.fr == TODO_FR.replace(" :", f"{NBSP}:")  # type: ignore[union-attr]
    assert quiz.question("q8").prompt.fr == "Le hameçonnage & toi."
    assert quiz.question("q9").prompt.fr == "Un _____ sert à attraper les poissons... et les mots de passe."
    assert quiz.question("toutes").shuffle is False
    assert quiz.question("etapes").category == "Hameçonnage"
    assert quiz.questions[0].prompt.en.startswith(UNTRANSLATED)


def test_a_french_file_gets_french_spacing_and_no_break_spaces(tmp_path: Path, media_dir: Path) -> None:
    quiz = imported(tmp_path, "francais", media_dir)
    assert quiz.theme.value == "privacy"
    loi = quiz.question("loi-25-c-est-quoi")
    assert loi.prompt.fr == (
        f"Selon la Loi 25, que doit faire une organisation avant de recueillir tes renseignements{NBSP}: "
        f"«{NNBSP}personnels{NNBSP}» ou non{NNBSP}?"
    )
    assert loi.choices[0].feedback.fr == f"Exactement{NBSP}: c'est la transparence."  # type: ignore[union-attr]
    assert loi.explanation.fr == (  # type: ignore[union-attr]
        f"Source{NBSP}: Commission d'accès à l'information du Québec (https://www.cai.gouv.qc.ca)."
    )
    assert quiz.question("temoins").correct_ids() == {"true"}


def test_the_written_file_keeps_plain_spaces_and_the_translator_warning(tmp_path: Path) -> None:
    output = tmp_path / "francais.toml"
    import_gift_file(GIFT / "francais.gift", output)
    text = output.read_text(encoding="utf-8")
    assert "a translator must replace" in text
    assert tomllib.loads(text)["questions"][0]["category"] == "Vie privée"


def test_cli_import_gift_prints_notes_with_gift_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "constructs.toml"
    assert main(["content", "import-gift", str(GIFT / "constructs.gift"), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert f"{GIFT / 'constructs.gift'}:51: numerical question not converted" in out
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


def test_plain_text_of_each_format() -> None:
    assert plain_text(GiftText("a <b>b</b> &lt;c&gt;", "html")) == "a b <c>"
    assert plain_text(GiftText("**gras** et `code`", "markdown")) == "gras et code"
    assert plain_text(GiftText("ligne 1\nligne 2", "moodle")) == "ligne 1\nligne 2"

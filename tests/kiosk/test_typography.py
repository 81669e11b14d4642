"""French typography (kiosk.typography): which spaces become no-break ones, idempotence, English untouched."""

import pytest

from kiosk.typography import NARROW_NBSP, NBSP, french, french_issues, typeset, typeset_tree, with_colon

N, F = NBSP, NARROW_NBSP


@pytest.mark.parametrize(
    ("plain", "typeset_text"),
    [
        ("Qu'est-ce que c'est ?", f"Qu'est-ce que c'est{F}?"),
        ("Oui ! Et toi ; et lui", f"Oui{F}! Et toi{F}; et lui"),
        ("Loi 25 : vie privée", f"Loi 25{N}: vie privée"),
        ("« hypertrucage »", f"«{F}hypertrucage{F}»"),
        ("«hypertrucage»", f"«{F}hypertrucage{F}»"),
        ("Tel-jeunes : 1 800 263-2266", f"Tel-jeunes{N}: 1{N}800{N}263-2266"),
        ("texto 514 600-1002.", f"texto 514{N}600-1002."),
        ("dès 13 ans, au plus 2 heures", f"dès 13{N}ans, au plus 2{N}heures"),
        ("Payez 1,99 $ avant 23 h 59", f"Payez 1,99{N}$ avant 23{N}h{N}59"),
        ("80 000 élèves", f"80{N}000 élèves"),
        ("partagez !!!", f"partagez{F}!!!"),
        ("appelle le 9-8-8", "appelle le 9-8-8"),
        ("https://www.cai.gouv.qc.ca/a?b=1", "https://www.cai.gouv.qc.ca/a?b=1"),
    ],
)
def test_french_spaces(plain, typeset_text):
    assert french(plain) == typeset_text


@pytest.mark.parametrize(
    "text",
    [
        "Qu'est-ce que c'est ? « Oui » : 1 800 263-2266, 13 ans ; 80 000 !",
        f"Déjà{F}typé{N}: «{F}x{F}» 514{N}600-1002",
        "Rien à changer ici.",
    ],
)
def test_french_is_idempotent(text):
    once = french(text)
    assert french(once) == once


def test_english_is_never_changed():
    text = 'Really? Yes: "13 years", 1-800-263-2266; done!'
    assert typeset(text, "en") == text
    assert typeset("Vraiment ?", "fr") == f"Vraiment{F}?"


def test_colon_labels_follow_the_language():
    assert with_colon("Outils", "fr") == f"Outils{N}:"
    assert with_colon("Tools", "en") == "Tools:"


def test_a_content_tree_changes_only_its_french_side():
    data = {"title": {"fr": "Quoi ?", "en": "What ?"}, "tools": ["Linux", {"fr": "pare-feu :", "en": "x :"}], "n": 3}
    out = typeset_tree(data)
    assert out["title"] == {"fr": f"Quoi{F}?", "en": "What ?"}
    assert out["tools"] == ["Linux", {"fr": f"pare-feu{N}:", "en": "x :"}]
    assert out["n"] == 3
    assert data["title"]["fr"] == "Quoi ?"  # the input is left as it was


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Quoi? Vraiment!", 2),
        ("Note: rien", 1),
        ("«mot»", 1),
        ("Quoi ? « Oui » : 9:00, https://a.ca/x?y=1 et teljeunes.com", 0),
        ("partagez !!!", 0),
    ],
)
def test_issues_report_what_the_function_cannot_fix(text, count):
    assert len(french_issues(text)) == count

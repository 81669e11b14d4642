"""Every shipped quiz file, the media manifest and the career files pass ``kiosk content check``."""

from __future__ import annotations

import subprocess
import sys

from kiosk.content import bundled_root
from kiosk.content.check import check_content
from kiosk.content.loader import load_quizzes, quiz_paths
from kiosk.content.models import Theme


def test_every_shipped_quiz_file_and_the_media_manifest_pass_the_check() -> None:
    # Career files are checked by their own tests (kiosk.careers); here only quizzes and media.
    report = check_content(quiz_paths(bundled_root() / "quizzes"))
    assert [str(p) for p in report.problems] == []
    assert report.quiz_files, "no quiz file shipped yet"


def test_the_catalogue_loads_every_shipped_quiz() -> None:
    catalogue = load_quizzes()
    assert catalogue.refused == {}
    shipped = sorted((bundled_root() / "quizzes").glob("*.toml"))
    assert len(catalogue.quizzes) == len(shipped)


def test_every_theme_has_a_card_picture_with_a_licence() -> None:
    catalogue = load_quizzes()
    assert catalogue.media is not None
    for theme in Theme:
        item = catalogue.media.items[f"theme-{theme.value}"]
        assert item.licence == "CC0-1.0"
        assert catalogue.media.path_of(item.id).read_text(encoding="utf-8").startswith("<svg")


def test_the_content_layer_never_imports_qt() -> None:
    code = (
        "import sys, kiosk.content.check, kiosk.content.schema, kiosk.content.conversion, kiosk.content.kahoot, "
        "kiosk.commands.content; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_shipped_content_has_no_warning_fair_keys_typography_wording() -> None:
    report = check_content([bundled_root() / "quizzes"])
    assert [str(p) for p in report.problems] == []
    assert [f"{w.path.name}:{w.line}: {w.message}" for w in report.warnings] == []


def test_visitors_see_the_quizzes_and_the_facilitator_the_debate_polls() -> None:
    catalogue = load_quizzes()
    assert "pause-debat" not in {q.id for q in catalogue.visitor_quizzes}
    assert [q.id for q in catalogue.debate_quizzes] == ["pause-debat"]
    assert len(catalogue.visitor_quizzes) + len(catalogue.debate_quizzes) == len(catalogue.quizzes)


def test_picture_questions_show_real_pictures_with_one_file_per_language_when_they_have_words() -> None:
    catalogue = load_quizzes()
    assert catalogue.media is not None
    pictures = {q.media for quiz in catalogue.quizzes for q in quiz.questions if q.media}
    assert {"pic-sms-colis", "pic-fake-post", "pic-permission-contacts", "pic-fake-address-bar"} <= pictures
    for media_id in ("pic-sms-colis", "pic-fake-post", "pic-permission-contacts"):
        french, english = catalogue.media.path_of(media_id, "fr"), catalogue.media.path_of(media_id, "en")
        assert french != english and french.is_file() and english.is_file()
        assert catalogue.media.items[media_id].licence == "CC0-1.0"
    assert catalogue.media.path_of("pic-fake-address-bar", "en") == catalogue.media.path_of("pic-fake-address-bar")


def test_no_intro_counts_its_questions_and_french_texts_are_typeset_at_load() -> None:
    for quiz in load_quizzes().quizzes:
        assert " ?" not in quiz.intro.fr and " :" not in quiz.intro.fr, quiz.id
        for question in quiz.questions:
            assert " ?" not in question.prompt.fr, (quiz.id, question.id)

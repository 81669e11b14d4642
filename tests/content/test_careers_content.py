"""Validation of the shipped careers content and of broken careers files (pure, no Qt)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kiosk.careers import check_catalogue, check_file, load_careers
from kiosk.careers.models import RIASEC
from kiosk.content.problems import Problem
from kiosk.errors import ContentError

ROOT = Path(__file__).resolve().parents[2] / "quizzes" / "careers"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "careers"
SHIPPED = sorted(ROOT.rglob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_careers_file_is_valid(path: Path) -> None:
    assert check_file(path) == []


def test_the_whole_catalogue_is_valid_and_loads() -> None:
    assert check_catalogue(ROOT) == []
    catalogue = load_careers(ROOT)
    assert 24 <= len(catalogue.deck.cards) <= 36
    counts = Counter(card.type for card in catalogue.deck.cards)
    assert all(abs(counts[t] - len(catalogue.deck.cards) / 6) <= 1 for t in RIASEC)
    assert len(catalogue.jobs) >= 30
    ids = {job.id for job in catalogue.jobs}
    assert all(set(job.related) <= ids for job in catalogue.jobs)


def test_every_type_has_jobs_to_browse() -> None:
    catalogue = load_careers(ROOT)
    for letter in RIASEC:
        assert len(catalogue.jobs_by_type(letter)) >= 3, letter


def test_jobs_name_real_next_steps_and_sourced_figures() -> None:
    catalogue = load_careers(ROOT)
    for job in catalogue.jobs:
        assert all(f.source and f.year for f in job.figures)
        assert len(set(job.code)) == len(job.code)


def test_non_toml_files_are_skipped() -> None:
    assert check_file(ROOT / "README.md") == []


def messages(path: Path) -> list[tuple[int, str]]:
    problems = check_file(path)
    assert all(isinstance(p, Problem) and p.path == path for p in problems)
    return [(p.line, p.message) for p in problems]


def has(found: list[tuple[int, str]], line: int, fragment: str) -> bool:
    return any(ln == line and fragment in msg for ln, msg in found)


def test_toml_syntax_error_carries_its_line() -> None:
    found = messages(FIXTURES / "broken_syntax.toml")
    assert len(found) == 1 and has(found, 3, "TOML syntax error")


def test_missing_kind() -> None:
    assert has(messages(FIXTURES / "no_kind.toml"), 0, "kind must be one of")


def test_broken_cards_file() -> None:
    found = messages(FIXTURES / "broken_cards.toml")
    assert has(found, 0, "3 cards; the questionnaire needs 24 to 36")
    assert has(found, 0, "type R has 2 card(s)")
    assert has(found, 49, "duplicate card id 'r-reparer'")


def test_broken_job_file() -> None:
    found = messages(FIXTURES / "jobs" / "broken-job.toml")
    assert has(found, 2, "must equal the file name 'broken-job'")
    assert has(found, 3, "code: String should match pattern")
    assert has(found, 6, "tasks: Tuple should have at least 3 items")
    assert has(found, 11, "unknown related job 'ghost-job'")
    assert has(found, 14, "salary: Extra inputs are not permitted")
    assert has(found, 21, "paths.1: Value error, give exactly one typical duration")
    assert has(found, 0, "myth: Field required")
    assert not any("valid-job" in msg for _, msg in found)


def test_valid_fixture_job_passes() -> None:
    assert messages(FIXTURES / "jobs" / "valid-job.toml") == []


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('type = "R"', 'type = "X"', "cards.0.type: Input should be 'R'"),
        ("level = 4", "level = 5", "scale.4.level"),
        ('id = "i-entrainer-ia"', 'id = "r-reparer-portable"', "duplicate card id"),
        ('name = { fr = "Social"', 'nom = { fr = "Social"', "types.S.nom: Extra inputs"),
    ],
)
def test_mutated_shipped_cards(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    """A one-line mistake in a copy of the real cards.toml is reported on that line."""
    text = (ROOT / "cards.toml").read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path = tmp_path / "cards.toml"
    path.write_text(broken, encoding="utf-8")
    expected_line = text[: text.index(old)].count("\n") + 1
    found = messages(path)
    assert has(found, expected_line, fragment), found


def test_catalogue_with_too_few_jobs(tmp_path: Path) -> None:
    (tmp_path / "cards.toml").write_bytes((ROOT / "cards.toml").read_bytes())
    found = messages(tmp_path / "cards.toml")
    assert found == [(0, "the catalogue has 0 job file(s) in jobs/; at least 30 are needed")]
    with pytest.raises(ContentError, match="at least 30"):
        load_careers(tmp_path)


def test_loading_a_broken_folder_names_file_and_line() -> None:
    with pytest.raises(ContentError, match=r"broken_syntax\.toml:3: TOML syntax error"):
        load_careers(FIXTURES)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_take_away_text_fits_even_with_the_longest_titles(lang: str) -> None:
    """takeaway_text raises past MAX_BYTES: the five longest titles must still fit."""
    from kiosk.careers.takeaway import MAX_BYTES

    catalogue = load_careers(ROOT)
    longest = sorted((len(j.title.get(lang).encode()) + len("n. \n") for j in catalogue.jobs), reverse=True)
    fixed = sum(len(t.get(lang).encode()) + 1 for t in (catalogue.deck.takeaway.header, catalogue.deck.takeaway.footer))
    assert fixed + len("RIASEC : IAR\n") + sum(longest[:5]) <= MAX_BYTES


def test_tools_are_given_per_language() -> None:
    catalogue = load_careers(ROOT)
    cyber = catalogue.job("analyste-cybersecurite")
    assert "pare-feu" in cyber.tools_in("fr") and "firewall" in cyber.tools_in("en")
    assert "firewall" not in cyber.tools_in("fr") and "Linux" in cyber.tools_in("en")
    for job in catalogue.jobs:
        for lang in ("fr", "en"):
            assert not any(" / " in tool for tool in job.tools_in(lang)), (job.id, lang)


def test_job_codes_can_be_named_in_words() -> None:
    catalogue = load_careers(ROOT)
    assert catalogue.type_names("IRC", "fr") == ("Investigateur", "Réaliste", "Conventionnel")
    assert catalogue.type_names("IRC", "en") == ("Investigative", "Realistic", "Conventional")


def test_video_game_cards_are_one_per_type_so_gamers_do_not_score_higher_on_some_types() -> None:
    import re

    deck = load_careers(ROOT).deck
    games = Counter(
        card.type
        for card in deck.cards
        if re.search(r"\bjeux?\b", card.text.fr) or re.search(r"\bgames?\b", card.text.en, re.IGNORECASE)
    )
    assert all(games[letter] <= 1 for letter in RIASEC), games
    assert len(set(games.values())) <= 1 and (not games or set(games) == set(RIASEC)), games


def test_careers_french_follows_the_oqlf_and_the_intro_does_not_repeat_the_screen_title() -> None:
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert "·" not in text, path.name
    deck = load_careers(ROOT).deck
    assert not deck.intro.fr.startswith("Ce n'est pas un test")


def test_engineer_cards_say_the_title_is_reserved() -> None:
    catalogue = load_careers(ROOT)
    for job_id in ("ingenieur-informatique", "ingenieur-logiciel"):
        notes = [p.note.fr for p in catalogue.job(job_id).paths if p.note]
        assert any("Ordre des ingénieurs du Québec" in note for note in notes), job_id

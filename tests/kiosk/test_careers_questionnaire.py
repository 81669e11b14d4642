"""The questionnaire flow, its event payloads (aggregates only) and the take-away QR code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.careers import events
from kiosk.careers.loader import load_careers
from kiosk.careers.models import CareerCatalogue
from kiosk.careers.questionnaire import Questionnaire
from kiosk.careers.takeaway import MAX_BYTES, qr_image, takeaway_text
from kiosk.log.events import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[2] / "quizzes" / "careers"


@pytest.fixture(scope="module")
def catalogue() -> CareerCatalogue:
    return load_careers(ROOT)


def answer_all(q: Questionnaire, level_for_type: dict[str, int | None]) -> None:
    while q.current is not None:
        q.answer(q.current.id, level_for_type.get(q.current.type))


def test_fixed_order_is_the_file_order(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck)
    assert q.cards == catalogue.deck.cards
    assert q.current == catalogue.deck.cards[0]
    assert (q.position, q.progress, q.total, q.is_complete) == (0, 0, len(catalogue.deck.cards), False)


def test_seeded_shuffle_is_reproducible(catalogue: CareerCatalogue) -> None:
    a, b = Questionnaire(catalogue.deck, seed=7), Questionnaire(catalogue.deck, seed=7)
    assert a.cards == b.cards
    assert sorted(c.id for c in a.cards) == sorted(c.id for c in catalogue.deck.cards)
    assert a.cards != Questionnaire(catalogue.deck, seed=8).cards


def test_answer_skip_back_and_progress(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck)
    first, second = q.cards[0], q.cards[1]
    q.answer(first.id, 4)
    assert q.current == second and q.progress == 1
    q.skip(second.id)
    assert q.progress == 2 and q.responses[second.id] is None
    assert q.back() == second
    q.answer(second.id, 1)  # a changed mind replaces the skip
    assert q.progress == 2 and q.responses[second.id] == 1 and q.position == 2
    with pytest.raises(KeyError):
        q.answer("no-such-card", 2)
    with pytest.raises(ValueError):
        q.answer(first.id, 7)


def test_driven_to_a_result(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck, seed=1)
    answer_all(q, {"I": 4, "A": 3, "R": 2, "S": 1, "E": 0, "C": 0})
    assert q.is_complete and q.current is None
    result = q.result(catalogue.jobs)
    assert result.code == "IAR"
    assert result.scores["I"] == 1.0 and result.scores["E"] == 0.0
    assert len(result.matches) == len(catalogue.jobs)
    # I = 1, A = 0.75, R = 0.5: a job coded AIR agrees best, (3·0.75 + 2·1 + 1·0.5) / 6,
    # above an IAC job, (3·1 + 2·0.75 + 0) / 6 = 0.75.
    best = catalogue.job(result.top_jobs(1)[0])
    assert best.code == "AIR"
    assert result.matches[0].agreement == pytest.approx(4.75 / 6)
    assert 4 <= len(result.top_jobs()) <= 6


def test_all_skipped_result_has_no_matches(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck)
    answer_all(q, {})
    result = q.result(catalogue.jobs)
    assert (result.code, result.message_key, result.matches) == ("", "no_answers", ())
    assert catalogue.deck.messages[result.message_key].fr


def test_a_visit_returns_its_events_with_aggregates_only(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck)
    version = catalogue.deck.version
    assert q.abandon() == []  # not started: nothing to abandon
    (start,) = q.start()
    assert (start.type, start.payload) == ("career_started", {"cards_version": version})
    assert (start.content_id, start.content_version) == ("careers", str(version))
    assert q.start() == []  # once
    for card in q.cards[:5]:
        q.answer(card.id, 3)
    q.skip(q.cards[5].id)
    assert q.in_progress
    answer_all(q, {"S": 4})
    (done,) = q.finish(catalogue.jobs)
    result = q.outcome
    assert result is not None and result == q.result(catalogue.jobs)
    skipped = sum(level is None for level in q.responses.values())
    assert done.type == "career_completed"
    assert done.payload == {"code": result.code, "answered": q.total - skipped, "skipped": skipped}
    assert q.finish(catalogue.jobs) == [] and q.abandon() == []  # finished: leaving is not abandoning
    opened = events.job_opened(version, result.top_jobs(1)[0])
    assert opened.payload == {"job_id": result.top_jobs(1)[0]}
    card_ids = {c.id for c in q.cards}
    for event in (start, done, opened):
        assert event.type in EVENT_TYPES and event.visitor is None  # the flow stamps the visitor
        dumped = json.dumps(event.payload)
        assert not any(card_id in dumped for card_id in card_ids)


def test_leaving_mid_questionnaire_logs_the_progress_once(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck)
    q.start()
    for card in q.cards[:5]:
        q.answer(card.id, 3)
    q.skip(q.cards[5].id)
    (gone,) = q.abandon()
    assert (gone.type, gone.payload) == ("career_abandoned", {"answered": 6})
    assert q.abandon() == [] and not q.in_progress


def test_the_career_module_has_no_table_of_event_types_of_its_own() -> None:
    assert not hasattr(events, "EVENT_TYPES")  # one table: kiosk.log.events.EVENT_TYPES


def decode(image: np.ndarray) -> str:
    big = cv2.resize(image, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
    big = cv2.copyMakeBorder(big, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(big)
    return text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_takeaway_qr_decodes_to_the_exact_text(catalogue: CareerCatalogue, lang: str) -> None:
    q = Questionnaire(catalogue.deck)
    answer_all(q, {"A": 4, "S": 3, "E": 2, "R": 1})
    result = q.result(catalogue.jobs)
    text = takeaway_text(result, catalogue, lang=lang)
    lines = text.splitlines()
    assert lines[0] == catalogue.deck.takeaway.header.get(lang)
    assert lines[1] == "RIASEC : ASE"
    assert lines[2] == f"1. {catalogue.job(result.top_jobs(1)[0]).title.get(lang)}"
    assert lines[-1] == catalogue.deck.takeaway.footer.get(lang)
    assert len(lines) == 2 + 5 + 1 and len(text.encode()) <= MAX_BYTES
    image = qr_image(text)
    assert image.dtype == np.uint8 and image.ndim == 2 and image.shape[0] == image.shape[1]
    assert set(np.unique(image)) == {0, 255}
    assert (image[:4] == 255).all()  # the quiet zone
    assert decode(image) == text


def test_takeaway_without_code(catalogue: CareerCatalogue) -> None:
    q = Questionnaire(catalogue.deck)
    text = takeaway_text(q.result(catalogue.jobs), catalogue, lang="en")
    assert "RIASEC : —" in text and "1." not in text
    assert decode(qr_image(text)) == text


def test_qr_refuses_overlong_text() -> None:
    with pytest.raises(ValueError):
        qr_image("x" * (MAX_BYTES + 1))


def test_the_pure_package_never_imports_qt() -> None:
    code = (
        "import sys, kiosk.careers; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken6'))]; "
        "sys.exit(repr(bad) if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr

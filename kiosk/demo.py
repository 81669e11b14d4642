"""A realistic café session played through the real logging code (demos, HQ development, crash tests).

Deterministic for a seed: the same seed gives the same visitors, choices and payloads (event ids stay
random: they come from the log itself). Each visitor action is one transaction, exactly as on the kiosk.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.cafe import AUDIENCES, REGIONS, VENUE_TYPES, CafeSession
from kiosk.log.events import NewEvent
from kiosk.stations import station_group

if TYPE_CHECKING:  # the synthetic catalogue needs no content models: a demo writer starts faster
    from kiosk.content.models import Quiz

CODES = "RIASEC"
JOB_IDS = (
    "developpeur-jeux-video",
    "analyste-cybersecurite",
    "technicien-soutien",
    "designer-ux",
    "scientifique-donnees",
    "animateur-communaute",
    "modeleur-3d",
    "specialiste-ia",
)
DOME_MEDIA = ("demo-dome-grid", "demo-dome-sky")
VENUE_NAMES = {
    "school": "École secondaire {n}",
    "library": "Bibliothèque {n}",
    "museum": "Musée {n}",
    "festival": "Festival {n}",
    "company": "Entreprise {n}",
}


@dataclass(frozen=True)
class DemoQuestion:
    question_id: str
    kind: str
    choice_ids: tuple[str, ...]
    correct_ids: tuple[str, ...]  # empty for polls


@dataclass(frozen=True)
class DemoQuiz:
    quiz_id: str
    version: int
    theme: str
    questions: tuple[DemoQuestion, ...]


def synthetic_catalogue() -> list[DemoQuiz]:
    """A small stand-in catalogue, used when no quiz content is given (tests of the log itself)."""
    quizzes = []
    for theme in ("privacy", "cybersecurity", "ai", "disinformation"):
        questions = tuple(
            DemoQuestion(f"q{i}", "single", ("a", "b", "c", "d"), ("abcd"[(i * 3) % 4],)) for i in range(1, 9)
        )
        quizzes.append(DemoQuiz(f"demo-{theme}", 1, theme, questions))
    return quizzes


def catalogue_from_quizzes(quizzes: Iterable[Quiz]) -> list[DemoQuiz]:
    """The real quizzes as a demo catalogue (debate-only files are left to the facilitator)."""
    catalogue = []
    for quiz in quizzes:
        if quiz.theme == "debate":
            continue
        questions = tuple(
            DemoQuestion(
                q.id, q.kind.value, tuple(c.id for c in q.choices), tuple(c.id for c in q.choices if c.correct)
            )
            for q in quiz.questions
            if q.kind.value not in ("ordering", "poll")
        )
        catalogue.append(DemoQuiz(quiz.id, quiz.version, quiz.theme.value, questions))
    return catalogue


@dataclass
class DemoTruth:
    """Ground truth of what the generator played, to compare with HQ reports."""

    session_id: str = ""
    region: str = ""
    venue_type: str = ""
    kiosk_visitors: int = 0
    station_visitors: dict[str, int] = field(default_factory=dict)
    quiz_answers: int = 0
    correct_answers: int = 0
    quizzes_completed: int = 0
    careers_completed: int = 0
    dome_shows: int = 0
    vr_views: int = 0
    vr_seconds: int = 0


class DemoSession:
    """Plays one café session of ``visitors`` visitors; yields one list of events per user action."""

    def __init__(
        self,
        *,
        visitors: int,
        seed: int,
        catalogue: Sequence[DemoQuiz],
        stations: Sequence[str] = ("Robot humanoïde", "Pilotage de drone"),
    ) -> None:
        self.rng = random.Random(seed)
        self.visitors = visitors
        self.catalogue = list(catalogue)
        self.stations = list(stations)
        self.truth = DemoTruth()

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def actions(self) -> Iterator[list[NewEvent]]:
        """Every user action of the session, in order, each a list of events for one transaction."""
        rng = self.rng
        venue = rng.choice(VENUE_TYPES)
        session = CafeSession.new(
            venue_type=venue,
            venue_name=VENUE_NAMES[venue].format(n=rng.randint(1, 40)),
            region=rng.choice(sorted(REGIONS)),
            audience=rng.choice(AUDIENCES),
            expected_size=min(max(1, self.visitors), 2000),
            session_id=self._uuid(),
        )
        self.truth.session_id, self.truth.region, self.truth.venue_type = session.session_id, session.region, venue
        yield [session.started_event("Kiosque démo")]
        for index in range(self.visitors):
            yield from self._visitor(session)
            if self.stations and index % 10 == 9:
                station = rng.choice(self.stations)
                count = rng.randint(3, 12)
                self.truth.station_visitors[station] = self.truth.station_visitors.get(station, 0) + count
                yield [station_group(session.session_id, station, count)]
        yield [session.ended_event()]

    def _visitor(self, session: CafeSession) -> Iterator[list[NewEvent]]:
        rng = self.rng
        token = self._uuid()
        self.truth.kiosk_visitors += 1
        language = "fr" if rng.random() < 0.8 else "en"

        def event(kind: str, payload: dict, **extra: str | None) -> NewEvent:
            return NewEvent(kind, payload, session_id=session.session_id, visitor=token, **extra)

        yield [event("visitor_started", {"language": language})]
        activity = rng.choices(("quiz", "careers", "dome"), weights=(6, 3, 1))[0]
        yield [event("activity_opened", {"activity": activity})]
        if activity == "quiz" and self.catalogue:
            yield from self._quiz(event, rng.choice(self.catalogue))
        elif activity == "careers":
            yield [event("career_started", {"cards_version": 1})]
            code = "".join(rng.sample(CODES, 3))
            yield [event("career_completed", {"code": code, "answered": 30, "skipped": 0})]
            self.truth.careers_completed += 1
            for job in rng.sample(JOB_IDS, 2):
                yield [event("career_job_opened", {"job_id": job})]
        elif rng.random() < 0.5:  # a show in the dome
            media = rng.choice(DOME_MEDIA)
            yield [event("dome_show_started", {"media_id": media, "target": "dome"})]
            yield [event("dome_show_ended", {"media_id": media, "target": "dome", "seconds": rng.randint(30, 300)})]
            self.truth.dome_shows += 1
        else:  # a 360° view on the VR station's viewer
            media, seconds = rng.choice(DOME_MEDIA), rng.randint(5, 120)
            yield [event("vr_view_started", {"media_id": media, "target": "viewer"})]
            yield [event("vr_view_ended", {"media_id": media, "target": "viewer", "seconds": seconds})]
            self.truth.vr_views += 1
            self.truth.vr_seconds += seconds
        yield [event("idle_reset", {"screen": "home"})]

    def _quiz(self, event: Callable[..., NewEvent], quiz: DemoQuiz) -> Iterator[list[NewEvent]]:
        rng = self.rng
        ids = {"content_id": quiz.quiz_id, "content_version": str(quiz.version)}
        base = {"quiz_id": quiz.quiz_id, "quiz_version": quiz.version}
        yield [event("quiz_started", {**base, "theme": quiz.theme}, **ids)]
        stop_after = len(quiz.questions) if rng.random() < 0.8 else rng.randint(1, len(quiz.questions))
        score = 0
        for question in quiz.questions[:stop_after]:
            if question.correct_ids and rng.random() < 0.65:
                chosen = list(question.correct_ids)
            else:
                chosen = [rng.choice(question.choice_ids)]
            correct = bool(question.correct_ids) and sorted(chosen) == sorted(question.correct_ids)
            score += correct
            self.truth.quiz_answers += 1
            self.truth.correct_answers += correct
            yield [
                event(
                    "quiz_answered",
                    {
                        **base,
                        "question_id": question.question_id,
                        "kind": question.kind,
                        "choice_ids": chosen,
                        "correct": correct,
                        "time_ms": rng.randint(3000, 25000),
                    },
                    **ids,
                )
            ]
        if stop_after == len(quiz.questions):
            self.truth.quizzes_completed += 1
            yield [
                event(
                    "quiz_completed",
                    {**base, "score": score, "total": len(quiz.questions), "time_ms": rng.randint(60000, 240000)},
                    **ids,
                )
            ]
        else:
            yield [event("quiz_abandoned", {**base, "answered": stop_after}, **ids)]

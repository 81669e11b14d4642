"""The pause-débat's room vote on one poll: rounds, votes and reveals as events (pure, no Qt).

The facilitator picks a poll of a debate file and starts round 1 (« Lancer le vote »): the kiosk goes to
the room, each tap is one ``poll_vote`` of that round, and the result stays hidden. Back behind the PIN
the round is closed; « Révéler » shows it. After the discussion, round 2 (« Revoter ») runs the same way
and the chart shows before and after. Every step is a ``debate_round`` event ``{"quiz_id",
"question_id", "round", "action"}`` with ``action`` one of :data:`DEBATE_ACTIONS`; nothing is edited.

:class:`Debate` is the activity core (it returns the events of each step); :class:`DebateState` is what
the log says about one poll, replayed by :func:`kiosk.figures.debate.debate_state`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.content.models import Question, Quiz
from kiosk.log.events import NewEvent

DEBATE_ACTIONS = ("start", "close", "reveal")  # payload "action" of debate_round events
ROUNDS = (1, 2)  # before and after the discussion


@dataclass(frozen=True)
class DebateState:
    """The votes of one poll in the debate: per round, choice id -> votes; and what was revealed."""

    rounds: dict[int, dict[str, int]] = field(default_factory=dict)
    revealed: frozenset[int] = frozenset()  # rounds whose result the facilitator revealed
    open_round: int | None = None  # the round currently taking votes, if any

    def votes(self, round_: int) -> int:
        return sum(self.rounds.get(round_, {}).values())

    @property
    def hidden(self) -> tuple[int, ...]:
        """Rounds with a result not revealed yet, in order."""
        return tuple(r for r in sorted(self.rounds) if r not in self.revealed)


class Debate:
    """The room's vote on ``question`` (a poll of ``quiz``): one open round at a time.

    ``start(round_)`` → ``vote(choice_id)`` × n → ``close()`` → ``reveal(state)``; each returns its events.
    """

    def __init__(self, quiz: Quiz, question: Question) -> None:
        self.quiz = quiz
        self.question = question
        self.round: int | None = None
        """The round taking votes, or ``None``."""
        self.votes = 0
        """Votes of the open round (what the vote screen shows; never which choice)."""

    @property
    def voting(self) -> bool:
        return self.round is not None

    def start(self, round_: int) -> list[NewEvent]:
        """Open round ``round_`` (1 before the discussion, 2 after); an open round closes first."""
        if round_ not in ROUNDS:
            raise ValueError(f"round must be one of {ROUNDS}, not {round_!r}")
        events = self.close()
        self.round, self.votes = round_, 0
        return [*events, self._round_event(round_, "start")]

    def vote(self, choice_id: str) -> list[NewEvent]:
        """One tap of the room on ``choice_id``: a ``poll_vote`` of the open round."""
        if self.round is None:
            raise ValueError("no round is open")
        if choice_id not in {c.id for c in self.question.choices}:
            raise ValueError(f"{choice_id!r} is not a choice of {self.question.id!r}")
        self.votes += 1
        payload = {
            "quiz_id": self.quiz.id,
            "quiz_version": self.quiz.version,
            "question_id": self.question.id,
            "choice_id": choice_id,
            "round": self.round,
        }
        return [self._event("poll_vote", payload)]

    def close(self) -> list[NewEvent]:
        """The vote ends (back behind the PIN, or the kiosk was reset): ``close`` of the open round, if any."""
        if self.round is None:
            return []
        round_, self.round = self.round, None
        return [self._round_event(round_, "close")]

    def reveal(self, state: DebateState) -> list[NewEvent]:
        """« Révéler »: show the latest round whose result is still hidden (``[]`` when none is)."""
        hidden = state.hidden
        return [self._round_event(hidden[-1], "reveal")] if hidden else []

    def _round_event(self, round_: int, action: str) -> NewEvent:
        payload = {"quiz_id": self.quiz.id, "question_id": self.question.id, "round": round_, "action": action}
        return self._event("debate_round", payload)

    def _event(self, kind: str, payload: dict) -> NewEvent:
        return NewEvent(kind, payload, content_id=self.quiz.id, content_version=str(self.quiz.version))

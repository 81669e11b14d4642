"""The visitor flow: attract → home → an activity → … → (idle) → attract, as a pure state machine.

No Qt and no real clock: the UI forwards touches and a periodic :meth:`VisitorFlow.tick`, and sends the
events each transition returns to the log. A visitor is an anonymous random token, created when the
attract screen is touched and forgotten at the idle reset (their logged events stay).

Idle rule: after ``idle_timeout_s`` without a touch, a « Toujours là ? » countdown of ``countdown_s``
seconds starts; a touch cancels it; at its end the flow resets to the attract screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kiosk.log.clock import Clock
from kiosk.log.events import NewEvent

ACTIVITIES: tuple[str, ...] = ("quiz", "careers", "dome")  # the home screen's visitor activities, in order


class Screen(Enum):
    ATTRACT = "attract"
    HOME = "home"
    QUIZ = "quiz"
    CAREERS = "careers"
    DOME = "dome"
    FACILITATOR = "facilitator"


class IdlePhase(Enum):
    ACTIVE = "active"
    WARNING = "warning"  # the « Toujours là ? » countdown is showing
    EXPIRED = "expired"


@dataclass(frozen=True)
class IdleStatus:
    phase: IdlePhase
    seconds_left: float = 0.0  # of the countdown, during WARNING


class IdleTimer:
    """Time since the last touch, on an injected monotonic clock (seconds)."""

    def __init__(self, clock: Clock, timeout_s: float, countdown_s: float) -> None:
        self.clock = clock
        self.timeout_s = timeout_s
        self.countdown_s = countdown_s
        self._last = clock.monotonic()

    def touch(self) -> None:
        self._last = self.clock.monotonic()

    def status(self) -> IdleStatus:
        idle = self.clock.monotonic() - self._last
        if idle < self.timeout_s:
            return IdleStatus(IdlePhase.ACTIVE)
        left = self.timeout_s + self.countdown_s - idle
        if left > 0:
            return IdleStatus(IdlePhase.WARNING, left)
        return IdleStatus(IdlePhase.EXPIRED)


class VisitorFlow:
    """Where the kiosk is, which language it speaks and which anonymous visitor is in front of it."""

    def __init__(
        self,
        clock: Clock,
        *,
        idle_timeout_s: float = 60,
        countdown_s: float = 15,
        default_language: str = "fr",
        station: str | None = None,
        new_token: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.clock = clock
        self.idle = IdleTimer(clock, idle_timeout_s, countdown_s)
        self.default_language = default_language
        self.language = default_language
        self.station = station
        self.session_id: str | None = None
        self.screen = Screen.ATTRACT
        self.visitor: str | None = None
        self._new_token = new_token

    def event(
        self, kind: str, payload: dict, *, content_id: str | None = None, content_version: str | None = None
    ) -> NewEvent:
        """An event of the current visitor, session and station (activities use this to log)."""
        return NewEvent(
            kind,
            payload,
            session_id=self.session_id,
            station=self.station,
            visitor=self.visitor,
            content_id=content_id,
            content_version=content_version,
        )

    def touch(self) -> None:
        """Any touch or key press on a visitor screen."""
        self.idle.touch()

    def start_visit(self) -> list[NewEvent]:
        """The attract screen was touched: a new anonymous visitor arrives at the home screen."""
        self.touch()
        self.visitor = self._new_token()
        self.screen = Screen.HOME
        return [self.event("visitor_started", {"language": self.language})]

    def open_activity(self, activity: str) -> list[NewEvent]:
        if activity not in ACTIVITIES:
            raise ValueError(f"unknown activity {activity!r}")
        self.touch()
        self.screen = Screen(activity)
        return [self.event("activity_opened", {"activity": activity})]

    def go_home(self) -> list[NewEvent]:
        self.touch()
        self.screen = Screen.HOME
        return []

    def set_language(self, language: str) -> list[NewEvent]:
        if language not in ("fr", "en"):
            raise ValueError(f"unknown language {language!r}")
        self.touch()
        if language == self.language:
            return []
        self.language = language
        return [self.event("language_changed", {"language": language})] if self.visitor else []

    def open_facilitator(self) -> list[NewEvent]:
        """The PIN was accepted: the facilitator panel replaces the visitor screens (no idle reset)."""
        self.screen = Screen.FACILITATOR
        return []

    def close_facilitator(self) -> list[NewEvent]:
        return self.reset(reason="facilitator")

    def tick(self) -> IdleStatus:
        """Called periodically (e.g. every 250 ms); returns the idle phase of a visitor screen."""
        if self.screen in (Screen.ATTRACT, Screen.FACILITATOR):
            return IdleStatus(IdlePhase.ACTIVE)
        return self.idle.status()

    def reset(self, reason: str = "idle") -> list[NewEvent]:
        """Back to the attract screen in the default language; the visitor token is forgotten."""
        events = [self.event("idle_reset", {"screen": self.screen.value})] if self.visitor else []
        self.visitor = None
        self.language = self.default_language
        self.screen = Screen.ATTRACT
        self.idle.touch()
        return events

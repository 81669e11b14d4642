"""Where the kiosk is: the visitor flow, the café session and the facilitator's unlock, as a pure state machine.

No Qt and no real clock: the UI forwards touches and a periodic :meth:`VisitorFlow.tick`, and hands the
events each transition returns to the log. Three things live here and nowhere else:

* **The visitor**: an anonymous random token, created when the attract screen is touched and forgotten at
  the reset (their logged events stay).
* **The café session** opened by the facilitator (:meth:`VisitorFlow.open_session` /
  :meth:`VisitorFlow.close_session`; a session left open before a restart is given to the constructor).
* **The stamp** of every event: :meth:`VisitorFlow.stamp` fills the session, station and visitor that an
  activity core leaves empty, so cores and screens never copy the token or the session id.

Screens: attract → home → an activity → … → (idle) → attract for visitors; the facilitator side is
``FACILITATOR`` (its pages — panel, pause-débat, class hexagon… — are the UI's business) and ``VOTE``
(the room votes on the kiosk during a pause-débat). Rules:

* **Idle (visitor screens).** After ``idle_timeout_s`` without a touch a « Toujours là ? » countdown of
  ``countdown_s`` seconds starts; a touch cancels it; at its end the flow resets to the attract screen.
* **Idle (facilitator side and PIN pad).** The same countdown after ``facilitator_idle_s`` (default 120 s):
  a panel or a PIN pad left open on a student kiosk does not stay open.
* **The PIN.** Facilitator pages open only with a *valid unlock*: :meth:`unlock` after the right PIN, valid
  until the facilitator leaves, hands the kiosk to the room (:meth:`open_vote`), or the facilitator idle
  delay runs out. The vote screen never times out (the room is voting) and leaving it needs the PIN again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from kiosk.cafe import CafeSession
from kiosk.log.clock import Clock
from kiosk.log.events import NewEvent

ACTIVITIES: tuple[str, ...] = ("quiz", "careers", "dome")  # the home screen's visitor activities, in order
FACILITATOR_IDLE_S = 120


class Screen(Enum):
    ATTRACT = "attract"
    HOME = "home"
    QUIZ = "quiz"
    CAREERS = "careers"
    DOME = "dome"
    FACILITATOR = "facilitator"  # behind the PIN: any facilitator page
    VOTE = "vote"  # the room votes on the kiosk (pause-débat); the facilitator side is locked


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


ACTIVE = IdleStatus(IdlePhase.ACTIVE)


class VisitorFlow:
    """Where the kiosk is, which language it speaks, which visitor is in front of it, which session is open."""

    def __init__(
        self,
        clock: Clock,
        *,
        idle_timeout_s: float = 60,
        countdown_s: float = 15,
        facilitator_idle_s: float = FACILITATOR_IDLE_S,
        default_language: str = "fr",
        station: str | None = None,
        session: CafeSession | None = None,
        new_token: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.clock = clock
        self.idle = IdleTimer(clock, idle_timeout_s, countdown_s)
        self.facilitator_idle = IdleTimer(clock, facilitator_idle_s, countdown_s)
        self.default_language = default_language
        self.language = default_language
        self.station = station
        self.screen = Screen.ATTRACT
        self.visitor: str | None = None
        self.pin_open = False  # the PIN pad is over the current screen
        self._session = session  # a session left open before a restart goes on
        self._unlocked = False
        self._new_token = new_token

    # --- events ------------------------------------------------------------------------------
    @property
    def session(self) -> CafeSession | None:
        """The open café session (``None`` when none is open)."""
        return self._session

    @property
    def session_id(self) -> str | None:
        return self._session.session_id if self._session else None

    def stamp(self, events: Iterable[NewEvent]) -> list[NewEvent]:
        """``events`` as the log should keep them: what an event leaves empty (session, station, visitor) is
        filled from the flow. An event that names its own session or visitor keeps it (e.g. the
        ``idle_reset`` of a visitor the flow has just forgotten, or a correction of an earlier session)."""
        stamped = []
        for event in events:
            now: dict[str, Any] = {"session_id": self.session_id, "station": self.station, "visitor": self.visitor}
            fill = {name: value for name, value in now.items() if getattr(event, name) is None and value is not None}
            stamped.append(replace(event, **fill) if fill else event)
        return stamped

    def event(
        self, kind: str, payload: dict, *, content_id: str | None = None, content_version: str | None = None
    ) -> NewEvent:
        """An event of the current visitor, session and station (stamped now)."""
        return self.stamp([NewEvent(kind, payload, content_id=content_id, content_version=content_version)])[0]

    # --- the visitor -------------------------------------------------------------------------
    def touch(self) -> None:
        """Any touch or key press, on any screen. A lapsed unlock stays lapsed: a touch never revives it."""
        if self._unlocked and self.facilitator_idle.status().phase is IdlePhase.EXPIRED:
            self._unlocked = False
        self.idle.touch()
        self.facilitator_idle.touch()

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

    def reset(self, reason: str = "idle") -> list[NewEvent]:
        """Back to the attract screen in the default language, locked; the visitor token is forgotten.

        ``reason`` (``idle``, ``facilitator``, ``error``) is for the caller's log lines: the event keeps only
        the screen the visitor was on.
        """
        events = self._forget_visitor()
        self.screen = Screen.ATTRACT
        self.pin_open = False
        self._unlocked = False
        self.touch()
        return events

    def _forget_visitor(self) -> list[NewEvent]:
        """The visitor leaves: their ``idle_reset`` (with their token), then no token and the default language."""
        events = [self.event("idle_reset", {"screen": self.screen.value})] if self.visitor else []
        self.visitor = None
        self.language = self.default_language
        return events

    # --- the café session --------------------------------------------------------------------
    def open_session(self, session: CafeSession) -> list[NewEvent]:
        """The facilitator opened ``session``: from now on every event carries its id."""
        if self._session is not None:
            raise ValueError(f"session {self._session.session_id} is still open")
        self._session = session
        return [session.started_event(self.station or "")]

    def close_session(self, reason: str = "facilitator") -> list[NewEvent]:
        """The facilitator ended the session (nothing to do when none is open)."""
        session, self._session = self._session, None
        return [session.ended_event(reason)] if session else []

    # --- the facilitator side ----------------------------------------------------------------
    def open_pin(self) -> None:
        """The PIN pad covers the current screen (it times out like a facilitator page)."""
        self.touch()
        self.pin_open = True

    def close_pin(self) -> None:
        """The PIN pad went away (accepted or cancelled); the screen under it is back."""
        self.pin_open = False

    def unlock(self) -> None:
        """The right PIN was entered: facilitator pages may open until the unlock lapses (see module doc)."""
        self.touch()
        self.pin_open = False
        self._unlocked = True

    @property
    def unlocked(self) -> bool:
        """A still-valid unlock: the PIN was entered and the facilitator has not left or gone idle."""
        return self._unlocked and self.facilitator_idle.status().phase is not IdlePhase.EXPIRED

    def keep_facilitator_awake(self) -> None:
        """A facilitator page that runs something the facilitator must be able to stop at any moment (the dome
        console while a show plays) keeps its unlock alive; the idle delay counts again once it stops calling."""
        if self.screen is Screen.FACILITATOR and self.unlocked:
            self.facilitator_idle.touch()

    def open_facilitator(self) -> list[NewEvent]:
        """Show a facilitator page; needs :attr:`unlocked`. A visitor still in front of the kiosk is gone."""
        if not self.unlocked:
            raise PermissionError("facilitator pages need the PIN or a still-valid unlock")
        events = self._forget_visitor()
        self.touch()
        self.pin_open = False
        self.screen = Screen.FACILITATOR
        return events

    def open_vote(self) -> list[NewEvent]:
        """The facilitator hands the kiosk to the room for a vote: locked until the PIN is entered again."""
        if self.screen is not Screen.FACILITATOR or not self.unlocked:
            raise PermissionError("only an unlocked facilitator can hand the kiosk to the room")
        self._unlocked = False
        self.screen = Screen.VOTE
        return []

    def close_facilitator(self) -> list[NewEvent]:
        """« Retour au kiosque »: locked again, the attract screen waits for the next visitor."""
        return self.reset(reason="facilitator")

    def tick(self) -> IdleStatus:
        """Called periodically (e.g. every 250 ms): the idle phase of what is on screen."""
        if self.pin_open or self.screen is Screen.FACILITATOR:
            return self.facilitator_idle.status()
        if self.screen in (Screen.ATTRACT, Screen.VOTE):
            return ACTIVE
        return self.idle.status()

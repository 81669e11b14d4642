"""Looking around a 360° picture or video with a finger: drag → view direction and zoom (pure, no Qt).

Angles in degrees (edge units, as in ``dome``): yaw wraps to [-180, 180), pitch is clamped so the
view never flips over a pole, the horizontal field of view is clamped to a comfortable zoom range.
Dragging moves the picture with the finger: dragging right turns the view left. When the finger lifts
while moving, the view keeps turning and slows down (:class:`Inertia`: exponential decay of the speed,
stopped under :data:`STOP_DEG_S`); a new touch stops it. :class:`LookAround` is the dome viewer's activity
core: the picture or video on screen, its view, its inertia and the events of each item shown. Time comes
from the injected clock (seconds, monotonic): nothing here sleeps or reads the real time.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace

from kiosk.log.clock import Clock
from kiosk.log.events import NewEvent

VIEWER, HEADSET = "viewer", "headset"
"""Where a VR view happened: the kiosk's touch-screen 360° viewer, or a headset (a view a facilitator records)."""
TARGETS = (VIEWER, HEADSET)


def view_started(media_id: str, target: str) -> NewEvent:
    """``vr_view_started``: a media id and a target, nothing about the visitor (the flow stamps its token)."""
    if target not in TARGETS:
        raise ValueError(f"unknown VR target {target!r}")
    return NewEvent("vr_view_started", {"media_id": media_id, "target": target})


def view_ended(media_id: str, target: str, seconds: float) -> NewEvent:
    """``vr_view_ended`` with the ``seconds`` watched, rounded down to whole seconds (never negative)."""
    if target not in TARGETS:
        raise ValueError(f"unknown VR target {target!r}")
    return NewEvent("vr_view_ended", {"media_id": media_id, "target": target, "seconds": max(0, int(seconds))})


PITCH_LIMIT_DEG = 85.0
HFOV_RANGE_DEG = (40.0, 110.0)
DECAY_PER_S = 4.0  # inertia: the speed is multiplied by exp(-4 t) (it halves every 0.17 s)
STOP_DEG_S = 3.0  # … and stops below 3°/s (a drift nobody sees)
MAX_DEG_S = 720.0  # a flick never turns faster than two turns a second
FLICK_WINDOW_S = 0.1  # the release speed is the drag's over its last 100 ms
MIN_FLICK_S = 0.008  # shorter spans say nothing about a speed (two moves in one event batch)


def _wrap_deg(angle: float) -> float:
    return (angle + 180.0) % 360.0 - 180.0


@dataclass(frozen=True)
class LookState:
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    hfov_deg: float = 90.0

    def turned(self, dyaw_deg: float, dpitch_deg: float) -> LookState:
        """The view turned by ``dyaw_deg`` (right) and ``dpitch_deg`` (up), yaw wrapped, pitch clamped."""
        pitch = min(PITCH_LIMIT_DEG, max(-PITCH_LIMIT_DEG, self.pitch_deg + dpitch_deg))
        return replace(self, yaw_deg=_wrap_deg(self.yaw_deg + dyaw_deg), pitch_deg=pitch)

    def drag_turn(self, dx_px: float, dy_px: float, view_width_px: int) -> tuple[float, float]:
        """How far (yaw, pitch degrees) a drag of ``(dx, dy)`` px turns a view ``view_width_px`` wide."""
        deg_per_px = self.hfov_deg / max(1, view_width_px)
        return -dx_px * deg_per_px, dy_px * deg_per_px

    def dragged(self, dx_px: float, dy_px: float, view_width_px: int) -> LookState:
        """The view after dragging by ``(dx, dy)`` screen pixels on a view ``view_width_px`` wide."""
        return self.turned(*self.drag_turn(dx_px, dy_px, view_width_px))

    def zoomed(self, factor: float) -> LookState:
        """Zoom in (``factor`` < 1) or out (> 1), within the comfortable range."""
        low, high = HFOV_RANGE_DEG
        return replace(self, hfov_deg=min(high, max(low, self.hfov_deg * factor)))


@dataclass(frozen=True)
class Inertia:
    """The view's turning speed after the finger lifted: ``yaw_deg_s`` (right) and ``pitch_deg_s`` (up).

    The speed decays as ``v(t) = v0 · exp(-decay_per_s · t)``; :meth:`step` integrates that exactly over
    ``dt_s`` (the angle moved is ``v · (1 - exp(-k dt)) / k``, so the path does not depend on the timer's
    rhythm) and stops it once it is under ``stop_deg_s``. A pitch that reaches its limit stops turning up
    or down (the yaw goes on).
    """

    yaw_deg_s: float = 0.0
    pitch_deg_s: float = 0.0
    decay_per_s: float = DECAY_PER_S
    stop_deg_s: float = STOP_DEG_S

    @property
    def speed_deg_s(self) -> float:
        return math.hypot(self.yaw_deg_s, self.pitch_deg_s)

    @property
    def moving(self) -> bool:
        return self.speed_deg_s >= self.stop_deg_s

    def step(self, state: LookState, dt_s: float) -> tuple[LookState, Inertia]:
        """The view ``dt_s`` seconds later, and the inertia left (at rest once under the stop speed)."""
        if not self.moving or dt_s <= 0:
            return state, self if self.moving else replace(self, yaw_deg_s=0.0, pitch_deg_s=0.0)
        keep = math.exp(-self.decay_per_s * dt_s)
        travel = (1.0 - keep) / self.decay_per_s
        new = state.turned(self.yaw_deg_s * travel, self.pitch_deg_s * travel)
        pitch_speed = self.pitch_deg_s * keep
        if abs(new.pitch_deg) >= PITCH_LIMIT_DEG and pitch_speed * new.pitch_deg > 0:
            pitch_speed = 0.0  # against the pole: no more turning that way
        after = replace(self, yaw_deg_s=self.yaw_deg_s * keep, pitch_deg_s=pitch_speed)
        if not after.moving:
            after = replace(after, yaw_deg_s=0.0, pitch_deg_s=0.0)
        return new, after


class LookAround:
    """One visitor looking around 360° pictures and videos on the kiosk: the item shown, the view, the events.

    Each item shown is a ``vr_view_started`` / ``vr_view_ended`` pair with target ``viewer`` (the VR
    station's touch-screen viewer; dome shows are ``dome_show_*``, logged by the dome station): a
    picture counts the whole seconds it stayed on screen (on the injected monotonic ``clock``), a video the
    whole seconds actually played (:meth:`played` hears the player's position: pauses, a stopped player and
    jumps back — a loop — add nothing); no visitor data. Every action that produces events returns them;
    dragging, zooming and the inertia only change :attr:`state`.
    """

    TARGET = VIEWER

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.state = LookState()
        self.inertia = Inertia()
        self.media_id: str | None = None
        self.video = False
        self._shown_at = 0.0
        self._watched_s = 0.0
        self._position_s: float | None = None
        self._moves: deque[tuple[float, float, float]] = deque()  # (time, yaw, pitch degrees) of drag moves
        self._stepped_at = 0.0

    # --- the item on screen ------------------------------------------------------------------------
    def show(self, media_id: str, video: bool = False) -> list[NewEvent]:
        """Show ``media_id`` (a ``video`` or a picture) from straight ahead; the one before (if any) ends first."""
        events = self.end()
        self.media_id, self.video = media_id, video
        self.state, self.inertia = LookState(), Inertia()
        self._shown_at = self.clock.monotonic()
        self._watched_s, self._position_s = 0.0, None
        return [*events, view_started(media_id, self.TARGET)]

    def played(self, position_s: float | None) -> None:
        """The video's player is at ``position_s`` seconds now (None: stopped). A step forward of less than
        a second since the last call counts as watched; anything else (a loop, a resume, a stall) does not."""
        if self._position_s is not None and position_s is not None:
            step = position_s - self._position_s
            if 0.0 < step < 1.0:
                self._watched_s += step
        self._position_s = position_s

    @property
    def watched_s(self) -> float:
        """Seconds watched so far: played time for a video, time on screen for a picture."""
        if self.media_id is None:
            return 0.0
        return self._watched_s if self.video else self.clock.monotonic() - self._shown_at

    def end(self) -> list[NewEvent]:
        """The item leaves the screen (another one, the visitor left, idle): ``vr_view_ended``."""
        if self.media_id is None:
            return []
        event = view_ended(self.media_id, self.TARGET, self.watched_s)
        self.media_id, self.video = None, False
        self.state, self.inertia = LookState(), Inertia()
        return [event]

    # --- the view ------------------------------------------------------------------------------------
    def touch(self) -> None:
        """A finger comes down: the inertia stops, a new drag begins."""
        self.inertia = Inertia()
        self._moves.clear()

    def drag(self, dx_px: float, dy_px: float, view_width_px: int) -> None:
        """The finger moved by ``(dx, dy)`` screen pixels on a view ``view_width_px`` wide."""
        dyaw, dpitch = self.state.drag_turn(dx_px, dy_px, view_width_px)
        self.state = self.state.turned(dyaw, dpitch)
        now = self.clock.monotonic()
        self._moves.append((now, dyaw, dpitch))
        while self._moves and now - self._moves[0][0] > FLICK_WINDOW_S:
            self._moves.popleft()

    def release(self) -> bool:
        """The finger lifts: the view keeps the drag's speed of its last :data:`FLICK_WINDOW_S` and coasts.
        Returns whether it coasts (a finger held still before lifting leaves no speed)."""
        now = self.clock.monotonic()
        moves = [m for m in self._moves if now - m[0] <= FLICK_WINDOW_S]
        self._moves.clear()
        self._stepped_at = now
        span = now - moves[0][0] if moves else 0.0
        if len(moves) < 2 or span < MIN_FLICK_S:
            self.inertia = Inertia()
            return False
        yaw = sum(m[1] for m in moves[1:]) / span  # the first move only marks where the span starts
        pitch = sum(m[2] for m in moves[1:]) / span
        scale = min(1.0, MAX_DEG_S / max(math.hypot(yaw, pitch), 1e-9))
        self.inertia = Inertia(yaw * scale, pitch * scale)
        if not self.inertia.moving:
            self.inertia = Inertia()
        return self.inertia.moving

    def coast(self) -> bool:
        """Move the view by the inertia since the last call (clock time); returns whether it still moves."""
        now = self.clock.monotonic()
        dt, self._stepped_at = now - self._stepped_at, now
        if not self.inertia.moving:
            return False
        self.state, self.inertia = self.inertia.step(self.state, dt)
        return self.inertia.moving

    def zoom(self, factor: float) -> None:
        """Zoom in (``factor`` < 1) or out (> 1), within :data:`HFOV_RANGE_DEG`."""
        self.state = self.state.zoomed(factor)

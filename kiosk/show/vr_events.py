"""VR view events: a 360° video or picture watched on the kiosk's viewer or on a headset, anonymously.

``vr_view_started`` when a view begins, ``vr_view_ended`` with the whole seconds watched when it ends: a
media id and a target (``"viewer"``, the kiosk's touch-screen 360° viewer, or ``"headset"``, a view a
facilitator records for a headset), nothing about the visitor. Like every event they belong to the open
café session; the flow stamps the visitor token. :class:`ViewClock` pairs them for a screen: it returns
the events to hand to the log when a view starts, changes or stops.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.log.events import NewEvent

VIEWER, HEADSET = "viewer", "headset"
TARGETS = (VIEWER, HEADSET)


def view_started(media_id: str, target: str, session_id: str | None = None, station: str | None = None) -> NewEvent:
    if target not in TARGETS:
        raise ValueError(f"unknown VR target {target!r}")
    return NewEvent("vr_view_started", {"media_id": media_id, "target": target}, session_id=session_id, station=station)


def view_ended(
    media_id: str, target: str, seconds: float, session_id: str | None = None, station: str | None = None
) -> NewEvent:
    """``seconds`` watched, rounded to whole seconds (never negative)."""
    if target not in TARGETS:
        raise ValueError(f"unknown VR target {target!r}")
    payload = {"media_id": media_id, "target": target, "seconds": max(0, int(round(seconds)))}
    return NewEvent("vr_view_ended", payload, session_id=session_id, station=station)


class ViewClock:
    """The view in progress on one screen or headset: :meth:`start` and :meth:`stop` return the events
    (the screen hands them to the log). ``clock`` is monotonic seconds (the kiosk's injected clock)."""

    def __init__(self, target: str, clock: Callable[[], float]) -> None:
        if target not in TARGETS:
            raise ValueError(f"unknown VR target {target!r}")
        self.target, self.clock = target, clock
        self.media_id: str | None = None
        self._since = 0.0

    def start(self, media_id: str, session_id: str | None = None) -> list[NewEvent]:
        """A new view (ending the one in progress, if any)."""
        events = self.stop(session_id)
        self.media_id, self._since = media_id, self.clock()
        return [*events, view_started(media_id, self.target, session_id)]

    def stop(self, session_id: str | None = None) -> list[NewEvent]:
        """End the view in progress (nothing if none)."""
        if self.media_id is None:
            return []
        media_id, self.media_id = self.media_id, None
        return [view_ended(media_id, self.target, self.clock() - self._since, session_id)]

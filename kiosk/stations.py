"""Station counters: the facilitator's « + 1 / + 5 / + 10 » taps for stations the app does not drive.

Pure (no Qt). A tap is one ``station_group`` event ``{"station", "count"}`` of the open café session. A
mistaken tap is never edited away: for :data:`UNDO_S` seconds after it, :meth:`StationCounter.undo` logs a
**correction**, a new ``station_group`` event of the same station with the opposite count (``-5`` after a
« + 5 »), in the session of the tap. Every sum over ``station_group`` counts (the panel's live figures,
HQ's reports) is therefore right without knowing about corrections. Undo goes back one tap at a time,
newest first, each within :data:`UNDO_S` seconds of its own tap.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import SessionError
from kiosk.log.clock import Clock
from kiosk.log.events import NewEvent

UNDO_S = 10.0
GROUP_MAX = 200


def station_group(session_id: str, station: str, count: int) -> NewEvent:
    """``count`` visitors (1–:data:`GROUP_MAX`) went through ``station`` during session ``session_id``."""
    if not 1 <= count <= GROUP_MAX:
        raise SessionError("errors.session.group_size")
    return NewEvent("station_group", {"station": station, "count": count}, session_id=session_id, station=station)


@dataclass(frozen=True)
class Tap:
    """One counter tap that may still be undone; ``at`` on the monotonic clock (seconds)."""

    session_id: str
    station: str
    count: int
    at: float


class StationCounter:
    """The taps of the facilitator panel, with an undo of the latest ones (see the module docstring)."""

    def __init__(self, clock: Clock, *, undo_s: float = UNDO_S) -> None:
        self.clock = clock
        self.undo_s = undo_s
        self._taps: list[Tap] = []

    def add(self, session_id: str, station: str, count: int) -> list[NewEvent]:
        """A tap on « + ``count`` » for ``station``: its ``station_group`` event."""
        event = station_group(session_id, station, count)
        self._taps.append(Tap(session_id, station, count, self.clock.monotonic()))
        return [event]

    def undoable(self) -> Tap | None:
        """The tap :meth:`undo` would correct, or ``None`` (nothing tapped in the last :attr:`undo_s` s)."""
        if self._taps and self.clock.monotonic() - self._taps[-1].at <= self.undo_s:
            return self._taps[-1]
        return None

    def undo(self) -> list[NewEvent]:
        """Correct the newest tap still within :attr:`undo_s` seconds (``[]`` when there is none)."""
        tap = self.undoable()
        if tap is None:
            self._taps.clear()  # older taps are final
            return []
        self._taps.pop()
        payload = {"station": tap.station, "count": -tap.count}
        return [NewEvent("station_group", payload, session_id=tap.session_id, station=tap.station)]

    def clear(self) -> None:
        """The session ended: its taps are final."""
        self._taps.clear()

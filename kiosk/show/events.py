"""The dome station's events: a show started, a show ended (seconds watched), an audience count.

All anonymous: a media id, a target (``"dome"``), whole seconds and a head count the operator enters with
one tap. They belong to the open café session (``session_id``), like every other event, and the panel's
live figures and HQ's report count them (``dome_shows``, ``dome_audience``).
"""

from __future__ import annotations

from kiosk.errors import SessionError
from kiosk.log.events import NewEvent

TARGET = "dome"
AUDIENCE_CHOICES = (5, 10, 15, 20, 25, 30, 40, 50)  # one tap each on the console
AUDIENCE_MAX = 500


def show_started(media_id: str, session_id: str | None, station: str | None) -> NewEvent:
    return NewEvent(
        "dome_show_started", {"media_id": media_id, "target": TARGET}, session_id=session_id, station=station
    )


def show_ended(media_id: str, seconds: float, session_id: str | None, station: str | None) -> NewEvent:
    """``seconds`` watched (wall time the show was on the dome, pauses left out), rounded."""
    payload = {"media_id": media_id, "target": TARGET, "seconds": max(0, int(round(seconds)))}
    return NewEvent("dome_show_ended", payload, session_id=session_id, station=station)


def audience(media_id: str | None, count: int, session_id: str | None, station: str | None) -> NewEvent:
    """``count`` people watched the dome (1–500): one tap on the console, within a café session."""
    if session_id is None:
        raise SessionError("errors.dome.audience_no_session")
    if not 1 <= count <= AUDIENCE_MAX:
        raise SessionError("errors.dome.audience_count", high=AUDIENCE_MAX)
    payload = {"media_id": media_id or "", "count": int(count)}
    return NewEvent("dome_audience", payload, session_id=session_id, station=station)

"""Café sessions: what a facilitator opens at the start of a day and closes at the end.

A session is not a row that gets edited: it is the ``session_started`` event (venue, region, audience,
expected group size) and, later, its ``session_ended`` event. Its id tags every event in between. The flow
opens and closes it (:meth:`kiosk.flow.VisitorFlow.open_session`); the station counters of the panel are in
:mod:`kiosk.stations`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kiosk.errors import SessionError
from kiosk.log.events import NewEvent

VENUE_TYPES: tuple[str, ...] = ("school", "library", "museum", "festival", "company")

# Québec's 17 administrative regions, by official number.
REGIONS: dict[str, str] = {
    "01": "Bas-Saint-Laurent",
    "02": "Saguenay–Lac-Saint-Jean",
    "03": "Capitale-Nationale",
    "04": "Mauricie",
    "05": "Estrie",
    "06": "Montréal",
    "07": "Outaouais",
    "08": "Abitibi-Témiscamingue",
    "09": "Côte-Nord",
    "10": "Nord-du-Québec",
    "11": "Gaspésie–Îles-de-la-Madeleine",
    "12": "Chaudière-Appalaches",
    "13": "Laval",
    "14": "Lanaudière",
    "15": "Laurentides",
    "16": "Montérégie",
    "17": "Centre-du-Québec",
}

# Grade (secondaire 1–5) or age band.
AUDIENCES: tuple[str, ...] = ("sec1", "sec2", "sec3", "sec4", "sec5", "13-14", "15-17", "mixed")


@dataclass(frozen=True)
class CafeSession:
    """An open café session. ``expected_size`` is the announced number of visitors (1–2000)."""

    session_id: str
    venue_type: str
    venue_name: str
    region: str
    audience: str
    expected_size: int

    @classmethod
    def new(
        cls,
        *,
        venue_type: str,
        venue_name: str,
        region: str,
        audience: str,
        expected_size: int,
        session_id: str | None = None,
    ) -> CafeSession:
        """Validate the facilitator's choices and return a session with a fresh random id."""
        if venue_type not in VENUE_TYPES:
            raise SessionError("errors.session.venue_type")
        name = " ".join(venue_name.split())
        if not 1 <= len(name) <= 80:
            raise SessionError("errors.session.venue_name")
        if region not in REGIONS:
            raise SessionError("errors.session.region")
        if audience not in AUDIENCES:
            raise SessionError("errors.session.audience")
        if not 1 <= expected_size <= 2000:
            raise SessionError("errors.session.expected_size")
        return cls(session_id or str(uuid.uuid4()), venue_type, name, region, audience, expected_size)

    def started_event(self, station_name: str) -> NewEvent:
        """``session_started``: the facilitator's choices and the name of this kiosk's station."""
        return NewEvent(
            "session_started",
            {
                "venue_type": self.venue_type,
                "venue_name": self.venue_name,
                "region": self.region,
                "audience": self.audience,
                "expected_size": self.expected_size,
                "station_name": station_name,
            },
            session_id=self.session_id,
        )

    def ended_event(self, reason: str = "facilitator") -> NewEvent:
        """``session_ended``; ``reason`` is a short code (``facilitator``)."""
        return NewEvent("session_ended", {"reason": reason}, session_id=self.session_id)

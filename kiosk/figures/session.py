"""Read-side queries over the participation log: the open session and its live counts.

These read through their own connection, so the facilitator panel never waits on the writer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from kiosk.cafe import CafeSession


def current_session(conn: sqlite3.Connection, device_id: str) -> CafeSession | None:
    """The last session started on this device that has no ``session_ended`` yet, else ``None``."""
    row = conn.execute(
        "SELECT session_id, payload FROM events WHERE device_id = ? AND type = 'session_started'"
        " AND session_id NOT IN (SELECT session_id FROM events WHERE type = 'session_ended'"
        " AND session_id IS NOT NULL)"
        " ORDER BY epoch DESC, seq DESC LIMIT 1",
        (device_id,),
    ).fetchone()
    return None if row is None else _session(row[0], row[1])


def last_session(conn: sqlite3.Connection, device_id: str) -> CafeSession | None:
    """The last session started on this device, open or ended (the panel's form starts from its venue)."""
    row = conn.execute(
        "SELECT session_id, payload FROM events WHERE device_id = ? AND type = 'session_started'"
        " ORDER BY epoch DESC, seq DESC LIMIT 1",
        (device_id,),
    ).fetchone()
    return None if row is None else _session(row[0], row[1])


def _session(session_id: str, payload: str) -> CafeSession:
    data = json.loads(payload)
    return CafeSession(
        session_id, data["venue_type"], data["venue_name"], data["region"], data["audience"], int(data["expected_size"])
    )


@dataclass(frozen=True)
class SessionCounts:
    """Live figures for one café session."""

    kiosk_visitors: int = 0  # distinct anonymous visitor tokens seen on this kiosk
    station_visitors: dict[str, int] = field(default_factory=dict)  # taps in the facilitator panel
    quiz_answers: int = 0
    quizzes_completed: int = 0
    careers_completed: int = 0
    dome_shows: int = 0
    dome_audience: int = 0  # people the dome operator counted (one tap per group watching)
    vr_views: int = 0  # 360° pictures and videos looked at on the VR station's viewer

    @property
    def total_visitors(self) -> int:
        return self.kiosk_visitors + sum(self.station_visitors.values())


def session_counts(conn: sqlite3.Connection, session_id: str) -> SessionCounts:
    """Count what happened in ``session_id`` so far."""
    (visitors,) = conn.execute(
        "SELECT COUNT(DISTINCT visitor) FROM events WHERE session_id = ? AND visitor IS NOT NULL",
        (session_id,),
    ).fetchone()
    by_type = dict(
        conn.execute("SELECT type, COUNT(*) FROM events WHERE session_id = ? GROUP BY type", (session_id,)).fetchall()
    )
    (audience,) = conn.execute(
        "SELECT COALESCE(SUM(json_extract(payload, '$.count')), 0) FROM events"
        " WHERE session_id = ? AND type = 'dome_audience'",
        (session_id,),
    ).fetchone()
    stations: dict[str, int] = {}
    for station, count in conn.execute(
        "SELECT json_extract(payload, '$.station'), SUM(json_extract(payload, '$.count')) FROM events"
        " WHERE session_id = ? AND type = 'station_group' GROUP BY 1 ORDER BY 1",
        (session_id,),
    ):
        stations[station] = int(count)
    return SessionCounts(
        kiosk_visitors=int(visitors),
        station_visitors=stations,
        quiz_answers=by_type.get("quiz_answered", 0),
        quizzes_completed=by_type.get("quiz_completed", 0),
        careers_completed=by_type.get("career_completed", 0),
        dome_shows=by_type.get("dome_show_started", 0),
        dome_audience=int(audience),
        vr_views=by_type.get("vr_view_started", 0),
    )

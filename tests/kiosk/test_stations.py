"""Station counters: one event per tap, and an undo within 10 s that is a correction, never an edit."""

from __future__ import annotations

import pytest

from kiosk.errors import SessionError
from kiosk.figures.session import session_counts
from kiosk.log.clock import FakeClock
from kiosk.log.logbook import Logbook
from kiosk.stations import UNDO_S, StationCounter, station_group


def test_a_tap_is_one_station_group_event_of_its_session():
    counter = StationCounter(FakeClock())
    (event,) = counter.add("s-1", "Robot humanoïde", 5)
    assert (event.type, event.payload) == ("station_group", {"station": "Robot humanoïde", "count": 5})
    assert (event.session_id, event.station) == ("s-1", "Robot humanoïde")
    for count in (0, 201):
        with pytest.raises(SessionError):
            counter.add("s-1", "Robot humanoïde", count)


def test_undo_corrects_the_newest_taps_within_ten_seconds():
    clock = FakeClock()
    counter = StationCounter(clock)
    assert counter.undoable() is None and counter.undo() == []
    counter.add("s-1", "Robot humanoïde", 10)
    clock.advance(4)
    counter.add("s-1", "Coin balado", 5)
    clock.advance(5)
    assert counter.undoable().station == "Coin balado"
    (undo,) = counter.undo()
    assert (undo.type, undo.payload, undo.session_id) == (
        "station_group",
        {"station": "Coin balado", "count": -5},
        "s-1",
    )
    assert counter.undoable().count == 10  # the tap before, 9 s old
    clock.advance(UNDO_S)
    assert counter.undoable() is None and counter.undo() == []  # 19 s: final


def test_an_undone_tap_leaves_the_live_figures_as_if_it_never_happened(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json", clock=FakeClock())
    counter = StationCounter(FakeClock())
    book.append(counter.add("s-1", "Robot humanoïde", 8))
    book.append(counter.add("s-1", "Robot humanoïde", 10))
    book.append(counter.undo())
    counts = session_counts(book.conn, "s-1")
    assert counts.station_visitors == {"Robot humanoïde": 8} and counts.total_visitors == 8
    rows = book.conn.execute("SELECT COUNT(*) FROM events WHERE type = 'station_group'").fetchone()
    assert rows == (3,)  # the mistaken tap stays in the log, corrected
    book.close()


def test_the_builder_checks_the_group_size():
    assert station_group("s-1", "Casques RV", 200).payload["count"] == 200
    with pytest.raises(SessionError, match="1 to 200"):
        station_group("s-1", "Casques RV", 0)

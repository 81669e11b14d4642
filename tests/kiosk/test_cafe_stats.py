import pytest

from kiosk.cafe import REGIONS, CafeSession
from kiosk.demo import DemoSession, synthetic_catalogue
from kiosk.errors import SessionError
from kiosk.figures.session import current_session, last_session, session_counts
from kiosk.log.clock import FakeClock
from kiosk.log.logbook import Logbook
from kiosk.stations import station_group


def test_seventeen_regions():
    assert sorted(REGIONS) == [f"{n:02d}" for n in range(1, 18)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("venue_type", "bar", "venue type"),
        ("region", "18", "region"),
        ("expected_size", 0, "group size"),
        ("venue_name", "  ", "venue name"),
        ("audience", "adults", "audience"),
    ],
)
def test_session_fields_are_checked(field, value, message):
    fields = dict(venue_type="school", venue_name="École Louis-Riel", region="06", audience="sec3", expected_size=28)
    fields[field] = value
    with pytest.raises(SessionError, match=message):
        CafeSession.new(**fields)


def test_open_session_and_live_counts(tmp_path):
    book = Logbook.open(tmp_path / "p.db", tmp_path / "device.json", clock=FakeClock())
    assert current_session(book.conn, book.device_id) is None
    session = CafeSession.new(
        venue_type="library", venue_name="Bibliothèque de Rimouski", region="01", audience="13-14", expected_size=20
    )
    book.append([session.started_event("Kiosque 1")])
    assert current_session(book.conn, book.device_id) == session
    sid = session.session_id
    book.append([station_group(sid, "Robot humanoïde", 8)])
    book.append([station_group(sid, "Robot humanoïde", 4), station_group(sid, "Coin balado", 3)])
    counts = session_counts(book.conn, session.session_id)
    assert counts.station_visitors == {"Coin balado": 3, "Robot humanoïde": 12}
    assert counts.total_visitors == 15
    book.append([session.ended_event()])
    assert current_session(book.conn, book.device_id) is None
    assert last_session(book.conn, book.device_id) == session  # the next form starts from its venue
    book.close()


def test_demo_session_is_deterministic_and_counts_match(tmp_path):
    def play(seed, folder):
        book = Logbook.open(folder / "p.db", folder / "device.json", clock=FakeClock())
        demo = DemoSession(visitors=25, seed=seed, catalogue=synthetic_catalogue())
        for events in demo.actions():
            book.append(events)
        rows = book.conn.execute(
            "SELECT type, payload, visitor FROM events WHERE type != 'epoch_started' ORDER BY seq"
        ).fetchall()
        counts = session_counts(book.conn, demo.truth.session_id)
        book.close()
        return rows, demo.truth, counts

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    rows_a, truth, counts = play(7, tmp_path / "a")
    rows_b, _, _ = play(7, tmp_path / "b")
    assert rows_a == rows_b
    assert counts.kiosk_visitors == truth.kiosk_visitors == 25
    assert counts.quiz_answers == truth.quiz_answers > 0
    assert counts.station_visitors == truth.station_visitors
    assert counts.careers_completed == truth.careers_completed
    assert counts.dome_shows == truth.dome_shows
    assert counts.vr_views == truth.vr_views


def test_demo_session_cli_prints_committed_ids(tmp_path, capsys):
    import sqlite3

    from kiosk.cli import main

    assert (
        main(
            [
                "demo-session",
                "--visitors",
                "5",
                "--seed",
                "3",
                "--db",
                str(tmp_path / "d.db"),
                "--synthetic",
                "--start",
                "2026-10-15T13:00:00",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out.split()
    conn = sqlite3.connect(tmp_path / "d.db")
    stored = [r[0] for r in conn.execute("SELECT event_id FROM events ORDER BY seq")]
    assert printed == stored[1:] and len(printed) > 10  # stored[0] is epoch_started, written at open
    assert conn.execute("SELECT MIN(occurred_at_utc) FROM events").fetchone()[0].startswith("2026-10-15T13:00")


def test_demo_plays_the_bundled_quizzes():
    from kiosk.content.loader import load_quizzes
    from kiosk.demo import catalogue_from_quizzes

    catalogue = catalogue_from_quizzes(load_quizzes().quizzes)
    assert len(catalogue) >= 8
    demo = DemoSession(visitors=40, seed=1, catalogue=catalogue)
    answered = {e.payload["quiz_id"] for action in demo.actions() for e in action if e.type == "quiz_answered"}
    assert answered <= {q.quiz_id for q in catalogue} and len(answered) >= 3

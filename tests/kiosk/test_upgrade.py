"""An upgrade keeps everything a kiosk holds: version N logs a café, version N+1 (one new migration) replaces it.

Both versions are real installations of the app — copies of kiosk/, dome/, quizzes/ and media/ in their own
read-only folders — run as processes (``python -m kiosk`` from that folder) with no KIOSK_HOME: the data folder
is the platform's default one under HOME, as on a laptop. N+1 is N plus one migration appended to
kiosk/log/migrations.py and a new version number. The same upgrade through the built bundle and its install
script: tests/e2e/test_bundle.py.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
APP_PARTS = ("kiosk", "dome", "quizzes", "media")
NEXT_VERSION = "9.9.9+upgrade-test"
NEXT_MIGRATION = '''

@migrations()
def m900_upgrade_probe(db: Database) -> None:
    """Version N+1's new migration (written by tests/kiosk/test_upgrade.py)."""
    db.execute("CREATE TABLE upgrade_probe (note TEXT NOT NULL)")
    db.execute("INSERT INTO upgrade_probe (note) VALUES ('migrated')")
'''
PIN = "2468"
SETTINGS = 'station_name = "Kiosque 7"\nidle_timeout_s = 90\n'


def set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def install(target: Path, *, next_version: bool = False) -> Path:
    """A read-only copy of the app in ``target``; with ``next_version``, the one with the new migration."""
    for part in APP_PARTS:
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    if next_version:
        with open(target / "kiosk" / "log" / "migrations.py", "a", encoding="utf-8") as handle:
            handle.write(NEXT_MIGRATION)
        init = target / "kiosk" / "__init__.py"
        lines = [
            f'__version__ = "{NEXT_VERSION}"' if line.startswith("__version__") else line
            for line in init.read_text(encoding="utf-8").splitlines()
        ]
        init.write_text("\n".join(lines) + "\n", encoding="utf-8")
    set_writable(target, False)
    return target


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def kiosk(app: Path, home: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``python -m kiosk ARGS`` from the installation ``app`` with ``home`` as HOME; its stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_HOME", "XDG_DATA_HOME", "KIOSK_PURE_TESTS")}
    env.update(HOME=str(home), PYTHONPATH=str(app), PYTHONDONTWRITEBYTECODE="1", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=app,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"kiosk {' '.join(args)}: {result.stdout}\n{result.stderr}"
    return result.stdout


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_an_upgrade_keeps_and_migrates_events_settings_pin_keys_and_identity(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    data = home / ".local" / "share" / "cafe-numerique-kiosk"
    db = data / "participation.db"
    app_n = install(tmp_path / "opt" / "kiosk-N")
    where = kiosk(app_n, home, "settings", "show").splitlines()[0]
    assert where == f"# {data / 'kiosk.toml'}", "the app does not use the platform's data folder"

    # Version N in service: a PIN, settings, enrolment keys and a café session in the log.
    kiosk(app_n, home, "pin", "set", "--stdin", stdin=f"{PIN}\n")
    (data / "kiosk.toml").write_text(SETTINGS, encoding="utf-8")
    kiosk(app_n, home, "enrol", "--no-qr", "--label", "upgrade-test")
    session = ("demo-session", "--db", str(db), "--visitors", "4", "--start", "2026-05-01T10:00:00")
    kiosk(app_n, home, *session, "--seed", "3")
    events_n = query(db, "SELECT event_id, device_id, epoch, seq, payload_sha256, app_version FROM events ORDER BY seq")
    kept = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file() and p.suffix != ".db"}
    kept.pop(Path("device.json"))  # its high-water mark moves with every close; the identity is compared below
    identity = json.loads((data / "device.json").read_text(encoding="utf-8"))
    migrations_n = [name for (name,) in query(db, "SELECT name FROM _sqlite_migrations")]
    assert len(events_n) > 20 and {Path("pin.json"), Path("keys/enrolment.json")} <= set(kept)

    # The upgrade: N+1 is installed, N removed.
    app_next = install(tmp_path / "opt" / "kiosk-N+1", next_version=True)
    set_writable(app_n, True)
    shutil.rmtree(app_n)
    app_files = snapshot(app_next)

    # N+1 starts: the same device and epoch, every event still there once, the new migration applied once.
    info = kiosk(app_next, home, "db", "info")
    assert f"device_id: {identity['device_id']}\nepoch: {identity['epoch']}\nevents: {len(events_n)}\n" in info
    assert query(db, "SELECT note FROM upgrade_probe") == [("migrated",)]
    names = [name for (name,) in query(db, "SELECT name FROM _sqlite_migrations ORDER BY name")]
    assert names == sorted([*migrations_n, "m900_upgrade_probe"])
    kiosk(app_next, home, *session, "--seed", "4")
    kiosk(app_next, home, "db", "info")  # a second start applies nothing again
    assert query(db, "SELECT note FROM upgrade_probe") == [("migrated",)]
    assert [n for (n,) in query(db, "SELECT name FROM _sqlite_migrations")].count("m900_upgrade_probe") == 1

    events = query(db, "SELECT event_id, device_id, epoch, seq, payload_sha256, app_version FROM events ORDER BY seq")
    assert events[: len(events_n)] == events_n  # N's events untouched, in place
    added = events[len(events_n) :]
    assert added and {row[5] for row in added} == {NEXT_VERSION}
    assert [row[3] for row in events] == list(range(1, len(events) + 1))  # no sequence number reused or skipped
    assert len({row[0] for row in events}) == len(events)  # nothing duplicated
    assert {(row[1], row[2]) for row in events} == {(identity["device_id"], identity["epoch"])}

    # Settings, PIN and keys are read by N+1 as N left them; the app folder was never written.
    shown = kiosk(app_next, home, "settings", "show")
    assert "station_name = 'Kiosque 7'" in shown and "idle_timeout_s = 90" in shown
    assert kiosk(app_next, home, "pin", "status").strip() == "PIN is set"
    assert {p: (data / p).read_bytes() for p in kept} == kept
    assert json.loads((data / "device.json").read_text(encoding="utf-8"))["device_id"] == identity["device_id"]
    assert snapshot(app_next) == app_files

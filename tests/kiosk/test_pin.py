import json

import pytest

from kiosk.errors import PinError
from kiosk.log.clock import FakeClock
from kiosk.pin import PinGate, PinStore, Verdict


def test_pin_is_stored_as_salted_hash(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("2468")
    text = (tmp_path / "pin.json").read_text()
    assert "2468" not in text
    record = json.loads(text)
    assert record["kdf"] == "scrypt" and record["n"] >= 2**14
    assert store.matches("2468") and not store.matches("2469")
    other = PinStore(tmp_path / "other.json")
    other.set("2468")
    assert json.loads((tmp_path / "other.json").read_text())["key"] != record["key"]  # salted


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "١٢٣٤"])
def test_bad_pins_are_refused(tmp_path, pin):
    with pytest.raises(PinError):
        PinStore(tmp_path / "pin.json").set(pin)


def test_five_wrong_tries_lock_for_sixty_seconds(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("1357")
    clock = FakeClock()
    gate = PinGate(store, clock, max_tries=5, lock_s=60)
    first = gate.attempt("0000")
    assert first.verdict is Verdict.WRONG and first.tries_left == 4
    assert [gate.attempt("0000").tries_left for _ in range(3)] == [3, 2, 1]
    locked = gate.attempt("0000")
    assert locked.verdict is Verdict.LOCKED and locked.locked_for_s == 60
    assert gate.attempt("1357").verdict is Verdict.LOCKED  # even the right PIN waits
    clock.advance(59)
    assert gate.attempt("1357").verdict is Verdict.LOCKED
    clock.advance(1.5)
    assert gate.attempt("1357").verdict is Verdict.OK


def test_missing_or_damaged_pin_file(tmp_path):
    with pytest.raises(PinError, match="kiosk pin set"):
        PinStore(tmp_path / "pin.json").matches("1234")
    (tmp_path / "pin.json").write_text("{}")
    with pytest.raises(PinError, match="damaged"):
        PinStore(tmp_path / "pin.json").matches("1234")


def test_cli_pin_set_from_stdin(home, monkeypatch, capsys):
    import io

    from kiosk.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n"))
    assert main(["pin", "set", "--stdin"]) == 0
    assert PinStore(home / "pin.json").matches("8642")
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["pin", "set", "--stdin"]) == 1
    assert "4 to 8 digits" in capsys.readouterr().err


def _record_modes_at_rename(monkeypatch):
    """Patch os.replace to record the permission bits each file has when it takes its final name."""
    import os

    modes: dict[str, int] = {}
    real = os.replace

    def replace(source, target, *args, **kwargs):
        modes[os.path.basename(target)] = os.stat(source).st_mode & 0o777
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return modes


def test_the_pin_hash_is_never_readable_by_others_not_even_for_a_moment(tmp_path, monkeypatch):
    """Issue 13 item 9: created 0600 from the start, not chmod'ed after the rename."""
    import os

    old_umask = os.umask(0o022)
    try:
        modes = _record_modes_at_rename(monkeypatch)
        PinStore(tmp_path / "pin.json").set("1357")
    finally:
        os.umask(old_umask)
    assert modes == {"pin.json": 0o600}
    assert (tmp_path / "pin.json").stat().st_mode & 0o777 == 0o600


def test_the_lockout_survives_a_restart_and_grows(tmp_path):
    """Issue 13 item 9: restarting the app does not reset the count; locks last 60 s, 5 min, then 15 min."""
    from datetime import timedelta

    store = PinStore(tmp_path / "pin.json")
    store.set("1357")
    clock = FakeClock()

    def restart() -> PinGate:
        clock._mono += 12345.0  # a new process: another monotonic origin, same wall clock
        return PinGate(store, clock, max_tries=5, lock_s=60)

    gate = restart()
    for _ in range(4):
        assert gate.attempt("0000").verdict is Verdict.WRONG
    gate = restart()  # four wrong tries, then a restart: one try is left, not five
    first_lock = gate.attempt("0000")
    assert first_lock.verdict is Verdict.LOCKED and first_lock.locked_for_s == 60
    gate = restart()
    assert gate.locked_for() == 60 and gate.attempt("1357").verdict is Verdict.LOCKED
    for expected in (300, 900, 900):
        clock.advance(gate.locked_for() + 0.5)
        gate = restart()
        assert gate.locked_for() == 0
        for _ in range(4):
            assert gate.attempt("0000").verdict is Verdict.WRONG
        locked = gate.attempt("0000")
        assert locked.verdict is Verdict.LOCKED and locked.locked_for_s == expected
        gate = restart()
        assert gate.locked_for() == expected
    clock.advance(gate.locked_for() + 0.5)
    assert restart().attempt("1357").verdict is Verdict.OK
    gate = restart()  # the right PIN starts the ladder again
    for _ in range(4):
        gate.attempt("0000")
    assert gate.attempt("0000").locked_for_s == 60
    # a wall clock set far back does not stretch the lock beyond its length
    clock._now -= timedelta(days=3)
    assert restart().locked_for() <= 60


def test_the_lockout_file_is_private_and_a_damaged_one_does_not_open_the_pad(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("1357")
    clock = FakeClock()
    gate = PinGate(store, clock, max_tries=2, lock_s=60)
    gate.attempt("0000")
    files = [p for p in tmp_path.iterdir() if p.name != "pin.json"]
    assert files and all(p.stat().st_mode & 0o777 == 0o600 for p in files)
    for path in files:
        path.write_text("{not json", encoding="utf-8")
    damaged = PinGate(store, clock, max_tries=2, lock_s=60)
    assert damaged.locked_for() == 60  # unreadable lock state: locked for one step, never opened wide

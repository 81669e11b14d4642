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

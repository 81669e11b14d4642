import sys
from pathlib import Path

from kiosk.paths import Paths, data_home, resource_root


def test_explicit_home_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "env"))
    assert data_home(tmp_path / "arg") == (tmp_path / "arg").resolve()
    assert data_home() == (tmp_path / "env").resolve()


def test_platform_default_without_override(monkeypatch):
    monkeypatch.delenv("KIOSK_HOME", raising=False)
    assert "cafe-numerique-kiosk" in str(data_home())


def test_resources_are_the_checkout_or_the_bundle(monkeypatch, tmp_path):
    assert (resource_root() / "kiosk" / "paths.py").exists()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_root() == tmp_path


def test_writable_paths_live_under_home(tmp_path):
    paths = Paths(home=tmp_path, resources=Path("/nonexistent")).ensure()
    for path in (
        paths.db_file,
        paths.settings_file,
        paths.pin_file,
        paths.identity_file,
        paths.log_dir,
        paths.quarantine_dir,
        paths.exports_dir,
        paths.cache_dir,
        paths.keys_dir,
    ):
        assert tmp_path in path.parents
    assert paths.log_dir.is_dir() and paths.exports_dir.is_dir()
    assert paths.quizzes_dir == Path("/nonexistent/quizzes")

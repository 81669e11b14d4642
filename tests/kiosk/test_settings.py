import re
from pathlib import Path

import pytest

from kiosk.errors import SettingsError
from kiosk.settings import Settings, load_settings, setting_help, settings_template


def test_missing_file_gives_defaults(tmp_path):
    settings = load_settings(tmp_path / "kiosk.toml")
    assert settings.language == "fr"
    assert settings.idle_timeout_s == 60
    assert settings.kiosk_mode is False


def test_every_setting_has_a_default_and_help():
    rows = setting_help()
    assert {name for name, _, _ in rows} == set(Settings.model_fields)
    for name, _default, help_text in rows:
        assert help_text and len(help_text) < 120, name


def test_template_round_trips_to_defaults(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(settings_template(), encoding="utf-8")
    assert load_settings(path) == Settings()
    uncommented = "\n".join(
        line[2:] if re.match(r"# \w+ = ", line) else line for line in settings_template().splitlines()
    )
    path.write_text(uncommented, encoding="utf-8")
    assert load_settings(path) == Settings()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('idle_timeout_s = "soon"\n', "kiosk.toml:1: setting 'idle_timeout_s'"),
        ("language = 'fr'\nidle_timeout_s = 5\n", "kiosk.toml:2: setting 'idle_timeout_s'"),
        ("colour = 'blue'\n", "kiosk.toml:1: unknown setting 'colour'"),
        ("language = 'de'\n", "kiosk.toml:1: setting 'language'"),
        ("volume = 2.0\n", "kiosk.toml:1: setting 'volume'"),
        ("language = \n", "not valid TOML"),
    ],
)
def test_invalid_setting_names_it(tmp_path, text, expected):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert expected in str(info.value)


def test_cli_settings_show_and_init(home, capsys):
    from kiosk.cli import main

    assert main(["settings", "init"]) == 0
    assert (Path(home) / "kiosk.toml").exists()
    assert main(["settings", "init"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["settings", "show"]) == 0
    assert "idle_timeout_s = 60" in capsys.readouterr().out

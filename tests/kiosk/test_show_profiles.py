"""Calibration profiles: saved in the data folder, the last one loaded at start, exported and imported as
one small file (mesh included), bad files refused with a message naming them, nothing lost."""

from __future__ import annotations

import dataclasses

import pytest

from dome.mesh import identity_mesh, write_mesh
from kiosk.cli import main
from kiosk.errors import SettingsError
from kiosk.show.profiles import PARAMETERS, Profile, ProfileStore, slug

NAME = "Dôme gonflable 5 m — projecteur A"


def test_save_load_last_and_slug(tmp_path):
    store = ProfileStore(tmp_path / "dome")
    assert store.last() == Profile()  # a fresh station: the default profile
    profile = Profile(name=NAME, tilt_deg=15.0, yaw_deg=-30.0, flip_h=True, rotate_deg=180)
    path = store.save(profile)
    assert path.name == "dome-gonflable-5-m-projecteur-a.toml" == f"{slug(NAME)}.toml"
    store.save(Profile(name="Autre"))
    store.set_station(last_profile=NAME)
    assert store.names() == ["Autre", NAME]
    assert store.last() == profile and store.load(NAME) == profile


def test_values_are_clamped_by_sliders_and_refused_from_files(tmp_path):
    profile = Profile().with_value("tilt_deg", 99)
    assert profile.tilt_deg == PARAMETERS["tilt_deg"].high
    with pytest.raises(SettingsError) as bad:
        Profile(fov_deg=300)
    assert bad.value.key == "errors.dome.profile_value" and "fov_deg" in str(bad.value)
    file = tmp_path / "bad.toml"
    file.write_text('format = 1\nname = "x"\nwarp_strength = 2\n')
    with pytest.raises(SettingsError) as unknown:
        ProfileStore(tmp_path / "dome").import_file(file)
    assert "bad.toml" in str(unknown.value) and "warp_strength" in str(unknown.value)
    file.write_text("not toml [")
    with pytest.raises(SettingsError, match="bad.toml"):
        ProfileStore(tmp_path / "dome").import_file(file)
    assert ProfileStore(tmp_path / "dome").names() == []  # nothing half-imported


def test_export_import_round_trip_with_the_mesh(tmp_path):
    write_mesh(tmp_path / "warp.data", identity_mesh(1920, 1080, 5, 4))
    profile = Profile(name=NAME, mesh_name="warp.data", mesh_text=(tmp_path / "warp.data").read_text(), gamma=1.2)
    first = ProfileStore(tmp_path / "a")
    first.save(profile)
    exported = first.export(NAME, tmp_path)
    assert exported.stat().st_size < 10_000  # one small file
    second = ProfileStore(tmp_path / "b")
    assert second.import_file(exported) == profile
    renamed = second.import_file(exported, name="Copie")
    assert renamed == dataclasses.replace(profile, name="Copie") and second.names() == ["Copie", NAME]


def test_the_profile_commands(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    ProfileStore(home / "dome").save(Profile(name=NAME, tilt_deg=12.5))
    assert main(["dome", "profile", "list"]) == 0
    assert capsys.readouterr().out.strip() == f"* {NAME}"
    assert main(["dome", "profile", "show", NAME]) == 0
    assert "tilt_deg = 12.5" in capsys.readouterr().out
    assert main(["dome", "profile", "export", NAME, str(tmp_path / "p.toml")]) == 0
    assert main(["dome", "profile", "import", str(tmp_path / "p.toml"), "--name", "B"]) == 0
    capsys.readouterr()
    assert main(["dome", "profile", "show", "nope"]) == 1
    assert "nope" in capsys.readouterr().err

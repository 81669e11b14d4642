"""kiosk --selftest, the pure checks: each one on a good and on a broken installation, and the report.

The screens check needs Qt: tests/ui/test_selftest_render.py. The whole selftest of the built bundle, read-only
and as an unprivileged user: tests/e2e/test_bundle.py.
"""

from __future__ import annotations

import ctypes.util
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.errors import Message, SettingsError
from kiosk.paths import Paths, resource_root
from kiosk.selftest import (
    Check,
    NothingToCheckError,
    SelftestError,
    Status,
    check_content,
    check_database,
    check_dome,
    check_imports,
    check_read_aloud,
    check_settings,
    check_video,
    imported_names,
    pure_checks,
    run_check,
    run_checks,
)

ROOT = Path(__file__).resolve().parents[2]


def paths_for(home: Path) -> Paths:
    return Paths(home=home, resources=resource_root())


# --- the report -----------------------------------------------------------------------------------
def _ok() -> Message:
    return Message("selftest.dome_ok", {"source": "a", "size": "b"})


def _skip() -> Message:
    raise NothingToCheckError("selftest.audio_no_device")


def _fail() -> Message:
    raise SelftestError("selftest.video_wrong", decoded=1, expected=8)


def _crash() -> Message:
    raise ZeroDivisionError("boom")


DOME, VIDEO = Message("selftest.check.dome"), Message("selftest.check.video")
AUDIO_CHECK, SCREENS = Message("selftest.check.audio"), Message("selftest.check.screens")


def test_a_skipped_check_is_reported_but_the_selftest_passes():
    out = io.StringIO()
    assert run_checks([Check(DOME, _ok), Check(AUDIO_CHECK, _skip)], "en", out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("ok ") and "dome: a equirect mapped to a b domemaster" in lines[0]
    assert lines[1].startswith("skipped") and "sound: no audio device" in lines[1]
    assert lines[2].startswith("selftest passed: 2 checks")


def test_failures_are_named_in_the_operators_language_and_exit_1():
    out = io.StringIO()
    checks = [Check(DOME, _ok), Check(VIDEO, _fail), Check(SCREENS, _crash)]
    assert run_checks(checks, "fr", out) == 1
    text = out.getvalue().replace("\N{NO-BREAK SPACE}", " ").replace("\N{NARROW NO-BREAK SPACE}", " ")
    assert "ÉCHEC    vidéo : 1 images vidéo sur 8 sont revenues (0,0 s)" in text
    assert "ÉCHEC    écrans : erreur inattendue : ZeroDivisionError: boom" in text
    assert text.splitlines()[-1] == "autotest en ÉCHEC, vérifications en échec (2) : vidéo, écrans"


SELFTEST_SOURCES = ("kiosk/selftest.py", "kiosk/commands/selftest.py", "kiosk/ui/selftest_render.py")


def test_every_message_of_the_selftest_is_in_both_tables_with_its_placeholders():
    """tests/kiosk/test_errors.py checks kiosk.errors' classes; this does the same for the selftest's own."""
    import ast
    import string

    from kiosk.i18n import strings

    calls = 0
    for source in SELFTEST_SOURCES:
        for node in ast.walk(ast.parse((ROOT / source).read_text(encoding="utf-8"))):
            name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", ""))
            if not isinstance(node, ast.Call) or name not in ("SelftestError", "NothingToCheckError", "RenderError"):
                continue
            calls += 1
            key = node.args[0].value
            given = {keyword.arg for keyword in node.keywords}
            for language in ("fr", "en"):
                fields = {f for _, f, _, _ in string.Formatter().parse(strings(language)[key]) if f}
                assert fields == given, f"{source}:{node.lineno} {key} ({language})"
    assert calls >= 10


# --- imports --------------------------------------------------------------------------------------
def test_imported_names_sees_imports_inside_functions_and_classes_but_not_relative_ones():
    code = compile(
        textwrap.dedent(
            """
            import json
            from collections import abc
            from . import sibling
            from .child import thing
            def later():
                import xml.dom.minidom
                class Inner:
                    def deeper(self):
                        from email.message import Message
            """
        ),
        "<test>",
        "exec",
    )
    assert imported_names(code) == {"json", "collections", "xml.dom.minidom", "email.message"}


@pytest.fixture
def fake_app(tmp_path, monkeypatch):
    """A package ``fakeapp`` on sys.path, with a module that imports a library inside a function."""
    package = tmp_path / "fakeapp"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "ok.py").write_text("import json\n")
    (package / "__main__.py").write_text("raise SystemExit('never imported by the selftest')\n")
    (package / "lazy.py").write_text("def later():\n    import textwrap\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.split(".")[0] == "fakeapp"]:
        del sys.modules[name]


def test_imports_of_a_complete_app_pass_with_counts(fake_app):
    detail = check_imports(("fakeapp",), skip=())
    assert detail.key == "selftest.imports_ok"
    assert detail.values == {"modules": 4, "libraries": 2}  # fakeapp, .sub, .sub.ok, .lazy; json, textwrap


def test_a_library_missing_from_the_installation_is_named_even_when_imported_lazily(fake_app):
    (fake_app / "lazy.py").write_text("def later():\n    import not_in_this_bundle\n")
    with pytest.raises(SelftestError) as caught:
        check_imports(("fakeapp",), skip=())
    assert caught.value.values["count"] == 1
    assert "not_in_this_bundle (ModuleNotFoundError" in caught.value.values["modules"]


def test_a_broken_module_is_named_and_skipped_parts_are_not_imported(fake_app):
    (fake_app / "sub" / "ok.py").write_text("raise RuntimeError('broken on purpose')\n")
    (fake_app / "server.py").write_text("import uvicorn_like_hq_only\n")
    with pytest.raises(SelftestError) as caught:
        check_imports(("fakeapp",), skip=("fakeapp.server",))
    assert caught.value.values["modules"] == "fakeapp.sub.ok (RuntimeError: broken on purpose)"


# --- settings, content, database, dome, video --------------------------------------------------------
def test_settings_missing_means_defaults_and_a_bad_setting_is_named(tmp_path):
    paths = paths_for(tmp_path)
    assert check_settings(paths).key == "selftest.settings_default"
    paths.settings_file.write_text("idle_timeout_s = 5\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        check_settings(paths)
    assert "idle_timeout_s" in caught.value.text("en")
    assert run_check(Check("settings", lambda: check_settings(paths))).status is Status.FAILED


def test_the_shipped_content_is_valid(tmp_path):
    detail = check_content(paths_for(tmp_path))
    assert detail.key == "selftest.content_ok"
    assert detail.values["quizzes"] >= 5 and detail.values["questions"] >= 40 and detail.values["jobs"] >= 20


def test_a_broken_quiz_in_the_folder_the_settings_name_fails_the_content_check(tmp_path):
    quizzes = tmp_path / "quizzes"
    shutil.copytree(resource_root() / "quizzes", quizzes)
    victim = sorted(quizzes.glob("*.toml"))[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace("[[questions]]", "[[questionz]]", 1))
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text(f'quizzes_dir = "{quizzes}"\n', encoding="utf-8")
    with pytest.raises(SelftestError) as caught:
        check_content(paths_for(home))
    assert victim.name in caught.value.values["first"]


def test_the_database_check_migrates_a_throw_away_database():
    detail = check_database()
    assert detail.key == "selftest.database_ok"
    assert detail.values["events"] == 2  # epoch_started, app_started
    assert detail.values["migrations"] >= 2


def test_the_dome_check_warps_a_frame_with_a_known_answer():
    assert check_dome().key == "selftest.dome_ok"


def test_the_video_check_encodes_and_decodes_h264():
    assert check_video().values["frames"] == 8


def test_the_pure_checks_write_nothing_in_the_data_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text('station_name = "Salle 2"\n', encoding="utf-8")
    before = sorted((p.relative_to(home), p.stat().st_mtime_ns) for p in home.rglob("*"))
    left_out = ("selftest.check.imports", "selftest.check.audio")  # Qt is blocked here; audio: its own test
    checks = [c for c in pure_checks(paths_for(home)) if c.label.key not in left_out]
    assert all(run_check(check).status is not Status.FAILED for check in checks)
    assert sorted((p.relative_to(home), p.stat().st_mtime_ns) for p in home.rglob("*")) == before


# --- sound and read-aloud ---------------------------------------------------------------------------
def test_read_aloud_without_espeak_is_skipped_not_failed(monkeypatch):
    monkeypatch.setattr("kiosk.sound.speech.shutil.which", lambda name: None)
    with pytest.raises(NothingToCheckError) as caught:
        check_read_aloud()
    assert caught.value.key == "selftest.read_aloud_missing"


AUDIO = "from kiosk.selftest import run_check, Check, check_audio; o = run_check(Check('audio', check_audio)); "


@pytest.mark.skipif(ctypes.util.find_library("portaudio") is None, reason="libportaudio2 is missing")
@pytest.mark.parametrize("with_device", [True, False])
def test_audio_plays_silence_on_a_device_and_says_when_there_is_none(tmp_path, with_device):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALSA", "PULSE", "JACK"))}
    env["ALSA_CONFIG_PATH"] = str(tmp_path / "none.conf")
    (tmp_path / "none.conf").write_text("pcm.!default { type hw card 99 }\n")  # as tests/kiosk/test_audio.py
    if with_device:
        env["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{ROOT / 'tests' / 'asound-test.conf'}"
        env["AUDIO_CAPTURE_WAV"] = str(tmp_path / "out.wav")
    code = AUDIO + "print(o.status.value, o.detail.key)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    expected = "ok selftest.audio_ok" if with_device else "skipped selftest.audio_no_device"
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
    if with_device:
        assert (tmp_path / "out.wav").stat().st_size > 44  # the silence reached the device

"""Sound cues: synthesis (pure), silence without a device, and real playback captured through ALSA.

The capture uses the file PCM of tests/asound-test.conf (feasibility.md §5 A). PortAudio reads the
ALSA configuration when sounddevice is imported, so playback runs in a fresh subprocess.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.settings import Settings
from kiosk.sound.cues import CUES, PEAK, RATE, SoundPlayer, SoundStatus, cue, player_from_settings

ROOT = Path(__file__).resolve().parents[2]
ALSA_CONF = ROOT / "tests" / "asound-test.conf"
SYSTEM_ALSA = Path("/usr/share/alsa/alsa.conf")
needs_portaudio = pytest.mark.skipif(
    ctypes.util.find_library("portaudio") is None or not SYSTEM_ALSA.exists(),
    reason="libportaudio2 or the system ALSA configuration is missing",
)


@pytest.mark.parametrize("name", sorted(CUES))
def test_cues_are_short_gentle_and_click_free(name):
    samples = cue(name, volume=1.0)
    assert samples.dtype == np.float32
    assert 0.1 < len(samples) / RATE < 0.8
    assert np.abs(samples).max() == pytest.approx(PEAK, abs=0.01)
    assert abs(samples[0]) < 0.01 and abs(samples[-1]) < 0.01  # soft attack and release
    assert np.abs(cue(name, volume=0.25)).max() == pytest.approx(PEAK * 0.25, abs=0.01)


def test_correct_and_incorrect_are_distinguishable():
    def pitch(samples):
        spectrum = np.abs(np.fft.rfft(samples))
        return np.fft.rfftfreq(len(samples), 1 / RATE)[spectrum.argmax()]

    assert pitch(cue("correct")) > 600 > pitch(cue("incorrect"))


def test_muted_player_never_touches_the_device():
    player = player_from_settings(Settings(sound=False))
    assert player.status is SoundStatus.MUTED
    assert player.play("correct") is False
    assert SoundPlayer(volume=0.0).status is SoundStatus.MUTED


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "KIOSK_PURE_TESTS": "1", **env},
        check=False,
    )


PLAY = (
    "from kiosk.sound.cues import SoundPlayer\n"
    "p = SoundPlayer(volume=1.0)\n"
    "print(p.probe().value, p.play('correct', blocking=True), p.play('summary', blocking=True))\n"
)


@needs_portaudio
def test_cues_are_captured_non_silent_through_a_virtual_device(tmp_path):
    capture = tmp_path / "out.wav"
    result = _run(PLAY, {"ALSA_CONFIG_PATH": f"{SYSTEM_ALSA}:{ALSA_CONF}", "AUDIO_CAPTURE_WAV": str(capture)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "True", "True"]
    with wave.open(str(capture)) as wav:
        assert (wav.getsampwidth(), wav.getframerate()) == (2, 48000)
        frames = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64) / 32768
    # each play opens a new stream, which rewrites the file: it holds the last cue (the summary)
    assert len(frames) / wav.getnchannels() >= 0.9 * len(cue("summary"))
    assert np.sqrt(np.mean(frames**2)) > 0.05  # clearly not silence
    assert np.abs(frames).max() == pytest.approx(PEAK, abs=0.05)


@needs_portaudio
def test_no_sound_device_means_a_silent_player_not_an_error(tmp_path):
    empty = tmp_path / "empty.conf"
    empty.write_text("pcm.!default { type hw card 99 }\n")
    result = _run(PLAY, {"ALSA_CONFIG_PATH": str(empty)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["no_device", "False", "False"]


def test_missing_portaudio_library_is_silent(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    player = SoundPlayer()
    assert player.play("incorrect") is False
    assert player.status is SoundStatus.NO_DEVICE

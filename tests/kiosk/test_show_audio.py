"""The show's sound through a virtual audio device (tests/asound-test.conf: ALSA writes a WAV file through
the null device): the tone is there, at its time in the show (the frame of the flash), at its pitch.

The file device is not paced in real time, so this checks *where* the sound is (its samples land at their
presentation time, none lost or added before it); the A/V offset over a real-time 10-minute show is
measured by bench/playback.py. PortAudio reads the ALSA configuration when sounddevice is imported, so
playback runs in a fresh subprocess.
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

from kiosk.show.decode import video_frames

from .show_media import TONE_HZ, make_show, tone_onset_s

ROOT = Path(__file__).resolve().parents[2]
ALSA_CONF = ROOT / "tests" / "asound-test.conf"
SYSTEM_ALSA = Path("/usr/share/alsa/alsa.conf")
needs_portaudio = pytest.mark.skipif(
    ctypes.util.find_library("portaudio") is None or not SYSTEM_ALSA.exists(),
    reason="libportaudio2 or the system ALSA configuration is missing",
)

PLAY = """
import sys
from pathlib import Path
from kiosk.show.audio import PortAudioSink
from kiosk.show.player import ShowPlayer
sink = PortAudioSink()
player = ShowPlayer(sink)
player.open(Path(sys.argv[1]))
player.play()
while not player.ended:
    player.due_frame()
    player.wait_decoded(player.position_s(), 0.01)
latency = sink.latency_s
player.close()
print(player.error, latency)
"""


@needs_portaudio
def test_the_tone_is_heard_at_the_time_of_the_flash(tmp_path):
    show = make_show(tmp_path / "show.mp4", seconds=2.0, event_s=1.0)
    capture = tmp_path / "heard.wav"
    env = {
        **os.environ,
        "KIOSK_PURE_TESTS": "1",
        "ALSA_CONFIG_PATH": f"{SYSTEM_ALSA}:{ALSA_CONF}",
        "AUDIO_CAPTURE_WAV": str(capture),
    }
    result = subprocess.run(
        [sys.executable, "-c", PLAY, str(show)], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    error, latency = result.stdout.split()
    assert error == "None" and 0 <= float(latency) < 0.5
    flash = next(f.pts_s for f in video_frames(show) if f.y.mean() > 200)  # the first white frame
    assert flash == pytest.approx(1.0)
    with wave.open(str(capture)) as wav:
        assert (wav.getsampwidth(), wav.getframerate(), wav.getnchannels()) == (2, 48000, 2)
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64) / 32768
    samples = samples.reshape(-1, 2)
    onset = tone_onset_s(samples)
    # the device starts with its output latency of silence (the clock counts it): after that, the sound of
    # the flash is where the flash is
    assert abs(onset - float(latency) - flash) < 0.040
    tone = samples[int(onset * 48000) + 480 : int(onset * 48000) + 480 + 9600, 0]
    spectrum = np.abs(np.fft.rfft(tone * np.hanning(len(tone))))
    assert np.fft.rfftfreq(len(tone), 1 / 48000)[spectrum.argmax()] == pytest.approx(TONE_HZ, abs=10)
    assert np.sqrt(np.mean(tone**2)) > 0.2  # loud and clear, not a whisper

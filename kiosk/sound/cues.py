"""Short sound cues (correct, incorrect, summary) synthesised with numpy, played through sounddevice.

Never an error for a visitor: without PortAudio, without an output device, or when playing fails,
the :class:`SoundPlayer` stays silent and its :attr:`~SoundPlayer.status` says why (the facilitator
panel shows a notice). ``sounddevice`` is imported lazily, on the first :meth:`SoundPlayer.probe`,
because PortAudio reads the ALSA configuration at import time (tests set it just before).

Cues are gentle by design (research §4.1: sound low by default): sine notes with a soft attack and
release, peak amplitude ``0.5 × volume``, 48 kHz mono float32.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

import numpy as np

log = logging.getLogger("kiosk")

RATE = 48_000  # Hz
PEAK = 0.5  # amplitude of a cue at volume 1.0 (full scale is 1.0)

# cue -> notes as (frequency in Hz, duration in s); a frequency of 0 is a rest
CUES: dict[str, tuple[tuple[float, float], ...]] = {
    "correct": ((659.25, 0.09), (987.77, 0.16)),  # E5 → B5, bright and short
    "incorrect": ((392.00, 0.12), (329.63, 0.20)),  # G4 → E4, soft and low: "not quite", never a buzzer
    "summary": ((523.25, 0.10), (659.25, 0.10), (783.99, 0.10), (1046.50, 0.25)),  # C major arpeggio
}


class SoundStatus(StrEnum):
    OK = "ok"
    MUTED = "muted"  # settings.sound is off or the volume is 0
    NO_DEVICE = "no_device"  # no PortAudio library or no output device
    UNKNOWN = "unknown"  # not probed yet


def note(frequency: float, seconds: float, rate: int = RATE) -> np.ndarray:
    """A sine note with 10 ms raised-cosine attack and release (no clicks); silence if frequency is 0."""
    n = max(1, int(round(seconds * rate)))
    t = np.arange(n, dtype=np.float64) / rate
    wave = np.sin(2 * np.pi * frequency * t) if frequency > 0 else np.zeros(n)
    ramp = min(n // 2, int(0.010 * rate))
    if ramp > 0:
        envelope = np.ones(n)
        edge = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, ramp))
        envelope[:ramp] = edge
        envelope[-ramp:] = edge[::-1]
        wave = wave * envelope
    return wave


def cue(name: str, volume: float = 1.0, rate: int = RATE) -> np.ndarray:
    """The samples of cue ``name`` (``KeyError`` if unknown), float32 in [-PEAK·volume, PEAK·volume]."""
    parts = [note(frequency, seconds, rate) for frequency, seconds in CUES[name]]
    samples = np.concatenate(parts) * PEAK * float(np.clip(volume, 0.0, 1.0))
    return samples.astype(np.float32)


class SoundPlayer:
    """Plays cues at ``volume`` (0.0–1.0) unless muted; silent (with a status) when it cannot."""

    def __init__(self, *, enabled: bool = True, volume: float = 0.6, rate: int = RATE) -> None:
        self.enabled = enabled
        self.volume = float(np.clip(volume, 0.0, 1.0))
        self.rate = rate
        self._sd: Any = None
        self._status = SoundStatus.UNKNOWN if self.audible else SoundStatus.MUTED
        self._cache: dict[str, np.ndarray] = {}

    @property
    def audible(self) -> bool:
        return self.enabled and self.volume > 0

    @property
    def status(self) -> SoundStatus:
        return self._status

    def probe(self) -> SoundStatus:
        """Import sounddevice and look for a default output device (once); return the status."""
        if self._status is not SoundStatus.UNKNOWN:
            return self._status
        try:
            import sounddevice as sd

            device = sd.query_devices(kind="output")
            if not device or device.get("max_output_channels", 0) < 1:
                raise OSError("no output device")
        except Exception as exc:  # noqa: BLE001 - OSError (no library), PortAudioError, ValueError (no device)
            log.info("sound cues off: %s", exc)
            self._status = SoundStatus.NO_DEVICE
            return self._status
        self._sd = sd
        self._status = SoundStatus.OK
        return self._status

    def play(self, name: str, *, blocking: bool = False) -> bool:
        """Start cue ``name`` (stopping one that still plays); ``True`` if it went to the device."""
        if self.probe() is not SoundStatus.OK:
            return False
        samples = self._cache.get(name)
        if samples is None:
            samples = self._cache[name] = cue(name, self.volume, self.rate)
        try:
            self._sd.play(samples, self.rate, blocking=blocking)
        except Exception as exc:  # noqa: BLE001 - a device unplugged mid-café: go silent, tell the log
            log.warning("sound cue %s failed, sounds now off: %s", name, exc)
            self._status = SoundStatus.NO_DEVICE
            return False
        return True

    def stop(self) -> None:
        if self._sd is not None:
            try:
                self._sd.stop()
            except Exception:
                log.debug("stop failed", exc_info=True)


def player_from_settings(settings: Any) -> SoundPlayer:
    """A player for ``settings.sound`` and ``settings.volume`` (not probed yet)."""
    return SoundPlayer(enabled=settings.sound, volume=settings.volume)

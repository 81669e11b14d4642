"""The show's sound, and the clock everything else follows.

An :class:`AudioSink` receives decoded blocks (:meth:`~AudioSink.write`, which blocks while its buffer
is full) and tells the **media time being heard now** (:meth:`~AudioSink.position_s`): that is the master
clock; the player drops or repeats video frames to follow it.

* :class:`PortAudioSink` plays through sounddevice on a chosen output device; its stream runs only
  while the show plays (a pause stops it, so nothing is written to the device meanwhile). A ring buffer of
  :data:`BUFFER_S` seconds feeds PortAudio's callback; the clock is the time of the sample reaching the
  DAC: ``pts of the first sample of the buffer being played + (stream time − its DAC time)``, as PortAudio
  reports them. Volume changes are ramped over one buffer (no clicks).
* :class:`PacedSink` has no sound card: it discards samples and its clock is the monotonic clock (paused
  time left out), for a show without an audio track, a laptop without an output device, and the bench.

:meth:`~AudioSink.start` resets a sink to a media time (0, or where a seek landed) and leaves it paused, so
the decoder can fill it first; ``set_paused(False)`` starts the clock. The callback never
allocates; when its buffer runs dry before the end of the data it waits a short while for the decoder
(this keeps an unpaced virtual device, such as the test's ALSA file, free of inserted silence) and plays
silence after that, holding the clock still.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from kiosk.errors import DeviceError
from kiosk.show.decode import CHANNELS, RATE

log = logging.getLogger("kiosk")

BUFFER_S = 1.0  # seconds of decoded sound held ahead of the DAC
START_S = 0.25  # sound buffered before the clock starts
UNDERRUN_WAIT_S = 0.25  # how long the callback waits for the decoder before playing silence


class AudioSink(Protocol):
    """Where decoded sound goes, and the master clock (see the module docstring)."""

    def start(self, position_s: float) -> None: ...
    def ready(self) -> bool: ...
    def write(self, samples: np.ndarray, stop: threading.Event) -> bool: ...
    def end_of_data(self) -> None: ...
    def position_s(self) -> float: ...
    def set_paused(self, paused: bool) -> None: ...
    def set_volume(self, volume: float) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class OutputDevice:
    index: int
    name: str
    default: bool


def output_devices() -> list[OutputDevice]:
    """The sound outputs PortAudio sees (empty without PortAudio or without a sound card)."""
    try:
        import sounddevice as sd
    except OSError as exc:  # no PortAudio library
        log.info("no sound output: %s", exc)
        return []
    try:
        devices = sd.query_devices()
        default = sd.default.device[1]
    except sd.PortAudioError as exc:
        log.info("no sound output: %s", exc)
        return []
    return [
        OutputDevice(int(d["index"]), str(d["name"]), int(d["index"]) == default)
        for d in devices
        if d["max_output_channels"] >= CHANNELS
    ]


class PacedSink:
    """No sound, a real-time clock: samples are thrown away once their time has come."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._origin = 0.0  # media time at _since
        self._since = clock()
        self._paused = True
        self._written_until = 0.0

    def start(self, position_s: float) -> None:
        with self._lock:
            self._origin, self._since, self._paused = position_s, self._clock(), True
            self._written_until = position_s

    def ready(self) -> bool:
        return True

    def position_s(self) -> float:
        with self._lock:
            if self._paused:
                return self._origin
            return self._origin + (self._clock() - self._since)

    def write(self, samples: np.ndarray, stop: threading.Event) -> bool:
        """Wait until the block's time is less than :data:`BUFFER_S` ahead of the clock, then drop it."""
        self._written_until += len(samples) / RATE
        while self._written_until - self.position_s() > BUFFER_S:
            if stop.wait(0.02):
                return False
        return True

    def end_of_data(self) -> None:
        pass

    def set_paused(self, paused: bool) -> None:
        with self._lock:
            if paused and not self._paused:
                self._origin += self._clock() - self._since
            elif not paused and self._paused:
                self._since = self._clock()
            self._paused = paused

    def set_volume(self, volume: float) -> None:
        pass

    def close(self) -> None:
        pass


class PortAudioSink:
    """Plays through PortAudio (sounddevice) on ``device`` (index or name; None = the default output)."""

    def __init__(self, device: int | str | None = None, blocksize: int = 1024) -> None:
        try:
            import sounddevice as sd
        except OSError as exc:
            raise DeviceError("errors.dome.audio_missing", reason=str(exc)) from exc
        self._ring = np.zeros((int(BUFFER_S * RATE), CHANNELS), np.float32)
        self._cond = threading.Condition()
        self._read = self._written = 0  # sample counters (ever increasing)
        self._origin = 0.0  # media time of sample number 0 of the counters
        self._eof = False
        self._paused = True
        self._volume = self._applied_volume = 1.0
        self._heard: tuple[float, float] | None = None  # (media time, stream time) of the sample at the DAC
        self._ramp = np.linspace(0.0, 1.0, blocksize, dtype=np.float32)[:, None]
        try:
            self._stream = sd.OutputStream(
                samplerate=RATE,
                channels=CHANNELS,
                dtype="float32",
                device=device,
                blocksize=blocksize,
                callback=self._callback,
            )
        except Exception as exc:  # sounddevice.PortAudioError, ValueError for an unknown device
            raise DeviceError("errors.dome.audio_device", device=str(device), reason=str(exc)) from exc

    def start(self, position_s: float) -> None:
        with self._cond:
            self._read = self._written = 0
            self._origin, self._eof, self._paused, self._heard = position_s, False, True, None
            self._cond.notify_all()

    def ready(self) -> bool:
        """Enough sound buffered to start without a gap (:data:`START_S`), or all of it."""
        with self._cond:
            return self._eof or self._written - self._read >= int(START_S * RATE)

    def write(self, samples: np.ndarray, stop: threading.Event) -> bool:
        size = len(self._ring)
        done = 0
        while done < len(samples):
            with self._cond:
                while self._written - self._read >= size and not stop.is_set():
                    self._cond.wait(0.05)
                if stop.is_set():
                    return False
                n = min(len(samples) - done, size - (self._written - self._read))
                at = self._written % size
                first = min(n, size - at)
                self._ring[at : at + first] = samples[done : done + first]
                self._ring[: n - first] = samples[done + first : done + n]
                self._written += n
                done += n
                self._cond.notify_all()
        return True

    def end_of_data(self) -> None:
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def _callback(self, outdata: np.ndarray, frames: int, timing: Any, status: Any) -> None:
        with self._cond:
            if not self._paused and self._written - self._read < frames and not self._eof:
                self._cond.wait_for(
                    lambda: self._written - self._read >= frames or self._eof or self._paused, UNDERRUN_WAIT_S
                )
            n = 0 if self._paused else min(frames, self._written - self._read)
            size = len(self._ring)
            at = self._read % size
            first = min(n, size - at)
            outdata[:first] = self._ring[at : at + first]
            outdata[first:n] = self._ring[: n - first]
            outdata[n:] = 0
            if n:
                dac = timing.outputBufferDacTime or timing.currentTime
                self._heard = (self._origin + self._read / RATE, dac)
                self._read += n
                self._cond.notify_all()
            target = self._volume
        if target != self._applied_volume:
            ramp = self._ramp[:frames] if frames <= len(self._ramp) else np.linspace(0, 1, frames)[:, None]
            outdata *= self._applied_volume + (target - self._applied_volume) * ramp
            self._applied_volume = target
        elif target != 1.0:
            outdata *= target

    def position_s(self) -> float:
        with self._cond:
            heard = self._heard
            if heard is None or self._paused:
                return self._origin + self._read / RATE if heard is not None else self._origin
            played_until = self._origin + self._read / RATE
        media, dac = heard
        return min(played_until, media + max(0.0, self._stream.time - dac))

    def set_paused(self, paused: bool) -> None:
        """Pausing stops the stream (what is queued plays out); playing starts it on a filled buffer."""
        with self._cond:
            self._paused = paused
            self._cond.notify_all()
        try:
            if paused and self._stream.active:
                self._stream.stop()
            elif not paused and not self._stream.active:
                self._stream.start()
        except Exception as exc:  # noqa: BLE001 - a device that vanished: the clock holds, the show goes on
            log.warning("sound output: %s", exc)

    def set_volume(self, volume: float) -> None:
        with self._cond:
            self._volume = float(np.clip(volume, 0.0, 1.0))

    @property
    def latency_s(self) -> float:
        """PortAudio's output latency: how long a sample takes from the callback to the DAC (the device
        starts with that much silence, which the clock accounts for)."""
        return float(self._stream.latency)

    @property
    def drained(self) -> bool:
        """True once every written sample has been handed to the device after :meth:`end_of_data`."""
        with self._cond:
            return self._eof and self._read >= self._written

    def close(self) -> None:
        try:
            self._stream.stop()
            self._stream.close()
        except Exception as exc:  # noqa: BLE001 - the device may be gone already (a pulled USB card)
            log.info("closing the sound output: %s", exc)

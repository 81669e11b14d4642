"""Short generated shows for the dome player tests: a flash and a tone at the same moment, never stored."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

RATE = 48_000
TONE_HZ = 880.0


def make_show(
    path: Path, *, seconds: float = 2.0, fps: int = 30, size: tuple[int, int] = (320, 160), event_s: float = 1.0
) -> Path:
    """An equirect H.264/AAC file (MPEG-4 part 2 when libx264 is missing): grey frames, white from
    ``event_s`` on for 3 frames (the flash); silence, then a 880 Hz tone from ``event_s`` for 0.3 s."""
    w, h = size
    with av.open(str(path), mode="w") as out:
        codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
        video = out.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = w, h, "yuv420p"
        audio = out.add_stream("aac", rate=RATE)
        audio.layout = "stereo"
        n_frames = int(round(seconds * fps))
        flash = int(round(event_s * fps))
        for k in range(n_frames):
            level = 235 if flash <= k < flash + 3 else 60 + (k % 10) * 4
            planes = np.full((h * 3 // 2, w), 128, np.uint8)
            planes[:h] = level
            frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
            frame.pts, frame.time_base = k, Fraction(1, fps)
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        t = np.arange(int(seconds * RATE)) / RATE
        tone = np.where((t >= event_s) & (t < event_s + 0.3), 0.5 * np.sin(2 * np.pi * TONE_HZ * t), 0.0)
        samples = np.repeat(tone[None, :], 2, axis=0).astype(np.float32)
        block = 1024
        for start in range(0, samples.shape[1], block):
            chunk = np.ascontiguousarray(samples[:, start : start + block])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts, frame.time_base = RATE, start, Fraction(1, RATE)
            for packet in audio.encode(frame):
                out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)
    return path


def tone_onset_s(samples: np.ndarray, rate: int = RATE) -> float:
    """Time of the first 5 ms window whose RMS is clearly not silence."""
    mono = samples if samples.ndim == 1 else samples.mean(axis=1)
    win = rate // 200
    n = len(mono) // win
    rms = np.sqrt(np.mean(mono[: n * win].reshape(n, win) ** 2, axis=1))
    loud = np.flatnonzero(rms > 0.05)
    if loud.size == 0:
        return float("nan")
    k = int(loud[0]) * win
    first = np.flatnonzero(np.abs(mono[max(0, k - win) : k + win]) > 0.02)
    return (max(0, k - win) + int(first[0])) / rate

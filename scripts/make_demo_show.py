"""Draw the demo dome show: a 20-second equirect video with music, from our own synthetic material (CC0).

« Aurores au-dessus du lac »: a night sky with stars turning slowly, an aurora rippling in green and violet
waves, a moon rising in the east, the lake and the hills of the demo landscape with its four direction
posts (front, right, back, left) so that a dome operator sees at once whether the show is the right way
round. The sound: a slow chord pad (A minor, F, C, G; one chord per 5 s), a soft chime every 2.5 s and
a brighter chime when the moon clears the hills (at 10 s) — easy to check against the picture.

Usage: ``python scripts/make_demo_show.py [OUT.mp4]`` (default ``media/360/demo-show.mp4``; needs PyAV with
libx264 and AAC, which the kiosk's wheel has). Deterministic: the same file every run.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dome.equirect import pixel_to_lonlat  # noqa: E402

WIDTH, HEIGHT, FPS, SECONDS = 2048, 1024, 24, 20.0
RATE = 48_000
CHORDS = ((220.0, 261.63, 329.63), (174.61, 220.0, 261.63), (130.81, 164.81, 196.0), (196.0, 246.94, 293.66))


class Sky:
    """Per-pixel directions of the equirect frame and the parts that do not move."""

    def __init__(self) -> None:
        ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
        self.lon, self.lat = pixel_to_lonlat(xs, ys, (HEIGHT, WIDTH))
        rng = np.random.default_rng(7)
        self.stars = rng.uniform(0, 1, (HEIGHT, WIDTH)).astype(np.float32) > 0.9993
        self.ridge = 0.10 + 0.05 * np.sin(3 * self.lon + 1) + 0.02 * np.sin(7 * self.lon) + 0.01 * np.sin(17 * self.lon)
        self.ground = self.landscape()

    def landscape(self) -> np.ndarray:
        lon, lat = self.lon, self.lat
        hills = (lat < self.ridge) & (lat > 0)
        ground = np.zeros((HEIGHT, WIDTH, 3), np.float32)
        ground[hills] = (40, 55, 35)
        lake = lat <= 0
        ground[lake] = np.stack(
            [70 + 30 * np.sin(lat * 60 + lon * 4)[lake], 50 + 0 * lat[lake], 25 + 0 * lat[lake]], -1
        )
        for lon_post, colour in (
            (0.0, (40, 40, 220)),
            (np.pi / 2, (40, 180, 40)),
            (np.pi, (200, 80, 40)),
            (-np.pi / 2, (30, 200, 230)),
        ):
            near = (np.abs(np.angle(np.exp(1j * (lon - lon_post)))) < 0.012) & (lat > -0.01) & (lat < 0.09)
            ground[near] = colour
        return ground

    def frame(self, t: float) -> np.ndarray:
        """BGR uint8 frame at ``t`` seconds: the still background, then the aurora rows, the stars and the moon."""
        if not hasattr(self, "_base"):
            lon, lat = self.lon, self.lat
            height = np.clip(lat / (np.pi / 2), 0, 1)
            sky = np.array([40, 12, 8], np.float32) * (1 - height[..., None]) + np.array([20, 5, 2], np.float32)
            self._base = np.clip(np.where((lat < self.ridge)[..., None], self.ground, sky), 0, 255).astype(np.uint8)
            rows = np.flatnonzero((lat[:, 0] > 0.45) & (lat[:, 0] < 1.3))
            self._rows = slice(int(rows[0]), int(rows[-1]) + 1)
            band_lon, self._band_lat = lon[self._rows], lat[self._rows]
            self._trig = [(np.sin(a * band_lon), np.cos(a * band_lon)) for a in (3.0, 5.0, 9.0)]  # whole turns: no seam
            self._moon_dx = np.angle(np.exp(1j * (lon + 1.0))) * np.cos(lat)
        image = self._base.copy()
        lat = self._band_lat
        (s1, c1), (s2, c2), (s3, c3) = self._trig
        wave = (s1 * np.cos(0.6 * t) + c1 * np.sin(0.6 * t)) * 0.08 + (
            s2 * np.cos(0.9 * t) - c2 * np.sin(0.9 * t)
        ) * 0.04
        ripple = 0.6 + 0.4 * (s3 * np.cos(1.7 * t) + c3 * np.sin(1.7 * t))
        band = image[self._rows].astype(np.float32)
        band += (np.exp(-(((lat - 0.75 - wave) / 0.09) ** 2)) * ripple)[..., None] * np.array([90, 220, 60], np.float32)
        band += (np.exp(-(((lat - 0.95 - wave) / 0.07) ** 2)) * 0.7)[..., None] * np.array([160, 40, 120], np.float32)
        image[self._rows] = np.clip(band, 0, 255).astype(np.uint8)
        image[np.roll(self.stars, int(t * 6), axis=1) & (self.lat > self.ridge)] = 230
        moon_lat = -0.1 + 0.04 * t  # rises above the hills at ≈10 s
        moon = (np.hypot(self._moon_dx, self.lat - moon_lat) < 0.05) & (self.lat > self.ridge)
        image[moon] = (215, 235, 245)
        return image


def chime(frequency: float, t: np.ndarray, at: float, length: float = 1.2) -> np.ndarray:
    age = t - at
    envelope = np.where(age >= 0, np.exp(-np.clip(age, 0, None) * 4.0 / length), 0.0)
    return envelope * np.sin(2 * np.pi * frequency * t) * (age < length)


def music() -> np.ndarray:
    """Stereo float32 (2, n) samples: the pad, the chimes and the moon's chime at 10 s."""
    t = np.arange(int(SECONDS * RATE)) / RATE
    pad = np.zeros_like(t)
    for k, chord in enumerate(CHORDS):
        start, end = k * 5.0, (k + 1) * 5.0
        inside = (t >= start) & (t < end)
        swell = np.sin(np.pi * np.clip((t - start) / 5.0, 0, 1)) ** 0.5
        for f in chord:
            pad += inside * swell * np.sin(2 * np.pi * f * t) / 3
    bells = sum(chime(880.0 if k % 2 else 660.0, t, k * 2.5) for k in range(8))
    moon = chime(1318.5, t, 10.0, 2.0)
    fade = np.clip(np.minimum(t / 1.0, (SECONDS - t) / 1.5), 0, 1)
    left = (0.25 * pad + 0.18 * bells + 0.25 * moon) * fade
    right = (0.25 * pad + 0.18 * np.roll(bells, 240) + 0.25 * moon) * fade
    return np.stack([left, right]).astype(np.float32)


def main(out: Path) -> None:
    sky = Sky()
    with av.open(str(out), mode="w") as container:
        video = container.add_stream("libx264", rate=FPS, options={"preset": "slow", "crf": "27"})
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        audio = container.add_stream("aac", rate=RATE, options={"b": "128k"})
        audio.layout = "stereo"
        samples = music()
        audio_at = 0
        for k in range(int(SECONDS * FPS)):
            image = sky.frame(k / FPS)
            frame = av.VideoFrame.from_ndarray(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420), format="yuv420p")
            frame.pts, frame.time_base = k, Fraction(1, FPS)
            for packet in video.encode(frame):
                container.mux(packet)
            while audio_at < min(samples.shape[1], int((k + 1) / FPS * RATE)):
                chunk = np.ascontiguousarray(samples[:, audio_at : audio_at + 1024])
                block = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
                block.sample_rate, block.pts, block.time_base = RATE, audio_at, Fraction(1, RATE)
                for packet in audio.encode(block):
                    container.mux(packet)
                audio_at += chunk.shape[1]
        for stream in (video, audio):
            for packet in stream.encode(None):
                container.mux(packet)
    print(f"{out}: {SECONDS:g} s, {WIDTH}x{HEIGHT} at {FPS} fps, AAC stereo, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "media" / "360" / "demo-show.mp4")

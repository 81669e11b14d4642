"""Offline conversion of 360° media for the dome, **keeping the sound**: the library behind ``kiosk dome convert``.

Two ways to say what the output is:

* a :class:`dome.Mapping` (source and target projections, orientation, mesh): the video is warped as
  Y/U/V planes by :func:`dome.pipeline.run_pipeline` (decode, warp and encode on three threads);
* a calibration :class:`~kiosk.show.profiles.Profile`: every frame goes through the
  :class:`~kiosk.show.render.ProjectorRenderer` — exactly the image the projector shows with that profile
  (flips, brightness, gamma, mesh gain included).

The audio track is copied packet for packet when the output container takes its codec (mp4, mov, mkv
with AAC, MP3, AC-3…), else re-encoded (AAC, or Opus in WebM); audio packets are muxed as the video
advances, so memory stays flat on long shows. Errors are :class:`kiosk.errors.MediaError` naming the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from dome import MapCache, Mapping, Warper
from dome.errors import DomeError
from dome.pipeline import run_pipeline
from dome.warper import YuvWarper
from kiosk.errors import MediaError, UsageError
from kiosk.show.calibration import SourceKind, build_geometry
from kiosk.show.decode import probe, video_frames
from kiosk.show.profiles import Profile
from kiosk.show.render import ProjectorRenderer

VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".avi", ".webm", ".mpg", ".mpeg", ".ts"})
COPYABLE_AUDIO = {".mp4": {"aac", "mp3", "ac3", "eac3", "alac"}, ".m4v": {"aac"}, ".mov": {"aac", "mp3", "alac"}}


@dataclass(frozen=True)
class Converted:
    """What a conversion wrote: frames, frame rate, codecs, and how the sound was carried."""

    path: Path
    frames: int
    fps: float
    video_codec: str
    audio: str  # "copied", "reencoded" or "none"
    width: int
    height: int


def is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


def _video_codec(path: Path) -> tuple[str, dict[str, str]]:
    import av

    if path.suffix.lower() == ".webm":
        return "libvpx", {"crf": "10", "b": "8M", "deadline": "realtime", "cpu-used": "8"}
    if "libx264" in av.codecs_available:
        return "libx264", {"preset": "veryfast", "crf": "20"}
    return "mpeg4", {"b": "20M"}


class AudioCarrier:
    """Copies (or re-encodes) the input's first audio stream into ``output`` as the video advances."""

    def __init__(self, source: Path, output: Any, out_path: Path) -> None:
        import av

        self.av = av
        self.input = av.open(str(source))
        self.stream = self.input.streams.audio[0] if self.input.streams.audio else None
        self.output, self.mode = output, "none"
        self._packets: Iterator[Any] = iter(())
        self._pending: Any = None
        if self.stream is None:
            return
        codec = self.stream.codec_context.name
        if codec in COPYABLE_AUDIO.get(out_path.suffix.lower(), {"aac", "mp3", "ac3", "opus", "vorbis", "flac"}):
            self.out = output.add_stream_from_template(self.stream)
            self.mode = "copied"
        else:
            name = "libopus" if out_path.suffix.lower() == ".webm" else "aac"
            self.out = output.add_stream(name, rate=48_000)
            self.out.layout = "stereo"
            self.resampler = av.AudioResampler(format=self.out.format.name, layout="stereo", rate=48_000)
            self.mode = "reencoded"
        self._packets = self.input.demux(self.stream)

    def until(self, time_s: float | None) -> None:
        """Mux the audio up to ``time_s`` seconds (None: everything left)."""
        if self.stream is None:
            return
        while True:
            packet = self._pending or next(self._packets, None)
            self._pending = None
            if packet is None:
                break
            if packet.pts is None or packet.size == 0:
                continue
            if time_s is not None and float(packet.pts * packet.time_base) > time_s:
                self._pending = packet
                return
            self._mux(packet)
        if self.mode == "reencoded":
            for out in self.out.encode(None):
                self.output.mux(out)

    def _mux(self, packet: Any) -> None:
        if self.mode == "copied":
            packet.stream = self.out
            self.output.mux(packet)
            return
        for frame in packet.decode():
            frame.pts = None
            for resampled in self.resampler.resample(frame):
                for out in self.out.encode(resampled):
                    self.output.mux(out)

    def close(self) -> None:
        self.input.close()


def convert_video(
    source: Path,
    destination: Path,
    mapping_for: Callable[[int, int], Mapping] | None = None,
    profile: Profile | None = None,
    interp: str = "linear",
    cache: MapCache | None = None,
    progress: Callable[[int], None] | None = None,
    projection: str = "equirect",
) -> Converted:
    """Convert video ``source`` to ``destination`` through ``mapping_for(width, height)`` or ``profile``."""
    import av

    info = probe(source)
    codec, options = _video_codec(destination)
    rate = Fraction(info.fps).limit_denominator(1001)
    try:
        output = av.open(str(destination), mode="w")
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError("errors.dome.output_unwritable", file=str(destination), reason=str(exc)) from exc
    with output:
        if profile is not None:
            render, (oh, ow) = _profile_frames(profile, SourceKind(projection, info.width, info.height))
        else:
            assert mapping_for is not None
            warper, (oh, ow) = _warper(mapping_for(info.width, info.height), interp, cache)
        if oh % 2 or ow % 2:
            raise UsageError("errors.dome.odd_output", width=ow, height=oh)
        video: Any = output.add_stream(codec, rate=rate, options=options)
        video.width, video.height, video.pix_fmt = ow, oh, "yuv420p"
        audio = AudioCarrier(source, output, destination)
        count = iter(range(1 << 62))

        def write(buf: np.ndarray) -> None:
            frame = av.VideoFrame.from_ndarray(buf, format="yuv420p")
            frame.pts, frame.time_base = next(count), 1 / rate
            for packet in video.encode(frame):
                output.mux(packet)
            audio.until(float(frame.pts / rate))

        try:
            if profile is not None:
                done = _run_rendered(source, render, write, progress)
            else:
                done = run_pipeline(_i420_frames(source), warper, write, progress)
                warper.close()
            for packet in video.encode(None):
                output.mux(packet)
            audio.until(None)
        except av.error.FFmpegError as exc:
            raise MediaError("errors.dome.media_broken", file=str(source), reason=str(exc)) from exc
        finally:
            audio.close()
    return Converted(destination, done, float(rate), codec, audio.mode, ow, oh)


def _warper(mapping: Mapping, interp: str, cache: MapCache | None) -> tuple[YuvWarper, tuple[int, int]]:
    try:
        warper = YuvWarper.from_mapping(mapping, interp, cache)
    except DomeError as exc:
        raise UsageError("errors.dome.geometry", problem=str(exc)) from None
    return warper, warper.shape


def _i420_frames(source: Path) -> Iterator[np.ndarray]:
    for planes in video_frames(source):
        h, w = planes.y.shape
        buf = np.empty((h * 3 // 2, w), np.uint8)
        buf[:h] = planes.y
        buf[h:].reshape(-1)[: (h // 2) * (w // 2)] = planes.u.reshape(-1)
        buf[h:].reshape(-1)[(h // 2) * (w // 2) :] = planes.v.reshape(-1)
        yield buf


def _profile_frames(profile: Profile, source: SourceKind) -> tuple[ProjectorRenderer, tuple[int, int]]:
    renderer = ProjectorRenderer(build_geometry(profile, source))
    return renderer, renderer.output_shape


def _run_rendered(
    source: Path,
    renderer: ProjectorRenderer,
    write: Callable[[np.ndarray], None],
    progress: Callable[[int], None] | None,
) -> int:
    done = 0
    for planes in video_frames(source):
        rgb = renderer.render_yuv(planes.y, planes.u, planes.v)
        write(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420))
        done += 1
        if progress is not None:
            progress(done)
    renderer.close()
    return done


def convert_image(
    image: np.ndarray,
    mapping: Mapping | None = None,
    profile: Profile | None = None,
    interp: str = "linear",
    projection: str = "equirect",
) -> np.ndarray:
    """A BGR image through ``mapping``, or (BGR too) exactly as the projector shows it with ``profile``
    (``projection`` of the image: ``"equirect"`` or ``"domemaster"``)."""
    try:
        if profile is not None:
            source = SourceKind(projection, image.shape[1], image.shape[0])
            renderer = ProjectorRenderer(build_geometry(profile, source))
            rgb = renderer.render_bgr(image)
            renderer.close()
            return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        assert mapping is not None
        warper = Warper.from_mapping(mapping, interp)
        try:
            return warper.warp(image).copy()
        finally:
            warper.close()
    except DomeError as exc:
        raise UsageError("errors.dome.geometry", problem=str(exc)) from None

"""The show player: decode threads, the audio clock as master, video frames dropped or repeated to follow it.

Threads: one decodes video (:func:`kiosk.show.decode.video_frames`) into a short queue ordered by time;
one decodes audio into the :class:`~kiosk.show.audio.AudioSink`, which paces it. Nothing here waits on
the GUI thread and the GUI thread never waits on them: it calls :meth:`ShowPlayer.due_frame` at its own
rhythm (every few ms) and gets the newest frame whose time has come by the audio clock, plus
``lookahead_s`` (the back end's render time, so that the frame is *on screen* when its sound is heard).
Frames the clock passed before they could be shown are dropped and counted (a decode-bound file drops
them as they leave the decoder, so what is shown stays in time, yet lets one through every
:data:`MIN_SHOWN_S` so the picture never freezes, and jumps to the sound's time when more than
:data:`RESYNC_S` behind); when no new frame is due the projector keeps the last one (a repeat).
:meth:`presented` records the A/V offset of each frame as the
back end actually shows it: ``frame time − audio clock`` at that moment. :attr:`ShowPlayer.decode_path`
says which video decoder the file got (hardware or software, and why; :mod:`kiosk.show.hwaccel`).

A file without sound, or a station without a sound card, plays on a :class:`~kiosk.show.audio.PacedSink`
(a real-time clock). A decoding error stops the show and is kept in :attr:`ShowPlayer.error` (a
:class:`~kiosk.errors.KioskError`) for the console to show; the next show can be played at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kiosk.errors import KioskError, MediaError
from kiosk.show.audio import AudioSink, PacedSink
from kiosk.show.decode import MediaInfo, VideoPlanes, audio_blocks, probe, video_frames
from kiosk.show.hwaccel import DecodePath

log = logging.getLogger("kiosk")

QUEUE_FRAMES = 6  # decoded frames held ahead (a 4K frame is 12 MB)
START_WAIT_S = 3.0  # how long play() waits for the first frame before starting the clock anyway
LATE_S = 0.1  # a frame decoded this late behind the clock is dropped at once (a decode-bound file)…
MIN_SHOWN_S = 0.25  # …unless none was queued for this long: the dome never freezes on one picture
RESYNC_S = 1.5  # further behind than this, video decoding restarts where the sound is
RESYNC_AHEAD_S = 0.5  # … a little ahead of it, for the time decoding from the keyframe takes


@dataclass
class PlayerStats:
    """Counters since the show started (the console shows them, the bench prints them)."""

    decoded: int = 0
    shown: int = 0
    dropped: int = 0
    resyncs: int = 0  # times the video jumped to the sound's time (decoding far too slow)
    offsets_s: deque[float] = field(default_factory=lambda: deque(maxlen=100_000))

    def offset_summary(self) -> tuple[float, float]:
        """(max, p95) of ``|frame time − audio clock|`` over the presented frames, seconds."""
        if not self.offsets_s:
            return 0.0, 0.0
        values = np.abs(np.fromiter(self.offsets_s, float))
        return float(values.max()), float(np.percentile(values, 95))


class ShowPlayer:
    """Plays one video file at a time; see the module docstring.

    Args:
        sink: where the sound goes (a :class:`~kiosk.show.audio.PortAudioSink`), or None for none.
        clock: the monotonic clock of the silent sink (tests pass a fake one).
    """

    def __init__(self, sink: AudioSink | None = None, clock=time.monotonic) -> None:
        self.audio_sink = sink
        self._paced = PacedSink(clock)
        self._sink: AudioSink = self._paced
        self.info: MediaInfo | None = None
        self.error: KioskError | None = None
        self.decode_path: DecodePath | None = None  # the video decoder of the last file opened
        self.stats = PlayerStats()
        self._queue: deque[VideoPlanes] = deque()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._video_done = self._audio_done = True
        self._last_pts = 0.0
        self._paused = False
        self._volume = 1.0

    # --- transport ---------------------------------------------------------------------------
    def open(self, path: Path) -> MediaInfo:
        """Stop what plays and get ``path`` ready (:class:`MediaError` if it cannot be played)."""
        self.stop()
        self.info = probe(path)
        self.error = None
        return self.info

    def play(self, start_s: float = 0.0) -> None:
        """Start (or restart) the open file at ``start_s`` seconds; returns when the first frame is decoded."""
        if self.info is None:
            return
        self.stop()
        self._stop = threading.Event()
        self.stats = PlayerStats()
        has_sound = self.info.has_audio and self.audio_sink is not None
        self._sink = self.audio_sink if has_sound and self.audio_sink is not None else self._paced
        self._sink.set_volume(self._volume)
        self._sink.start(start_s)
        self._video_done, self._audio_done = False, not has_sound
        self._last_pts = start_s
        path = self.info.path
        self._threads = [threading.Thread(target=self._decode_video, args=(path, start_s), daemon=True)]
        if has_sound:
            self._threads.append(threading.Thread(target=self._decode_audio, args=(path, start_s), daemon=True))
        for thread in self._threads:
            thread.start()
        deadline = time.monotonic() + START_WAIT_S
        with self._cond:  # the first frame decoded and enough sound buffered, then the clock starts
            while not ((self._queue or self._video_done) and (self._sink.ready() or self._audio_done)):
                if time.monotonic() > deadline:
                    break
                self._cond.wait(0.005)
        self._paused = False
        self._sink.set_paused(False)

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self._sink.set_paused(paused)

    @property
    def paused(self) -> bool:
        return self._paused

    def seek(self, position_s: float) -> None:
        """Jump to ``position_s`` (clamped to the show); keeps the paused state."""
        if self.info is None:
            return
        paused = self._paused
        self.play(min(max(0.0, position_s), max(0.0, self.info.duration_s - 0.05)))
        if paused:
            self.set_paused(True)

    def set_volume(self, volume: float) -> None:
        self._volume = float(np.clip(volume, 0.0, 1.0))
        self._sink.set_volume(self._volume)

    def stop(self) -> None:
        """Stop the decoding threads and the clock (the file stays open for :meth:`play`)."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        self._queue.clear()
        self._sink.set_paused(True)

    def close(self) -> None:
        self.stop()
        if self.audio_sink is not None:
            self.audio_sink.close()

    # --- the clock and the frames --------------------------------------------------------------
    def position_s(self) -> float:
        """The audio clock: media time being heard now, seconds."""
        return self._sink.position_s()

    def due_frame(self, lookahead_s: float = 0.0) -> VideoPlanes | None:
        """The newest frame due at ``clock + lookahead_s``, or None when the last one stays (a repeat)."""
        due = self.position_s() + lookahead_s
        chosen = None
        with self._cond:
            while self._queue and self._queue[0].pts_s <= due:
                if chosen is not None:
                    self.stats.dropped += 1
                chosen = self._queue.popleft()
            self._cond.notify_all()
        return chosen

    def presented(self, pts_s: float) -> None:
        """The back end shows the frame of time ``pts_s`` now: count it and record its A/V offset."""
        self.stats.shown += 1
        self.stats.offsets_s.append(pts_s - self.position_s())

    def wait_decoded(self, until_s: float, timeout_s: float = 10.0) -> bool:
        """Wait until a frame at or after ``until_s`` is decoded, or the file is all decoded (tests, bench)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: (
                    self._video_done
                    or (bool(self._queue) and self._queue[-1].pts_s >= until_s)
                    or len(self._queue) >= QUEUE_FRAMES
                ),
                timeout_s,
            )

    @property
    def ended(self) -> bool:
        """True once every frame was handed out and the clock passed the last one."""
        if self.info is None or not self._video_done or self._queue:
            return False
        frame_s = 1.0 / max(self.info.fps, 1.0)
        drained = getattr(self._sink, "drained", False)
        return self.error is not None or drained or self.position_s() >= self._last_pts + frame_s

    # --- threads -------------------------------------------------------------------------------
    def _decoded_by(self, path: DecodePath) -> None:
        if path != self.decode_path:
            log.info("dome video decoding: %s", path.message().text("en"))
        self.decode_path = path

    def _decode_video(self, path: Path, start_s: float) -> None:
        frames = video_frames(path, start_s, self._decoded_by)
        queued_at = -1.0  # clock time when a frame was last queued
        try:
            while (planes := next(frames, None)) is not None:
                clock = self.position_s()
                behind = clock - planes.pts_s
                if behind > RESYNC_S and not self._paused and self.info is not None:
                    frames.close()  # hopelessly behind: jump to where the sound is (from its keyframe)
                    target = min(clock + RESYNC_AHEAD_S, max(0.0, self.info.duration_s - 0.05))
                    self.stats.dropped += 1
                    self.stats.resyncs += 1
                    frames = video_frames(path, target, self._decoded_by)
                    continue
                if behind > LATE_S and not self._paused and clock - queued_at < MIN_SHOWN_S:
                    self.stats.dropped += 1  # decode-bound: too late to show, and one was shown lately
                    continue
                with self._cond:
                    self._cond.wait_for(lambda: len(self._queue) < QUEUE_FRAMES or self._stop.is_set())
                    if self._stop.is_set():
                        return
                    self._queue.append(planes)
                    self._last_pts = planes.pts_s
                    self.stats.decoded += 1
                    self._cond.notify_all()
                queued_at = clock
        except KioskError as exc:
            self.error = exc
        except Exception as exc:  # a bug in a decoder thread must not freeze the dome
            log.exception("video decoding failed")
            self.error = MediaError("errors.dome.media_broken", file=str(path), reason=str(exc))
        finally:
            frames.close()
            with self._cond:
                self._video_done = True
                self._cond.notify_all()

    def _decode_audio(self, path: Path, start_s: float) -> None:
        blocks = audio_blocks(path, start_s)
        try:
            for block in blocks:
                if not self._sink.write(block.samples, self._stop):
                    return
        except KioskError as exc:
            self.error = exc
        except Exception as exc:
            log.exception("audio decoding failed")
            self.error = MediaError("errors.dome.media_broken", file=str(path), reason=str(exc))
        finally:
            blocks.close()
            self._sink.end_of_data()
            self._audio_done = True

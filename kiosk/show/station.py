"""The dome station without Qt: the profile being calibrated, patterns, the playlist, the player, the fade.

The console calls :class:`DomeStation` (move a slider, pick a pattern, play a show, pause, fade…); the
output polls :meth:`DomeStation.tick` every few milliseconds and hands each new :class:`SourceFrame` to
its back end; geometries reach the back end through ``publish_geometry`` from the background builders
(:class:`~kiosk.show.geometry_service.GeometryService`), and through ``publish_analytic`` at once when the
back end computes the projection itself (the GPU; profiles without a mesh or mirror). Methods that
produce participation events return them (the console hands them to the log), as the other activity cores do.

Modes: ``"pattern"`` (a calibration pattern, the default at start: the projector shows something at once),
``"show"`` (a video or a still of the playlist) and ``"black"`` (a show ended, or nothing chosen). The
fade to black ramps the picture and the sound together over :data:`FADE_S` seconds.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np

from kiosk.errors import KioskError, MediaError
from kiosk.log.events import NewEvent
from kiosk.show import events
from kiosk.show.calibration import AnalyticGeometry, Geometry, SourceKind
from kiosk.show.decode import VideoPlanes
from kiosk.show.geometry_service import GeometryService
from kiosk.show.patterns import PATTERN_NAMES, QUICK_SIZE, PatternSources
from kiosk.show.player import ShowPlayer
from kiosk.show.playlist import Show
from kiosk.show.profiles import Profile, ProfileStore
from kiosk.show.render import Look

FADE_S = 1.5


@dataclass(frozen=True)
class SourceFrame:
    """What the projector should show now: a video frame, a BGR image (still or pattern), or black."""

    serial: int
    source: SourceKind | None  # None: black
    planes: VideoPlanes | None = None
    image: np.ndarray | None = None
    pts_s: float = 0.0
    pattern: str | None = None  # its labels are painted by the renderer


class DomeStation:
    """See the module docstring. ``clock`` is monotonic seconds (tests pass a fake one)."""

    def __init__(
        self,
        store: ProfileStore,
        patterns: PatternSources,
        shows: list[Show],
        player: ShowPlayer,
        publish_geometry: Callable[[Geometry], None],
        on_error: Callable[[KioskError], None],
        clock: Callable[[], float] = time.monotonic,
        publish_analytic: Callable[[AnalyticGeometry], None] | None = None,
    ) -> None:
        self.store, self.patterns, self.shows, self.player = store, patterns, shows, player
        self.on_error = on_error
        self.clock = clock
        self.profile: Profile = store.last()
        self.geometry = GeometryService(publish_geometry, on_error, publish_analytic=publish_analytic)
        self.mode = "pattern"
        self.pattern = PATTERN_NAMES[0]
        self.show_index: int | None = None
        self.volume = 0.8
        self.session_id: str | None = None  # the open café session (the console keeps it current)
        self.station_name: str | None = None
        self._serial = itertools.count(1)
        self._pending: SourceFrame | None = None
        self._last: SourceFrame | None = None  # the last frame handed out by tick()
        self._lock = threading.Lock()
        self._source: SourceKind | None = None
        self._fade_from, self._fade_to, self._fade_at = 1.0, 1.0, 0.0
        self._still_until: float | None = None
        self._watched, self._last_pos = 0.0, 0.0
        self.set_pattern(self.pattern)

    # --- calibration ---------------------------------------------------------------------------
    def set_profile(self, profile: Profile, preview: bool = True) -> int:
        """Use ``profile`` (not saved); returns the geometry request's version."""
        self.profile = profile
        return self._request(preview)

    def set_value(self, name: str, value: object) -> int:
        """Change one calibration value (clamped to its range) and ask for the new geometry."""
        return self.set_profile(self.profile.with_value(name, value))

    def _request(self, preview: bool = True) -> int:
        if self._source is None:
            return self.geometry.version
        return self.geometry.request(self.profile, self._source, preview)

    def _use_source(self, source: SourceKind | None) -> None:
        if source is not None and source != self._source:
            self._source = source
            self._request(preview=True)

    # --- patterns ------------------------------------------------------------------------------
    def set_pattern(self, name: str) -> list[NewEvent]:
        """Show calibration pattern ``name`` (ends a show that was playing)."""
        ended = self._end_show()
        self.mode, self.pattern = "pattern", name
        image = self.patterns.cached(name)
        if image is None:
            self._offer_image(self.patterns.get(name, QUICK_SIZE), name)
            threading.Thread(target=self._draw_pattern, args=(name,), daemon=True).start()
        else:
            self._offer_image(image, name)
        return ended

    def _draw_pattern(self, name: str) -> None:
        image = self.patterns.get(name)
        if self.mode == "pattern" and self.pattern == name:
            self._offer_image(image, name)

    def _offer_image(self, image: np.ndarray, pattern: str | None) -> None:
        source = SourceKind(self._projection(pattern), image.shape[1], image.shape[0])
        self._use_source(source)
        with self._lock:
            self._pending = SourceFrame(next(self._serial), source, image=image, pattern=pattern)

    def _projection(self, pattern: str | None) -> str:
        if pattern is None and self.show_index is not None:
            return self.shows[self.show_index].projection
        return "equirect"

    # --- shows ---------------------------------------------------------------------------------
    @property
    def current_show(self) -> Show | None:
        return self.shows[self.show_index] if self.show_index is not None and self.mode == "show" else None

    def play_from(self, index: int) -> tuple[list[NewEvent], list[KioskError]]:
        """Play show ``index``, or the first playable one after it: a missing or broken file is skipped
        (its error returned for the console to show); nothing plays if none can."""
        problems: list[KioskError] = []
        for step in range(len(self.shows)):
            try:
                return self.play_show((index + step) % len(self.shows)), problems
            except KioskError as exc:
                problems.append(exc)
        return [], problems

    def play_show(self, index: int) -> list[NewEvent]:
        """Play show ``index``; a file that cannot be played raises :class:`MediaError` (nothing changes)."""
        show = self.shows[index]
        image: np.ndarray | None = None
        info = None
        if show.kind == "still":
            image = cv2.imread(str(show.path), cv2.IMREAD_COLOR)
            if image is None:
                raise MediaError("errors.dome.image_unreadable", file=str(show.path))
        else:
            info = self.player.open(show.path)
        done = self._end_show()
        self.show_index, self.mode = index, "show"
        self._watched, self._last_pos = 0.0, 0.0
        self.fade(True, at_once=True)
        if image is not None:
            self._still_until = self.clock() + (show.duration_s or 60.0)
            self._offer_image(image, None)
        elif info is not None:
            self._still_until = None
            self._use_source(SourceKind(show.projection, info.width, info.height))
            self.player.set_volume(self.volume)
            self.player.play()
        return [*done, events.show_started(show.media_id, self.session_id, self.station_name)]

    def _end_show(self) -> list[NewEvent]:
        show = self.current_show
        if show is None:
            return []
        self.player.stop()
        self.mode = "black"
        with self._lock:
            self._pending = SourceFrame(next(self._serial), None)
        return [events.show_ended(show.media_id, self._watched, self.session_id, self.station_name)]

    def stop(self) -> list[NewEvent]:
        """End the show on black."""
        return self._end_show()

    def set_paused(self, paused: bool) -> None:
        if self.current_show is not None and self.current_show.kind == "video":
            self.player.set_paused(paused)

    def seek(self, position_s: float) -> None:
        if self.current_show is not None and self.current_show.kind == "video":
            self.player.seek(position_s)
            self._last_pos = position_s

    def set_volume(self, volume: float) -> None:
        self.volume = float(np.clip(volume, 0.0, 1.0))
        self.player.set_volume(self.volume * self.fade_level())

    def position(self) -> tuple[float, float]:
        """(elapsed, total) seconds of the current show; (0, 0) without one."""
        show = self.current_show
        if show is None:
            return 0.0, 0.0
        if show.kind == "still":
            total = show.duration_s or 0.0
            return max(0.0, total - max(0.0, (self._still_until or 0.0) - self.clock())), total
        info = self.player.info
        return self.player.position_s(), (info.duration_s if info else 0.0)

    # --- fade ----------------------------------------------------------------------------------
    def fade(self, visible: bool, at_once: bool = False) -> None:
        """Fade to black (``visible`` False) or back, over :data:`FADE_S` seconds (or at once)."""
        self._fade_from = self.fade_level()
        self._fade_to = 1.0 if visible else 0.0
        self._fade_at = self.clock() - (FADE_S if at_once else 0.0)

    def fade_level(self) -> float:
        t = min(1.0, max(0.0, (self.clock() - self._fade_at) / FADE_S))
        return self._fade_from + (self._fade_to - self._fade_from) * t

    @property
    def faded_out(self) -> bool:
        return self._fade_to == 0.0

    def look(self) -> Look:
        return Look(self.profile.brightness, self.profile.gamma, self.fade_level())

    # --- the output's heartbeat ------------------------------------------------------------------
    def tick(self, lookahead_s: float = 0.0) -> tuple[SourceFrame | None, list[NewEvent]]:
        """The frame to hand to the back end now (None: keep the last one) and events of a show that ended."""
        self.player.set_volume(self.volume * self.fade_level())
        show = self.current_show
        ended: list[NewEvent] = []
        if show is not None and show.kind == "video":
            position = self.player.position_s()
            if 0 < position - self._last_pos < 1.0:
                self._watched += position - self._last_pos
            self._last_pos = position
            planes = self.player.due_frame(lookahead_s)
            if planes is not None and self._source is not None:
                self._last = SourceFrame(next(self._serial), self._source, planes=planes, pts_s=planes.pts_s)
                return self._last, []
            if self.player.error is not None:
                self.on_error(self.player.error)
                ended = self._end_show()
            elif self.player.ended:
                ended = self._end_show()
        elif show is not None and self._still_until is not None:
            self._watched = self.position()[0]
            if self.clock() >= self._still_until:
                ended = self._end_show()
        with self._lock:
            frame, self._pending = self._pending, None
        if frame is not None:
            self._last = frame
        return frame, ended

    def replay(self) -> None:
        """Hand the last frame out again at the next :meth:`tick` (a new back end took over the projector),
        and ask for the geometry again (``publish_analytic`` may have changed)."""
        with self._lock:
            if self._pending is None and self._last is not None:
                self._pending = replace(self._last, serial=next(self._serial))
        self._request(preview=True)

    def audience(self, count: int) -> NewEvent:
        """One tap: ``count`` people watched (the current or last show, or the dome in general)."""
        show = self.shows[self.show_index] if self.show_index is not None else None
        return events.audience(show.media_id if show else None, count, self.session_id, self.station_name)

    def save_profile(self, name: str | None = None) -> Profile:
        """Store the profile being calibrated (under ``name``: save as) and remember it for the next start."""
        if name:
            self.profile = replace(self.profile, name=name)
        self.store.save(self.profile)
        return self.profile

    def close(self) -> None:
        self.player.close()
        self.geometry.close()

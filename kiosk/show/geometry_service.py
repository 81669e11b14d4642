"""Builds projector geometries off the GUI thread: a small preview at once, the full size right after.

A calibration change must reach the projector in under 100 ms, but full-size maps take longer than that on
a small laptop (a 2048² map build is ~70 ms alone, plus its chroma maps and fixed-point conversion). So
every :meth:`GeometryService.request` is built twice, on two threads, latest request wins:

1. the **preview** thread builds it at a quarter of the projector's size (1/16 of the pixels, a few ms)
   and hands it on at once; the renderer upsamples it to the projector, so the picture moves with the
   finger, a little soft;
2. the **full** thread builds the newest request at full size once requests have rested for
   :data:`FULL_SETTLE_S` (so it does not take the CPU from the previews while a finger moves), and hands
   it on only if no newer request came meanwhile (an older full geometry never replaces a newer preview).

``publish(geometry)`` is called on those threads; it must be thread-safe (the back end takes the newest).
Errors (an impossible mirror position, a broken mesh) go to ``on_error`` as :class:`KioskError`.

With ``publish_analytic`` (a back end that computes the projection itself: the GPU's analytic mode), a
request for a profile without a mesh or mirror is handed on at once, on the caller's thread, as an
:class:`~kiosk.show.calibration.AnalyticGeometry` (no maps: the change is on the projector at the next
paint); no preview is built, and the full-size maps (luma only) follow once the slider rests, for what
still needs maps (the pattern labels' placement). Profiles with a mesh or mirror take the two builds above.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.errors import KioskError
from kiosk.show.calibration import (
    AnalyticGeometry,
    Geometry,
    SourceKind,
    analytic_geometry,
    build_geometry,
    preview_size,
)
from kiosk.show.profiles import Profile

log = logging.getLogger("kiosk")
FULL_SETTLE_S = 0.12  # the full-size build waits for the slider to rest this long (the preview does not wait)
Request = tuple[int, Profile, SourceKind, bool]  # version, profile, source, chroma maps wanted


class _Latest:
    """A one-slot mailbox: :meth:`put` replaces what is there, :meth:`take` waits for something new."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: Request | None = None
        self._closed = False

    def put(self, item: Request) -> None:
        with self._cond:
            self._item = item
            self._cond.notify()

    def take(self, settle_s: float = 0.0) -> Request | None:
        """The newest item, once none newer came for ``settle_s`` seconds (None once closed)."""
        with self._cond:
            while self._item is None and not self._closed:
                self._cond.wait()
            item, self._item = self._item, None
            while settle_s > 0 and not self._closed and self._cond.wait(settle_s) and self._item is not None:
                item, self._item = self._item, None  # the finger is still moving: wait for it to rest
            return item

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class GeometryService:
    """Turns profile changes into geometries for ``publish``; see the module docstring."""

    def __init__(
        self,
        publish: Callable[[Geometry], None],
        on_error: Callable[[KioskError], None],
        preview_divisor: int = 4,
        publish_analytic: Callable[[AnalyticGeometry], None] | None = None,
    ) -> None:
        self.publish = publish
        self.on_error = on_error
        self.preview_divisor = preview_divisor
        self.publish_analytic = publish_analytic
        self._version = 0
        self._lock = threading.Lock()
        self._preview_box, self._full_box = _Latest(), _Latest()
        self._threads = [
            threading.Thread(target=self._run, args=(self._preview_box, True), name="dome-preview-maps", daemon=True),
            threading.Thread(target=self._run, args=(self._full_box, False), name="dome-maps", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def version(self) -> int:
        """The number of the newest request."""
        return self._version

    def request(self, profile: Profile, source: SourceKind, preview: bool = True) -> int:
        """Ask for the geometry of ``profile`` and ``source``; returns the request's version number."""
        with self._lock:
            self._version += 1
            version = self._version
        if self.publish_analytic is not None:
            try:
                analytic = analytic_geometry(profile, source, version=version)
            except KioskError as exc:
                self.on_error(exc)
                return version
            if analytic is not None:
                self.publish_analytic(analytic)
                self._full_box.put((version, profile, source, False))
                return version
        if preview:
            self._preview_box.put((version, profile, source, False))
        self._full_box.put((version, profile, source, True))
        return version

    def _run(self, box: _Latest, preview: bool) -> None:
        while (item := box.take(0.0 if preview else FULL_SETTLE_S)) is not None:
            version, profile, source, chroma = item
            if version < self._version and preview:
                continue  # a newer request is already waiting
            try:
                size = preview_size(profile, self.preview_divisor) if preview else None
                geometry = build_geometry(profile, source, size, version, chroma=chroma)
            except KioskError as exc:
                if version == self._version:
                    self.on_error(exc)
                continue
            except Exception:  # a bug must not kill the thread that moves the dome
                log.exception("dome geometry build failed")
                continue
            if version == self._version:  # an outdated build never replaces a newer preview
                self.publish(geometry)

    def close(self) -> None:
        self._preview_box.close()
        self._full_box.close()
        for thread in self._threads:
            thread.join(timeout=5)

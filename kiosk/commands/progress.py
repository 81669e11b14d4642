"""The commands' progress bar for long jobs (``kiosk dome convert``, ``kiosk vr prepare``): one line on stderr.

``Progress(label, total)`` is the ``progress(frames_done)`` callback the converters take
(:func:`kiosk.show.convert.convert_video`, :func:`kiosk.show.headset.prepare`); it redraws at most ten
times a second, ``[#####.....] done/total  fps``, or ``N frames`` when the total is unknown. Call
:meth:`Progress.finish` (in a ``finally``) to end the line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 30
REDRAW_S = 0.1


class Progress:
    """A one-line progress bar on ``stream`` (stderr), redrawn at most every :data:`REDRAW_S` seconds."""

    def __init__(self, label: str, total: int = 0, stream: TextIO | None = None) -> None:
        self.label, self.total = label, total
        self.stream = stream if stream is not None else sys.stderr
        self.start, self.last = time.perf_counter(), 0.0

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.last < REDRAW_S and done != self.total:
            return
        self.last = now
        fps = done / max(now - self.start, 1e-9)
        if self.total > 0:
            filled = int(BAR_WIDTH * min(done, self.total) / self.total)
            bar = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{self.total}"
        else:
            bar = f"{done} frames"
        print(f"\r{self.label} {bar} {fps:5.1f} fps", end="", file=self.stream, flush=True)

    def finish(self) -> None:
        """End the line (the next output starts on a new one)."""
        print(file=self.stream, flush=True)

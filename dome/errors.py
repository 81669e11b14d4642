"""The one error type of the mapping core; callers (the kiosk CLI, the UI) show its message as is."""

from __future__ import annotations


class DomeError(ValueError):
    """An impossible geometry, a malformed warp-mesh file or a frame of the wrong shape.

    The message names the parameter or the file (and line) at fault, in one line.
    """

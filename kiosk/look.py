"""Looking around a 360° picture with a finger: drag → view direction and zoom (pure, no Qt).

Angles in degrees (edge units, as in ``dome``): yaw wraps to [-180, 180), pitch is clamped so the
view never flips over a pole, the horizontal field of view is clamped to a comfortable zoom range.
Dragging moves the picture with the finger: dragging right turns the view left. :class:`LookAround` is the
dome viewer's activity core: the picture on screen, its view and the events of each picture shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.log.clock import Clock
from kiosk.log.events import NewEvent

PITCH_LIMIT_DEG = 85.0
HFOV_RANGE_DEG = (40.0, 110.0)


@dataclass(frozen=True)
class LookState:
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    hfov_deg: float = 90.0

    def dragged(self, dx_px: float, dy_px: float, view_width_px: int) -> LookState:
        """The view after dragging by ``(dx, dy)`` screen pixels on a view ``view_width_px`` wide."""
        deg_per_px = self.hfov_deg / max(1, view_width_px)
        yaw = (self.yaw_deg - dx_px * deg_per_px + 180.0) % 360.0 - 180.0
        pitch = min(PITCH_LIMIT_DEG, max(-PITCH_LIMIT_DEG, self.pitch_deg + dy_px * deg_per_px))
        return replace(self, yaw_deg=yaw, pitch_deg=pitch)

    def zoomed(self, factor: float) -> LookState:
        """Zoom in (``factor`` < 1) or out (> 1), within the comfortable range."""
        low, high = HFOV_RANGE_DEG
        return replace(self, hfov_deg=min(high, max(low, self.hfov_deg * factor)))


class LookAround:
    """One visitor looking around 360° pictures on the kiosk: the picture shown, the view, the events.

    Each picture shown is a ``dome_show_started`` / ``dome_show_ended`` pair with target ``vr-viewer`` and the
    whole seconds it stayed on screen (on the injected monotonic ``clock``); no visitor data. Every action
    returns its events; dragging and zooming only change :attr:`state`.
    """

    TARGET = "vr-viewer"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.state = LookState()
        self.media_id: str | None = None
        self._shown_at = 0.0

    def show(self, media_id: str) -> list[NewEvent]:
        """Show ``media_id`` from straight ahead; the picture shown before (if any) ends first."""
        events = self.end()
        self.media_id = media_id
        self.state = LookState()
        self._shown_at = self.clock.monotonic()
        return [*events, NewEvent("dome_show_started", {"media_id": media_id, "target": self.TARGET})]

    def end(self) -> list[NewEvent]:
        """The picture leaves the screen (another one, the visitor left, idle): ``dome_show_ended``."""
        if self.media_id is None:
            return []
        seconds = int(self.clock.monotonic() - self._shown_at)
        payload = {"media_id": self.media_id, "target": self.TARGET, "seconds": seconds}
        self.media_id = None
        self.state = LookState()
        return [NewEvent("dome_show_ended", payload)]

    def drag(self, dx_px: float, dy_px: float, view_width_px: int) -> None:
        """The finger moved by ``(dx, dy)`` screen pixels on a view ``view_width_px`` wide."""
        self.state = self.state.dragged(dx_px, dy_px, view_width_px)

    def zoom(self, factor: float) -> None:
        """Zoom in (``factor`` < 1) or out (> 1), within :data:`HFOV_RANGE_DEG`."""
        self.state = self.state.zoomed(factor)

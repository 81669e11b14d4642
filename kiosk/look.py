"""Looking around a 360° picture with a finger: drag → view direction and zoom (pure, no Qt).

Angles in degrees (edge units, as in ``dome``): yaw wraps to [-180, 180), pitch is clamped so the
view never flips over a pole, the horizontal field of view is clamped to a comfortable zoom range.
Dragging moves the picture with the finger: dragging right turns the view left.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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

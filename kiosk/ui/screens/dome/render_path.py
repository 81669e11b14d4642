"""Which path draws the visitor's 360° view: the GPU (OpenGL widget, the dome renderer's shader) or the CPU.

One small function, :func:`choose_path`, so that the choice is tested with a fake probe: the GPU when the
dome's probe (:func:`kiosk.ui.output.gl_context.probe`) finds a hardware OpenGL context that can show
widgets, and the Qt platform is not one that cannot show OpenGL widgets (``offscreen`` in the tests…);
``KIOSK_DOME_RENDER=cpu`` keeps the CPU, ``=gpu`` also takes a software rasteriser (as the dome console).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from kiosk.ui.output.gl_context import NO_GL_WIDGETS, GlCapability

RENDER_ENV = "KIOSK_DOME_RENDER"  # the dome console's variable: one switch for both stations

Path = Literal["gpu", "cpu"]


def choose_path(platform: str, probe: Callable[[], GlCapability], environ: Mapping[str, str]) -> tuple[Path, str]:
    """``("gpu" | "cpu", why)`` for the viewer on Qt platform ``platform``; ``probe`` runs only when needed."""
    wanted = environ.get(RENDER_ENV, "").strip().lower()
    if wanted == "cpu":
        return "cpu", f"{RENDER_ENV}=cpu"
    if platform in NO_GL_WIDGETS:
        return "cpu", f"the Qt platform {platform!r} cannot show OpenGL widgets"
    found = probe()
    if found.usable or (wanted == "gpu" and found.available and found.widgets):
        return "gpu", f"{found.renderer} ({found.api} {found.version})"
    return "cpu", found.message().text("en")

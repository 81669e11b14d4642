"""The dome console's projector side: which back end draws and why, which decoder runs, the projector's screen.

* **Back end**: :func:`kiosk.ui.output.gl_backend.choose_backend` — the GPU back end when an OpenGL 3.3
  context of a graphics card exists, else the CPU one — and the line that says which (and why), shown
  under the console's pages with the video decoder's line (:attr:`kiosk.show.player.ShowPlayer.decode_path`:
  hardware or software, and why), both in the operator's language.
* **GPU failure**: if the GPU's OpenGL breaks while the station runs (the projector's context cannot be
  made, a driver error), :func:`fall_back_to_cpu` puts the CPU back end in the projector window, asks for
  the geometry again and shows the last frame again: the dome never stays black for a driver.
* **Screens**: the projector is any display other than the console's (the last one used is remembered),
  else a rehearsal window; a pulled cable moves the picture to the rehearsal window and back.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QScreen

from kiosk.errors import Message
from kiosk.ui.messages import message_text
from kiosk.ui.output.cpu import CpuBackend
from kiosk.ui.output.window import screen_label

if TYPE_CHECKING:
    from kiosk.ui.facilitator.dome_console import DomeConsole

log = logging.getLogger("kiosk")


# --- back end and decoder --------------------------------------------------------------------------------
def status_text(console: DomeConsole) -> str:
    """The console's lines on how the dome is drawn and decoded, in the console's language."""
    tr = console.ctx.tr
    lines = ["🖥  " + message_text(console.backend_message, tr)]
    decode_path = console.station.player.decode_path
    if decode_path is not None:
        lines.append("🎞  " + message_text(decode_path.message(), tr))
    return "\n".join(lines)


def watch_gpu(console: DomeConsole) -> None:
    """Fall back to the CPU when the GPU back end's widget reports a broken OpenGL."""
    failed = getattr(console.backend.surface(), "failed", None)
    if failed is not None:
        failed.connect(lambda reason: fall_back_to_cpu(console, str(reason)))


def fall_back_to_cpu(console: DomeConsole, reason: str) -> None:
    """The GPU failed: the CPU back end takes over the projector window (see the module docstring)."""
    if console.backend.name == "cpu":
        return
    log.error("dome GPU output failed, the CPU back end takes over: %s", reason)
    old = console.backend
    old.on_presented = None
    console.station.geometry.publish_analytic = None  # the CPU needs maps
    backend = CpuBackend(console.ctx.tr.language)
    backend.on_presented = console.presented
    console.backend = backend
    console.backend_message = Message("gpu.path_cpu_failed", {"reason": reason or "-"})
    old.close()
    surface = console.output.set_surface(backend.surface())
    if surface is not None:
        surface.deleteLater()
    console.station.replay()  # the geometry again (maps this time) and the last frame
    console.refresh()


# --- screens ------------------------------------------------------------------------------------------------
def projector_screens(console: DomeConsole) -> list[QScreen]:
    window = console.window()
    main = window.screen() if window is not None else QGuiApplication.primaryScreen()
    return [s for s in QGuiApplication.screens() if s is not main]


def fill_outputs(console: DomeConsole) -> None:
    tr = console.ctx.tr.tr
    choice = console.output_choice
    choice.clear()
    choice.addItem("🪟  " + tr("dome_console.output_rehearsal"), None)
    for screen in projector_screens(console):
        name, w, h = screen_label(screen)
        choice.addItem("📽  " + tr("dome_console.output_screen", name=name, width=w, height=h), name)
    wanted = console.output.wanted_name
    choice.setCurrentIndex(max(0, choice.findData(wanted)) if wanted else 0)


def place_output(console: DomeConsole) -> None:
    """At start: the remembered projector, else the first other screen, else the rehearsal window."""
    screens = projector_screens(console)
    remembered = console.store.station().get("output_screen")
    chosen = next((s for s in screens if s.name() == remembered), screens[0] if screens else None)
    use_screen(console, chosen)


def choose_output(console: DomeConsole) -> None:
    name = console.output_choice.currentData()
    screen = next((s for s in QGuiApplication.screens() if s.name() == name), None) if name else None
    use_screen(console, screen)


def use_screen(console: DomeConsole, screen: QScreen | None) -> None:
    console.output.place(screen)
    if screen is not None:
        _, w, h = screen_label(screen)
        profile = console.station.profile
        if (w - w % 2, h - h % 2) != (profile.projector_width, profile.projector_height):
            console.change_value("projector_width", w - w % 2)
            console.change_value("projector_height", h - h % 2)
        console.remember(output_screen=screen.name())
    fill_outputs(console)


def screen_lost(console: DomeConsole, name: str) -> None:
    console.show_problem(Message("dome_console.output_lost", {"name": name}))
    fill_outputs(console)


def screen_back(console: DomeConsole, name: str) -> None:
    console.controls.message.setText(console.ctx.tr.tr("dome_console.output_back", name=name))
    fill_outputs(console)

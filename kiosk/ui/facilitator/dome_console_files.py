"""The dome console's profile actions: load, save, save as, delete, export, import, warp mesh in and out.

Files are chosen with Qt's own (non-native) file dialog on the console's screen, never on the projector.
Every problem is a :class:`kiosk.errors.KioskError` shown in the profiles page in the operator's language;
nothing is lost: a refused import or mesh leaves the current profile as it was.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from dome.errors import DomeError
from dome.mesh import read_mesh
from kiosk.errors import KioskError, SettingsError
from kiosk.ui.messages import message_text

if TYPE_CHECKING:
    from kiosk.ui.facilitator.dome_console import DomeConsole

MESH_FILES = "Bourke mesh (*.data *.txt);;* (*)"
PROFILE_FILES = "Dome profile (*.toml);;* (*)"


def _say(console: DomeConsole, key: str, **values: object) -> None:
    console.profiles.message.setText("✔  " + console.ctx.tr.tr(key, **values))


def _fail(console: DomeConsole, problem: KioskError | OSError) -> None:
    console.profiles.message.setText("⚠️  " + message_text(problem, console.ctx.tr))


def _pick(console: DomeConsole, title_key: str, filters: str, save: bool = False, name: str = "") -> Path | None:
    dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
    path, _ = dialog(
        console, console.ctx.tr.tr(title_key), name, filters, options=QFileDialog.Option.DontUseNativeDialog
    )
    return Path(path) if path else None


def show_profile_state(console: DomeConsole) -> None:
    """The profile list, the current profile's name and its mesh, as they are now."""
    profile = console.station.profile
    console.profiles.show_names(console.store.names(), profile.name)
    tr = console.ctx.tr.tr
    if not profile.mesh_text:
        console.profiles.mesh.setText(tr("dome_console.mesh_none"))
        return
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "mesh.data"
            path.write_text(profile.mesh_text, encoding="ascii", errors="replace")
            mesh = read_mesh(path, profile.projector_width, profile.projector_height)
    except DomeError:
        console.profiles.mesh.setText(tr("dome_console.mesh_none"))
        return
    ny, nx = mesh.x.shape
    check = mesh.check
    lines = [
        tr(
            "dome_console.mesh_info",
            file=profile.mesh_name,
            nx=nx,
            ny=ny,
            order=tr(f"dome_console.mesh_order_{check.order if check else 'rows'}"),
        )
    ]
    if check and check.degenerate:
        row, col = check.degenerate[0]
        lines.append(tr("dome_console.mesh_degenerate", count=len(check.degenerate), row=row, col=col))
    console.profiles.mesh.setText("\n".join(lines))


def _use(console: DomeConsole, profile) -> None:
    console.station.set_profile(profile)
    console.calibration.show_profile(profile)
    show_profile_state(console)


def load_profile(console: DomeConsole) -> None:
    name = console.profiles.chosen_name()
    try:
        profile = console.store.load(name)
        console.store.set_station(last_profile=profile.name)
    except KioskError as exc:
        _fail(console, exc)
        return
    _use(console, profile)
    _say(console, "dome_console.profile_loaded", name=profile.name)


def save_profile(console: DomeConsole, save_as: bool) -> None:
    name = console.profiles.chosen_name() if save_as else console.station.profile.name
    try:
        profile = console.station.save_profile(name or None)
    except KioskError as exc:
        _fail(console, exc)
        return
    show_profile_state(console)
    _say(console, "dome_console.profile_saved", name=profile.name)


def delete_profile(console: DomeConsole) -> None:
    name = console.profiles.chosen_name()
    console.store.delete(name)
    show_profile_state(console)
    _say(console, "dome_console.profile_deleted", name=name)


def export_profile(console: DomeConsole) -> None:
    profile = console.station.profile
    path = _pick(console, "dome_console.profile_export", PROFILE_FILES, save=True, name=f"{profile.name}.dome.toml")
    if path is None:
        return
    try:
        console.station.save_profile()
        written = console.store.export(profile.name, path)
    except KioskError as exc:
        _fail(console, exc)
        return
    _say(console, "dome_console.profile_exported", file=str(written))


def import_profile(console: DomeConsole) -> None:
    path = _pick(console, "dome_console.profile_import", PROFILE_FILES)
    if path is None:
        return
    try:
        profile = console.store.import_file(path)
    except KioskError as exc:
        _fail(console, exc)
        return
    _use(console, profile)
    _say(console, "dome_console.profile_imported", name=profile.name)


def import_mesh(console: DomeConsole, path: Path | None = None) -> None:
    """Put the mesh of ``path`` (asked for if None) into the current profile, or say why it is refused."""
    path = path or _pick(console, "dome_console.profile_mesh_import", MESH_FILES)
    if path is None:
        return
    profile = console.station.profile
    try:
        read_mesh(path, profile.projector_width, profile.projector_height)
        text = path.read_text(encoding="ascii", errors="replace")
    except DomeError as exc:
        _fail(console, SettingsError("errors.dome.mesh", file=path.name, problem=str(exc)))
        return
    except OSError as exc:
        _fail(console, exc)
        return
    _use(console, dataclasses.replace(profile, mesh_text=text, mesh_name=path.name))
    _say(console, "dome_console.mesh_loaded", file=path.name)


def clear_mesh(console: DomeConsole) -> None:
    _use(console, dataclasses.replace(console.station.profile, mesh_text="", mesh_name=""))

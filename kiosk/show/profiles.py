"""Named calibration profiles of the dome: saved in the data folder, exported and imported as one file.

A :class:`Profile` is everything the projector needs to show a dome right: the set-up (a fisheye lens, or
Paul Bourke's spherical mirror), the projector's resolution, the dome tilt, the content orientation, the
fisheye's field of view and image circle, projector flips and rotation, brightness and gamma, the mirror
geometry and an optional Bourke ``.data`` warp mesh (its text is kept inside the profile, so one profile
is one small TOML file that can be carried to another laptop).

Units: angles in degrees (``_deg``), the image circle in fractions of the projector height (radius 1.0 =
the circle touches the top and bottom edges; offsets + right / + down), lengths in metres (``_m``).
:data:`PARAMETERS` gives every slider's range and steps (the console and the CLI use the same table).

Files: ``<data folder>/dome/profiles/<slug>.toml``; ``<data folder>/dome/station.toml`` remembers the last
profile loaded (and the station's audio device and output screen), so the next start loads it again.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from kiosk.errors import SettingsError

SETUPS = ("fisheye", "mirror")
ROTATIONS = (0, 90, 180, 270)
FORMAT = 1
MAX_FILE_BYTES = 4_000_000  # a profile with a dense mesh is ~200 kB; refuse anything absurd


@dataclass(frozen=True)
class Parameter:
    """A calibration slider: range, fine and coarse steps, unit shown next to the value."""

    low: float
    high: float
    fine: float
    coarse: float
    unit: str = "°"
    setup: str | None = None  # only shown for this set-up


PARAMETERS: dict[str, Parameter] = {
    "tilt_deg": Parameter(-10.0, 45.0, 0.5, 5.0),
    "yaw_deg": Parameter(-180.0, 180.0, 1.0, 15.0),
    "pitch_deg": Parameter(-90.0, 90.0, 0.5, 5.0),
    "roll_deg": Parameter(-180.0, 180.0, 0.5, 5.0),
    "fov_deg": Parameter(120.0, 230.0, 1.0, 10.0, setup="fisheye"),
    "circle_radius": Parameter(0.5, 2.0, 0.005, 0.05, "", setup="fisheye"),
    "circle_x": Parameter(-0.5, 0.5, 0.002, 0.02, "", setup="fisheye"),
    "circle_y": Parameter(-0.5, 0.5, 0.002, 0.02, "", setup="fisheye"),
    "brightness": Parameter(0.3, 1.5, 0.01, 0.1, ""),
    "gamma": Parameter(0.5, 2.5, 0.01, 0.1, ""),
    "mirror_radius_m": Parameter(0.1, 0.6, 0.005, 0.05, "m", setup="mirror"),
    "mirror_y_m": Parameter(-1.5, 0.5, 0.01, 0.1, "m", setup="mirror"),
    "mirror_z_m": Parameter(0.5, 2.8, 0.01, 0.1, "m", setup="mirror"),
    "projector_z_m": Parameter(-1.0, 2.0, 0.01, 0.1, "m", setup="mirror"),
    "throw": Parameter(1.0, 8.0, 0.05, 0.5, "", setup="mirror"),
    "lens_shift": Parameter(-0.5, 0.5, 0.01, 0.1, "", setup="mirror"),
    "dome_radius_m": Parameter(1.5, 10.0, 0.05, 0.5, "m", setup="mirror"),
}


@dataclass(frozen=True)
class Profile:
    """One dome + projector calibration (see the module docstring for units)."""

    name: str = "Dôme"
    setup: str = "fisheye"
    projector_width: int = 1920
    projector_height: int = 1080
    tilt_deg: float = 0.0
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0
    fov_deg: float = 180.0
    circle_radius: float = 1.0
    circle_x: float = 0.0
    circle_y: float = 0.0
    flip_h: bool = False
    flip_v: bool = False
    rotate_deg: int = 0
    brightness: float = 1.0
    gamma: float = 1.0
    dome_radius_m: float = 2.5
    mirror_radius_m: float = 0.3
    mirror_y_m: float = -0.2
    mirror_z_m: float = 2.1
    projector_z_m: float = 0.4
    throw: float = 3.5
    lens_shift: float = 0.0
    mesh_name: str = ""  # file name the mesh came from, shown to the operator
    mesh_text: str = field(default="", repr=False)  # the Bourke .data text, or "" for none

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise problems[0]

    def with_value(self, name: str, value: Any) -> Profile:
        """A copy with ``name`` set; slider values are clamped to their range."""
        if name in PARAMETERS:
            spec = PARAMETERS[name]
            value = min(spec.high, max(spec.low, float(value)))
        return dataclasses.replace(self, **{name: value})

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, **dataclasses.asdict(self)}


def _problems(profile: Profile) -> list[SettingsError]:
    """What is wrong with ``profile``, as errors with message keys (empty when it is fine)."""
    problems: list[SettingsError] = []
    if not profile.name.strip() or len(profile.name) > 80 or "\n" in profile.name:
        problems.append(SettingsError("errors.dome.profile_name"))
    if profile.setup not in SETUPS:
        problems.append(SettingsError("errors.dome.profile_value", name="setup", value=profile.setup))
    if profile.rotate_deg not in ROTATIONS:
        problems.append(SettingsError("errors.dome.profile_value", name="rotate_deg", value=profile.rotate_deg))
    for side in ("projector_width", "projector_height"):
        value = getattr(profile, side)
        if not isinstance(value, int) or not 64 <= value <= 8192 or value % 2:
            problems.append(SettingsError("errors.dome.profile_value", name=side, value=value))
    for name, spec in PARAMETERS.items():
        value = getattr(profile, name)
        if not isinstance(value, (int, float)) or not spec.low <= value <= spec.high:
            problems.append(SettingsError("errors.dome.profile_value", name=name, value=value))
    return problems


def slug(name: str) -> str:
    """A file name for a profile name: « Dôme gonflable 5 m — projecteur A » → ``dome-gonflable-5-m-projecteur-a``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "profil"


def profile_from_dict(data: dict[str, Any], where: str) -> Profile:
    """A profile from a TOML table; :class:`SettingsError` names ``where`` and the bad field."""
    known = {f.name for f in dataclasses.fields(Profile)}
    unknown = sorted(set(data) - known - {"format"})
    if unknown:
        raise SettingsError("errors.dome.profile_unknown", file=where, name=unknown[0])
    if data.get("format", FORMAT) != FORMAT:
        raise SettingsError("errors.dome.profile_format", file=where, format=data.get("format"))
    values = {k: v for k, v in data.items() if k in known}
    try:
        return Profile(**values)
    except SettingsError as exc:
        raise SettingsError("errors.dome.profile_invalid", file=where, problem=exc) from None
    except TypeError as exc:
        raise SettingsError("errors.dome.profile_invalid", file=where, problem=str(exc)) from None


def read_profile_file(path: Path) -> Profile:
    """Read a profile file (exported or stored); errors name the file."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SettingsError("errors.dome.profile_too_big", file=str(path))
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError("errors.dome.profile_unreadable", file=str(path), reason=exc.strerror or str(exc)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError("errors.dome.profile_unreadable", file=str(path), reason=str(exc)) from exc
    return profile_from_dict(data, str(path))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_profile_file(path: Path, profile: Profile) -> None:
    """Write ``profile`` as TOML at ``path`` (atomically: a crash never leaves half a file)."""
    header = "# Calibration profile of the dome (kiosk dome profile show|export|import). Angles in degrees.\n"
    try:
        _write_atomically(path, header + tomli_w.dumps(profile.to_dict(), multiline_strings=True))
    except OSError as exc:
        raise SettingsError("errors.dome.profile_unwritable", file=str(path), reason=exc.strerror or str(exc)) from exc


class ProfileStore:
    """The profiles of this station, in ``folder`` (``<data>/dome``): ``profiles/*.toml`` + ``station.toml``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.profiles_dir = folder / "profiles"
        self.station_file = folder / "station.toml"

    def path_of(self, name: str) -> Path:
        return self.profiles_dir / f"{slug(name)}.toml"

    def names(self) -> list[str]:
        """Names of the stored profiles, sorted; unreadable files are skipped (see :meth:`problems`)."""
        return sorted(p.name for p in self._profiles())

    def problems(self) -> list[SettingsError]:
        """What is wrong with the stored files that :meth:`names` skipped."""
        found = []
        for path in sorted(self.profiles_dir.glob("*.toml")):
            try:
                read_profile_file(path)
            except SettingsError as exc:
                found.append(exc)
        return found

    def _profiles(self) -> list[Profile]:
        profiles = []
        for path in sorted(self.profiles_dir.glob("*.toml")):
            try:
                profiles.append(read_profile_file(path))
            except SettingsError:
                continue
        return profiles

    def load(self, name: str) -> Profile:
        path = self.path_of(name)
        if not path.is_file():
            raise SettingsError("errors.dome.profile_missing", name=name)
        return read_profile_file(path)

    def save(self, profile: Profile) -> Path:
        """Store ``profile`` (replacing one of the same name) and make it the last one used."""
        path = self.path_of(profile.name)
        write_profile_file(path, profile)
        self.set_station(last_profile=profile.name)
        return path

    def delete(self, name: str) -> None:
        self.path_of(name).unlink(missing_ok=True)

    def export(self, name: str, destination: Path) -> Path:
        """Copy profile ``name`` (mesh included) to ``destination`` (a file, or a folder to put it in)."""
        profile = self.load(name)
        if destination.is_dir():
            destination = destination / f"{slug(name)}.dome.toml"
        write_profile_file(destination, profile)
        return destination

    def import_file(self, source: Path, name: str | None = None) -> Profile:
        """Store the profile of file ``source`` (under ``name`` if given) and return it."""
        profile = read_profile_file(source)
        if name:
            profile = dataclasses.replace(profile, name=name)
        self.save(profile)
        return profile

    def last(self) -> Profile:
        """The profile loaded last, else the first stored one, else the default profile."""
        wanted = self.station().get("last_profile")
        if isinstance(wanted, str) and self.path_of(wanted).is_file():
            try:
                return self.load(wanted)
            except SettingsError:
                pass
        profiles = self._profiles()
        return profiles[0] if profiles else Profile()

    def station(self) -> dict[str, Any]:
        """The station's remembered choices (``last_profile``, ``audio_device``, ``output_screen``)."""
        try:
            with open(self.station_file, "rb") as handle:
                return tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            return {}

    def set_station(self, **values: str) -> None:
        data = {**self.station(), **values}
        try:
            _write_atomically(self.station_file, tomli_w.dumps(data))
        except OSError as exc:
            raise SettingsError(
                "errors.dome.profile_unwritable", file=str(self.station_file), reason=exc.strerror or str(exc)
            ) from exc

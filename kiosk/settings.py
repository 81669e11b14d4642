"""Kiosk settings: one documented TOML file in the data folder, every key with a default and a help line.

The file is ``<data home>/kiosk.toml`` (see :mod:`kiosk.paths`); every key is optional. ``kiosk settings
init`` writes a commented copy of all defaults, ``kiosk settings show`` prints the effective values.
An unknown key, a wrong type or a value out of range stops the start with a :class:`SettingsError` that
names the setting and its line.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.errors import SettingsError

DEFAULT_STATIONS = ["Robot humanoïde", "Pilotage de drone", "Casques RV", "Coin balado"]


class Settings(BaseModel):
    """Effective settings. Times are in seconds unless the name says otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: Literal["fr", "en"] = Field("fr", description="Language shown to a new visitor (fr or en).")
    kiosk_mode: bool = Field(
        False, description="Full screen, no window frame, closing refused; only the facilitator PIN exits."
    )
    screen: int = Field(0, ge=0, le=16, description="Screen number used in kiosk mode (0 = primary).")
    station_name: str = Field(
        "Kiosque 1", min_length=1, max_length=60, description="Name of this laptop's station, shown to HQ."
    )
    idle_timeout_s: int = Field(
        60, ge=10, le=3600, description="Seconds without a touch before the « Toujours là ? » countdown."
    )
    idle_countdown_s: int = Field(
        15, ge=3, le=120, description="Length of the « Toujours là ? » countdown before a full reset."
    )
    large_text: bool = Field(False, description="Larger text everywhere (accessibility).")
    high_contrast: bool = Field(False, description="High-contrast colours (accessibility).")
    sound: bool = Field(True, description="Play short sound cues (off = muted).")
    volume: float = Field(0.6, ge=0.0, le=1.0, description="Volume of sound cues, 0.0 to 1.0.")
    read_aloud: bool = Field(True, description="Offer the speaker button that reads questions aloud.")
    quiz_timer_s: int = Field(
        0, ge=0, le=300, description="Optional time limit per quiz question; 0 = no timer (fair default)."
    )
    facilitator_hold_ms: int = Field(
        1500, ge=500, le=10000, description="Long-press time in the top-left corner that opens the PIN pad."
    )
    facilitator_idle_s: int = Field(
        120,
        ge=30,
        le=3600,
        description="Seconds without a touch on a facilitator page or PIN pad before the countdown back to attract.",
    )
    pin_max_tries: int = Field(5, ge=1, le=20, description="Wrong PIN tries before the PIN pad locks.")
    pin_lock_s: int = Field(60, ge=5, le=3600, description="How long the PIN pad stays locked.")
    external_stations: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STATIONS),
        description="Stations the app does not drive, counted by one tap in the facilitator panel.",
    )
    hq_url: str = Field("", description="Address of the HQ service for « Synchroniser » (empty = USB only).")
    quizzes_dir: str = Field("", description="Folder of quiz files; empty = the bundled quizzes/.")


def setting_help() -> list[tuple[str, Any, str]]:
    """``(name, default, help)`` for every setting, in declaration order."""
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        rows.append((name, default, field.description or ""))
    return rows


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=", 1)[0].strip() == key:
            return number
    return 0


def load_settings(path: Path) -> Settings:
    """Read ``path`` (missing file = all defaults); raise :class:`SettingsError` naming the bad setting."""
    if not path.exists():
        return Settings()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise SettingsError("errors.settings.not_utf8", file=str(path), reason=exc.reason) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError("errors.settings.not_toml", file=str(path), reason=str(exc)) from exc
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "?"
        line = _line_of(text, key)
        if first["type"] == "extra_forbidden":
            raise SettingsError("errors.settings.unknown", file=str(path), line=line, name=key) from exc
        raise SettingsError(
            "errors.settings.invalid",
            file=str(path),
            line=line,
            name=key,
            problem=first["msg"],
            value=repr(first.get("input")),
        ) from exc


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return repr(value)


def settings_template() -> str:
    """A commented ``kiosk.toml`` listing every setting with its default (all commented out)."""
    lines = [
        "# Café numérique kiosk settings. Uncomment a line to change it; every key is optional.",
        "# Check with `kiosk settings show`.",
        "",
    ]
    for name, default, help_text in setting_help():
        lines += [f"# {help_text}", f"# {name} = {_toml_value(default)}", ""]
    return "\n".join(lines)

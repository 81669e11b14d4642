"""Where things are: the one module that knows the filesystem layout.

Two roots:

* **resources** (read-only): ``quizzes/``, ``media/`` and the locales shipped with the app. In a
  PyInstaller bundle they sit under ``sys._MEIPASS``; in a checkout, at the repository root.
* **data home** (writable): settings, the participation database, logs, exports, caches. Chosen in
  this order: an explicit argument (``kiosk --home DIR``), the ``KIOSK_HOME`` environment variable,
  else the platform's user data folder (``platformdirs``). Nothing is ever written into resources.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "cafe-numerique-kiosk"
HOME_ENV = "KIOSK_HOME"


def resource_root() -> Path:
    """Folder holding ``quizzes/`` and ``media/``: the bundle when frozen, else the checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def kiosk_command() -> list[str]:
    """The command that starts this kiosk again: the bundle's own executable when frozen, else ``python -m kiosk``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]


def data_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The writable data folder (not created here): argument, then ``KIOSK_HOME``, then platformdirs."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class Paths:
    """Every location the kiosk reads or writes, derived from one data home and one resource root."""

    home: Path
    resources: Path

    @classmethod
    def discover(cls, explicit_home: str | os.PathLike[str] | None = None) -> Paths:
        """Paths for the data home chosen by :func:`data_home` and the running app's resources."""
        return cls(home=data_home(explicit_home), resources=resource_root())

    # --- writable (under home) -------------------------------------------------------------
    @property
    def settings_file(self) -> Path:
        return self.home / "kiosk.toml"

    @property
    def identity_file(self) -> Path:
        """Device id, current epoch and database instance id (JSON)."""
        return self.home / "device.json"

    @property
    def pin_file(self) -> Path:
        return self.home / "pin.json"

    @property
    def db_file(self) -> Path:
        return self.home / "participation.db"

    @property
    def quarantine_dir(self) -> Path:
        """Databases that failed their check are moved here with their -wal/-shm, never deleted."""
        return self.home / "quarantine"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def backups_dir(self) -> Path:
        return self.home / "backups"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def keys_dir(self) -> Path:
        return self.home / "keys"

    # --- read-only (resources) -------------------------------------------------------------
    @property
    def quizzes_dir(self) -> Path:
        return self.resources / "quizzes"

    @property
    def media_dir(self) -> Path:
        return self.resources / "media"

    def ensure(self) -> Paths:
        """Create the writable folders (idempotent) and return self."""
        for folder in (self.home, self.log_dir, self.exports_dir, self.backups_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

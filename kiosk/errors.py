"""Typed errors of the core. The CLI prints them as one line; the UI shows them in one place.

Every error names *what* went wrong and *where* (a file, a setting, a line) so that a facilitator or
an HQ operator can act on it without a traceback.
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of every error the kiosk expects and explains to a person."""

    exit_code: int = 1


class SettingsError(KioskError):
    """A setting in the TOML file is unknown, of the wrong type or out of range."""


class ContentError(KioskError):
    """A quiz, career or media file is malformed; the message names file and line."""


class LogbookError(KioskError):
    """The participation database cannot be opened or written."""


class PinError(KioskError):
    """The facilitator PIN is missing, malformed, wrong or locked."""


class SyncError(KioskError):
    """A bundle could not be built, verified, sent or ingested; ``code`` says why."""

    def __init__(self, message: str, *, code: str = "sync_error") -> None:
        super().__init__(message)
        self.code = code


class UsageError(KioskError):
    """A command-line argument is impossible (e.g. a negative size)."""

    exit_code = 2

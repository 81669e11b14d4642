"""Typed errors and messages for people: one channel, one format, both languages.

Everything a person can read about a problem — a facilitator on the panel, an operator at the command
line, HQ — is a :class:`Message`: a key into the ``errors`` (or ``notices``) tables of the locale files
(``kiosk/locales/{fr,en}/*.toml``) and the values that fill its ``{placeholders}``. Code never writes the
sentence itself, so it exists in French and English and a test can check that every key is in both tables.

Expected failures raise a :class:`KioskError` subclass carrying such a message. The UI shows it through
one function (``kiosk.ui.messages.show_error``), the command line prints it through one function
(:func:`kiosk.cli.main` → :meth:`KioskError.text`). ``str(error)`` is the English text, for logs.

Every error names *what* went wrong and *where* (a file, a setting, a line) so that a facilitator or an
HQ operator can act on it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.i18n import strings
from kiosk.typography import typeset


@dataclass(frozen=True)
class Message:
    """A sentence for a person: ``key`` (e.g. ``"errors.pin.wrong_length"``) and its ``values``."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> str:
        """The sentence in ``language`` (``"fr"`` or ``"en"``), typeset like every UI string (French no-break
        spaces, see :mod:`kiosk.typography`); the key itself if a table lacks it."""
        template = strings(language).get(self.key)
        if template is None:
            return self.key + (f" {self.values}" if self.values else "")
        return typeset(template.format(**{k: _render(v, language) for k, v in self.values.items()}), language)


def _render(value: Any, language: str) -> Any:
    """A nested message (e.g. the cause of an error) is rendered in the same language."""
    if isinstance(value, Message):
        return value.text(language)
    if isinstance(value, KioskError):
        return value.text(language)
    return value


class KioskError(Exception):
    """Root of every error the kiosk expects and explains to a person.

    ``KioskError("errors.x.y", name=…)``: the key of the sentence in the locale tables and its values.
    """

    exit_code: int = 1

    def __init__(self, key: str, /, **values: Any) -> None:
        self.message = Message(key, values)
        super().__init__(key)

    @property
    def key(self) -> str:
        return self.message.key

    @property
    def values(self) -> dict[str, Any]:
        return self.message.values

    def text(self, language: str) -> str:
        return self.message.text(language)

    def __str__(self) -> str:
        return self.text("en")


class SettingsError(KioskError):
    """A setting in the TOML file is unknown, of the wrong type or out of range."""


class ContentError(KioskError):
    """A quiz, career or media file is malformed; the message names file and line."""


class LogbookError(KioskError):
    """The participation database cannot be opened or written."""


class EventError(KioskError):
    """An event that must not be logged (unknown type, unexpected key, free text, a value out of bounds)."""


class SessionError(KioskError):
    """A café session field (venue, region, audience, group size) is missing or out of range."""


class PinError(KioskError):
    """The facilitator PIN is missing, malformed, wrong or locked."""


class SyncError(KioskError):
    """A bundle could not be built, verified, sent or ingested; ``code`` says why (machine-readable)."""

    def __init__(self, key: str, /, *, code: str = "sync_error", **values: Any) -> None:
        super().__init__(key, **values)
        self.code = code


class MediaError(KioskError):
    """A picture, video or sound cannot be read, decoded or played; the message names the file."""


class DeviceError(KioskError):
    """A display, projector, audio device or other hardware is missing or refused what was asked."""


class UsageError(KioskError):
    """A command-line argument is impossible (e.g. a negative size)."""

    exit_code = 2

"""What every screen receives: the services built by :mod:`kiosk.app`, and their change signals.

No globals: the app builds one :class:`KioskContext` and passes it down. Screens log through
:meth:`KioskContext.log`: the events an activity core returned are stamped by the flow (visitor, session,
station: :meth:`kiosk.flow.VisitorFlow.stamp`) and handed to the single background writer. A failed write
reaches the GUI thread through one queued signal and becomes a facilitator notice, never an error for the
visitor.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.careers import CareerCatalogue
from kiosk.content.loader import QuizCatalogue
from kiosk.errors import ContentError, Message
from kiosk.flow import VisitorFlow
from kiosk.i18n import Translator
from kiosk.log.clock import Clock
from kiosk.log.events import NewEvent
from kiosk.log.writer import BackgroundWriter
from kiosk.paths import Paths
from kiosk.pin import PinGate
from kiosk.settings import Settings

log = logging.getLogger("kiosk")


class Signals(QObject):
    """Change notifications screens listen to."""

    language_changed = Signal(str)
    notices_changed = Signal()
    session_changed = Signal()
    go_home = Signal()
    accessibility_changed = Signal(bool, bool)  # large_text, high_contrast
    events_written = Signal()  # a facilitator write committed (counts, « en attente d'envoi » may move)
    write_failed = Signal(object)  # emitted on the writer thread; delivered queued on the GUI thread


@dataclass
class KioskContext:
    settings: Settings
    paths: Paths
    clock: Clock
    tr: Translator
    flow: VisitorFlow
    writer: BackgroundWriter
    reader: sqlite3.Connection
    catalogue: QuizCatalogue
    careers: CareerCatalogue | None  # None when the careers files are invalid (careers_error says why)
    pin_gate: PinGate
    careers_error: ContentError | None = None
    signals: Signals = field(default_factory=Signals)
    notices: list[Message] = field(default_factory=list)
    large_text: bool = False  # the current visitor's accessibility choices (reset for the next one)
    high_contrast: bool = False

    def __post_init__(self) -> None:
        self.large_text = self.settings.large_text
        self.high_contrast = self.settings.high_contrast
        # The writer calls back on its own thread: a queued connection brings the failure to the GUI thread.
        self.signals.write_failed.connect(self._write_failed, Qt.ConnectionType.QueuedConnection)

    def set_accessibility(self, *, large_text: bool, high_contrast: bool) -> None:
        """Change larger text / high contrast everywhere at once (every header and screen listens)."""
        if (large_text, high_contrast) != (self.large_text, self.high_contrast):
            self.large_text, self.high_contrast = large_text, high_contrast
            self.signals.accessibility_changed.emit(large_text, high_contrast)

    def log(self, events: Sequence[NewEvent]) -> None:
        """Stamp ``events`` (see the module docstring) and queue them for one transaction on the writer thread."""
        if events:
            self.writer.submit(self.flow.stamp(events), on_error=self.signals.write_failed.emit)

    def log_now(self, events: Sequence[NewEvent]) -> None:
        """Like :meth:`log`, and wait for the commit (facilitator actions whose figures must show at once)."""
        if events:
            self.writer.submit(self.flow.stamp(events), on_error=self.signals.write_failed.emit).exception()
            self.signals.events_written.emit()

    def _write_failed(self, error: BaseException) -> None:
        """On the GUI thread: a write failed; the facilitator panel says so (visitors never see it)."""
        log.error("log write failed: %s", error)
        self.add_notice(Message("facilitator.write_failed", {"error": error}))

    def close(self) -> None:
        """Finish queued writes, close the log and the reader."""
        self.writer.close()
        self.reader.close()

    def add_notice(self, notice: Message) -> None:
        """A message for the facilitator panel, shown in the language of the moment."""
        self.notices.append(notice)
        self.signals.notices_changed.emit()

"""Background work with its outcome delivered on the GUI thread: the one way screens run slow work.

Like Anki's ``QueryOp``: :func:`run_in_background` runs ``work`` on a worker thread of the application's
thread pool and calls ``on_success(result)`` or ``on_failure(error)`` later **on the GUI thread**, so the
callbacks may touch widgets. ``work`` may report progress through the ``report`` callable it receives;
each report reaches ``on_progress`` on the GUI thread too. Expected failures are
:class:`kiosk.errors.KioskError`; an ``OSError`` (a pulled USB key, a full disk) is passed on as it is;
anything else is logged with its traceback and passed on as well, so a screen never freezes on a bug.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.errors import KioskError

log = logging.getLogger("kiosk")

T = TypeVar("T")
Report = Callable[[Any], None]


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit, Qt queues the calls to the GUI thread."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[Report], T], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work(self.relay.progress.emit)
        except Exception as exc:  # handed to on_failure on the GUI thread
            if not isinstance(exc, (OSError, KioskError)):
                log.exception("background work failed")
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class BackgroundOp:
    """A running (or finished) background job; :attr:`running` is True until a callback has run."""

    _alive: set[BackgroundOp] = set()  # keeps relays alive until their callbacks ran

    def __init__(
        self,
        work: Callable[[Report], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None],
        on_progress: Callable[[Any], None] | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        self.running = True
        self._relay = _Relay()
        self._relay.succeeded.connect(lambda result: self._finish(on_success, result))
        self._relay.failed.connect(lambda error: self._finish(on_failure, error))
        if on_progress is not None:
            self._relay.progress.connect(on_progress)
        BackgroundOp._alive.add(self)
        (pool or QThreadPool.globalInstance()).start(_Job(work, self._relay))

    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        self.running = False
        BackgroundOp._alive.discard(self)
        callback(value)


def run_in_background(
    work: Callable[[Report], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[Exception], None],
    on_progress: Callable[[Any], None] | None = None,
) -> BackgroundOp:
    """Run ``work(report)`` off the GUI thread; its outcome comes back on the GUI thread (see module doc)."""
    return BackgroundOp(work, on_success, on_failure, on_progress)

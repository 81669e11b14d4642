"""The one writer, off the GUI thread: a single worker that owns every write to the log.

The UI calls :meth:`BackgroundWriter.submit` and gets a ``Future``; it shows "saved" only when the
future is done (after COMMIT). Writes are serialised in submission order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from kiosk.log.events import NewEvent
from kiosk.log.logbook import Logbook, Written


class BackgroundWriter:
    """Serialises :meth:`Logbook.append` calls on one worker thread."""

    def __init__(self, book: Logbook) -> None:
        self.book = book
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="logbook-writer")

    def submit(
        self, events: Sequence[NewEvent], on_error: Callable[[BaseException], None] | None = None
    ) -> Future[list[Written]]:
        """Queue ``events`` for one transaction; ``on_error`` is called (on the worker) if it fails."""
        future = self._pool.submit(self.book.append, list(events))
        if on_error is not None:
            future.add_done_callback(lambda f: f.exception() and on_error(f.exception()))  # type: ignore[arg-type]
        return future

    def call(self, fn: Callable[[Logbook], object]) -> Future[object]:
        """Run ``fn(book)`` on the writer thread (backups, checkpoints)."""
        return self._pool.submit(fn, self.book)

    def close(self) -> None:
        """Finish queued writes, then checkpoint and close the database."""
        self._pool.shutdown(wait=True)
        self.book.close()

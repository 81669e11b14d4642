"""Requests HQ refuses before it knows who sent them: counted, never stored one by one (issue 13 item 7).

A stranger can send HQ as many requests as it likes; each one refused before authentication (a bad
header, an unknown or revoked device, a forged signature, a used or made-up nonce, a dropped upload)
adds one to an in-memory count per (code, device). The device is kept only when it is a registered one,
so the set of keys is bounded by the codes and the kiosks. The counts are written to ``refusals`` as
per-day totals at most once every :attr:`RefusalCounter.flush_s` seconds (and when the server stops),
one upsert per key: a flood costs HQ a few rows a day, never a row per request. Rows older than
:data:`KEEP_DAYS` days are purged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from kiosk.hq.store import Store

KEEP_DAYS = 400
log = logging.getLogger("kiosk.hq")


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


class RefusalCounter:
    """Counts refusals in memory and writes per-day totals now and then (module doc); thread-safe."""

    def __init__(
        self,
        store: Store,
        *,
        flush_s: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
        today: Callable[[], str] = _today,
    ) -> None:
        self.store = store
        self.flush_s = flush_s
        self.monotonic = monotonic
        self.today = today
        self._counts: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()
        self._last_flush = monotonic()

    def count(self, code: str, registered_device: str | None = None) -> bool:
        """One more refusal with ``code`` (``registered_device`` only when it names a registered device).

        Touches no database; returns True when a :meth:`flush` is due (the caller runs it off the event loop).
        """
        with self._lock:
            self._counts[(code, registered_device or "")] += 1
            due = self.monotonic() - self._last_flush >= self.flush_s
        log.debug("refused a request before authentication: %s", code)
        return due

    def flush(self) -> int:
        """Write the counts so far as today's totals; return how many refusals were written."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = self.monotonic()
        if not counts:
            return 0
        day = self.today()
        oldest = (datetime.strptime(day, "%Y-%m-%d") - timedelta(days=KEEP_DAYS)).strftime("%Y-%m-%d")
        with self.store.transaction() as tx:
            for (code, device_id), number in sorted(counts.items()):
                tx.execute(
                    "INSERT INTO refusals (day, code, device_id, count) VALUES (?,?,?,?)"
                    " ON CONFLICT (day, code, device_id) DO UPDATE SET count = refusals.count + excluded.count",
                    (day, code, device_id, number),
                )
            tx.execute("DELETE FROM refusals WHERE day < ?", (oldest,))
        total = sum(counts.values())
        log.info("refused %d request(s) before authentication: %s", total, dict(counts))
        return total

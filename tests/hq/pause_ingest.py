"""``kiosk hq ingest`` that stops inside the transaction of its k-th bundle, for the T10 kill test.

Usage: ``python -m tests.hq.pause_ingest K ARGS…`` runs ``kiosk hq ingest ARGS…``; while the K-th bundle
(0-based, in the order ingest takes them) is being inserted — in the transaction that inserted its
events, after the transaction's work is done and before its commit — it prints ``PAUSED`` and sleeps.
The test reads that line and sends SIGKILL, so every kill lands inside a transaction, at a point chosen
by the test and not by the machine's speed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import kiosk.hq.ingest as ingest_module
from kiosk.cli import main
from kiosk.hq.store import Store

PAUSE_S = 600.0


def install(target: int) -> None:
    """Patch ingest so that the ``target``-th bundle pauses before its commit."""
    state = {"call": -1, "inserted": False}
    original_ingest = ingest_module.ingest_bundle

    def counting_ingest(*args: Any, **kwargs: Any) -> Any:
        state["call"] += 1
        return original_ingest(*args, **kwargs)

    def marking(original: Any) -> Any:
        def insert_events(self: Store, tx: Any, rows: Any) -> Any:
            state["inserted"] = True
            return original(self, tx, rows)

        return insert_events

    def pausing(original: Any) -> Any:
        @contextmanager
        def transaction(self: Store) -> Iterator[Any]:
            with original(self) as tx:
                state["inserted"] = False
                yield tx
                if state["call"] == target and state["inserted"]:  # the events are in, the commit is next
                    print("PAUSED", flush=True)
                    time.sleep(PAUSE_S)

        return transaction

    ingest_module.ingest_bundle = counting_ingest  # type: ignore[assignment]
    for dialect in Store.__subclasses__():  # each dialect has its own transaction() and insert_events()
        dialect.transaction = pausing(dialect.transaction)  # type: ignore[method-assign]
        dialect.insert_events = marking(dialect.insert_events)  # type: ignore[method-assign]


if __name__ == "__main__":
    install(int(sys.argv[1]))
    sys.exit(main(["hq", "ingest", *sys.argv[2:]]))

"""The HQ database: one schema and one set of queries over SQLite (default) or PostgreSQL.

``Store.open(url)`` takes ``sqlite:///path``, a plain path, or ``postgresql://…``, and brings the schema
up to date (:mod:`kiosk.hq.migrations`). Everything above this module writes SQL once, with ``?``
placeholders and standard SQL (``INSERT … ON CONFLICT DO NOTHING``, window functions); the two dialects
differ only in how a connection is made, how events are bulk-inserted (``executemany`` vs ``COPY`` into
a staging table) and how a JSON field is read (:meth:`Store.json_text`). Connections are per thread
(the HTTP server runs handlers in a pool).

Uniqueness is decided by the database, never by application code (ODK Central / KoboToolbox):
``(device_id, event_id)`` is the primary key of ``events`` and ``(device_id, epoch, seq)`` is unique.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.errors import SyncError
from kiosk.hq.migrations import HQ_EVENT_COLUMNS, migrate

SQLITE_CACHE_KIB = 65536  # 64 MiB of page cache: the event id index stays in memory during an ingest


class Tx:
    """A cursor inside one transaction; SQL uses ``?`` placeholders in both dialects."""

    def __init__(self, store: Store, cursor: Any) -> None:
        self.store = store
        self.cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Tx:
        self.cursor.execute(self.store.sql(sql), tuple(params))
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.cursor.fetchall()]

    def fetchone(self) -> tuple[Any, ...] | None:
        row = self.cursor.fetchone()
        return None if row is None else tuple(row)

    @property
    def rowcount(self) -> int:
        return int(self.cursor.rowcount)


class Store:
    """Base: schema, transactions and shared queries. Use :meth:`open`."""

    dialect = "base"

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    @staticmethod
    def open(url: str | Path) -> Store:
        text = str(url)
        if text.startswith(("postgresql://", "postgres://")):
            store: Store = PostgresStore(text)
        else:
            store = SQLiteStore(text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else text)
        migrate(store)
        return store

    # --- dialect hooks ------------------------------------------------------------------------
    def _connect(self) -> Any:
        raise NotImplementedError

    def sql(self, text: str) -> str:
        return text

    def json_text(self, key: str) -> str:
        """SQL for payload field ``key`` as text (booleans as 'true'/'false')."""
        raise NotImplementedError

    def insert_events(self, tx: Tx, rows: list[tuple[Any, ...]]) -> int:
        """Insert event rows (in :data:`HQ_EVENT_COLUMNS` order), skipping conflicts; return how many went in."""
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        raise NotImplementedError
        yield  # pragma: no cover

    # --- shared -------------------------------------------------------------------------------
    def connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction() as tx:
            return tx.execute(sql, params).fetchall()

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class SQLiteStore(Store):
    dialect = "sqlite"

    def _connect(self) -> sqlite3.Connection:
        Path(self.url).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.url, isolation_level=None, check_same_thread=False, timeout=60)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=60000")
        conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        return conn

    def json_text(self, key: str) -> str:
        return (
            f"(CASE json_type(payload, '$.{key}') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
            f" ELSE CAST(json_extract(payload, '$.{key}') AS TEXT) END)"
        )

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield Tx(self, conn.cursor())
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def insert_events(self, tx: Tx, rows: list[tuple[Any, ...]]) -> int:
        conn = tx.cursor.connection
        before = conn.total_changes
        marks = ",".join("?" * len(HQ_EVENT_COLUMNS))
        conn.executemany(
            f"INSERT INTO events ({', '.join(HQ_EVENT_COLUMNS)}) VALUES ({marks}) ON CONFLICT DO NOTHING", rows
        )
        return conn.total_changes - before


class PostgresStore(Store):
    dialect = "postgres"

    def _connect(self) -> Any:
        import psycopg

        try:
            conn = psycopg.connect(self.url, autocommit=True)
        except psycopg.OperationalError as exc:
            raise SyncError(
                "errors.hq.store_unavailable", code="store_unavailable", url=self.url, reason=str(exc)[:300]
            ) from exc
        return conn

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def json_text(self, key: str) -> str:
        return f"(payload::json ->> '{key}')"

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        conn = self.connection()
        with conn.transaction(), conn.cursor() as cursor:
            yield Tx(self, cursor)

    def insert_events(self, tx: Tx, rows: list[tuple[Any, ...]]) -> int:
        columns = ", ".join(HQ_EVENT_COLUMNS)
        tx.cursor.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (LIKE events) ON COMMIT DELETE ROWS")
        with tx.cursor.copy(f"COPY incoming ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        tx.cursor.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM incoming ON CONFLICT DO NOTHING")
        inserted = int(tx.cursor.rowcount)
        tx.cursor.execute("DELETE FROM incoming")
        return inserted

"""Fixtures of the HQ tests: every store-level test runs against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import uuid

import pytest

from kiosk.hq.archive import Archive
from kiosk.hq.ingest import Ingestor
from kiosk.hq.store import Store
from tests.support import pgtemp


@pytest.fixture(scope="session")
def pg_server():
    if pgtemp.find_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries absent (install the apt package `postgresql`)")
    server = pgtemp.start(fsync=False)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "hq.db")
    return request.getfixturevalue("pg_server").create_database("t" + uuid.uuid4().hex[:12])


@pytest.fixture
def store(store_url):
    store = Store.open(store_url)
    yield store
    store.close()


@pytest.fixture
def hq(store, tmp_path):
    archive = Archive(tmp_path / "archive")
    return Ingestor(store, archive, archive.hq_key())

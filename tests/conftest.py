"""Shared fixtures, kept generic: a temp database, settings pointing at it, a real TestClient.

`database_url` is SQLite in a temp dir; a test module can override it (e.g. parametrized over
`postgres_url` too). `settings` points the gateway's cached Settings/engine at that database with
known tokens; `client` is a TestClient over a fresh app (its lifespan creates the tables).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.db.pgcluster import create_database, running_cluster

if TYPE_CHECKING:  # the py310 Rasa env also loads this file and has no fastapi: import lazily
    from fastapi.testclient import TestClient

    from config.settings import Settings

STAFF_TOKEN = "test-staff-token"
INTERNAL_TOKEN = "test-internal-token"


def _clear_caches() -> None:
    """Settings and the engine are lru_cached process-wide; tests swap them per database."""
    from api import db
    from config.settings import get_settings

    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    for cached in (get_settings, db.get_engine, db._sessionmaker):
        cached.cache_clear()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One throwaway PostgreSQL cluster for the whole run (started only if a test asks for it)."""
    with running_cluster() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return create_database(postgres_server)


@pytest.fixture
def database_url(tmp_path) -> str:  # noqa: ANN001
    """Default backend: a SQLite file in the test's temp dir."""
    return f"sqlite:///{tmp_path / 'app.db'}"


@pytest.fixture
def settings(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings (and db engine) for this test's database, with the test tokens."""
    from config.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("STAFF_TOKEN", STAFF_TOKEN)
    monkeypatch.setenv("INTERNAL_TOKEN", INTERNAL_TOKEN)
    _clear_caches()
    yield get_settings()
    _clear_caches()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """Real HTTP through a fresh app; the lifespan creates every table in the test database."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # noqa: ANN001
    """Both real backends; a module opts in by defining `database_url` to return this."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'app.db'}"

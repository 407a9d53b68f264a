"""SQLAlchemy engine and session: SQLite file by default, any DATABASE_URL (PostgreSQL) in production."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from config.settings import get_settings


class Base(DeclarativeBase):
    """Shared declarative base; feature tables live in api/models/<feature>.py."""


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL and a busy timeout so several workers can share the file."""
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def _sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


def init_db(engine: Engine | None = None, attempts: int = 5) -> None:
    """Create every feature's tables (idempotent).

    Several gateway workers start at once and race on CREATE TABLE; the loser sees
    "already exists" and simply tries again, by which time the tables are there.
    """
    import time

    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    import api.models  # noqa: F401  registers all tables on Base

    for attempt in range(attempts):
        try:
            Base.metadata.create_all(engine or get_engine())
            return
        except (OperationalError, ProgrammingError, IntegrityError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session per request."""
    with _sessionmaker()() as session:
        yield session


def session_scope() -> Session:
    """A session for code outside a request (background jobs, WeChat workers)."""
    return _sessionmaker()()

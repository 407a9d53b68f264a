"""Apply the schema migrations in this folder: `init_db()` at gateway start-up, `python -m api.migrations`.

Several gateway workers start at once and each runs `init_db()`. They take turns: PostgreSQL
through a transaction-scoped advisory lock, a SQLite file through an flock on a sibling file, and
threads of one process through a lock of their own (alembic's `context`/`op` are process globals).
The first worker migrates; the others then find the database at head and do nothing.
"""
from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from api.db import get_engine

HERE = Path(__file__).resolve().parent
_PG_LOCK_KEY = int.from_bytes(b"baiwen", "big")  # any constant bigint shared by every worker
_IN_PROCESS = threading.Lock()
log = logging.getLogger("api.migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic settings without alembic.ini (its logging setup would replace the gateway's)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (no-op for other databases)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}-migrate.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _upgrade(engine: Engine) -> None:
    """`alembic upgrade head` in one transaction, holding every lock that applies."""
    with _IN_PROCESS, _file_lock(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        command.upgrade(alembic_config(conn), "head")


def init_db(engine: Engine | None = None, attempts: int = 5) -> None:
    """Bring the database to the newest schema (idempotent; safe for workers starting together).

    A database an older version made with create_all has no alembic_version: the initial
    revision completes and records it. A failure that may be a race with a database the locks
    do not cover is retried after a short pause.
    """
    for attempt in range(attempts):
        try:
            _upgrade(engine or get_engine())
            return
        except (OperationalError, ProgrammingError, IntegrityError):
            if attempt == attempts - 1:
                raise
            log.warning("migration attempt %d failed, retrying", attempt + 1, exc_info=True)
            time.sleep(0.2 * (attempt + 1))

"""Schema migrations on SQLite and PostgreSQL: a fresh database, the models matching the migrations,
databases an older version made with create_all, and several workers migrating at once."""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from api.db import make_engine
from api.migrations import alembic_config, init_db
from api.models import Base


@pytest.fixture
def engine(any_database_url: str) -> Iterator[Engine]:
    """An engine on a fresh, empty database of each backend."""
    eng = make_engine(any_database_url)
    yield eng
    eng.dispose()


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def version(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def drift(engine: Engine, metadata: sa.MetaData = Base.metadata) -> list:
    """What autogenerate would write: the differences between the models and the database."""
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def test_upgrade_creates_every_table_and_records_head(engine: Engine) -> None:
    init_db(engine)
    assert set(sa.inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    assert version(engine) == head()
    init_db(engine)  # at head already: nothing to do, no error
    assert version(engine) == head()


def test_models_match_the_migrations(engine: Engine) -> None:
    """A model change without a migration fails here: write one with `alembic revision --autogenerate`."""
    init_db(engine)
    assert drift(engine) == []


def test_the_drift_check_sees_a_model_change(engine: Engine) -> None:
    init_db(engine)
    changed = sa.MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["feedback"].append_column(sa.Column("channel", sa.String(16), nullable=True))
    assert [d[0] for d in drift(engine, changed)] == ["add_column"]


def test_database_made_by_create_all_is_adopted(engine: Engine) -> None:
    Base.metadata.create_all(engine)  # what the gateway did before migrations
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO wechat_rate (openid, \"window\", count) VALUES ('o1', 7, 3)"))
    init_db(engine)
    assert version(engine) == head()
    assert drift(engine) == []
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count FROM wechat_rate")).scalar_one() == 3


def test_older_partial_database_is_completed(engine: Engine) -> None:
    """A first-release wechat_message (no delivered_for) and no other table: completed, then recorded."""
    with engine.begin() as conn:
        conn.execute(sa.text(
            "CREATE TABLE wechat_message (key VARCHAR(200) PRIMARY KEY, openid VARCHAR(100) NOT NULL,"
            " attempts INTEGER NOT NULL, first_at FLOAT NOT NULL, last_at FLOAT NOT NULL, state VARCHAR(16) NOT NULL,"
            " parts TEXT, delivered_by VARCHAR(16))"))
        conn.execute(sa.text("CREATE INDEX ix_wechat_message_openid ON wechat_message (openid)"))
    init_db(engine)
    assert version(engine) == head()
    assert "delivered_for" in {c["name"] for c in sa.inspect(engine).get_columns("wechat_message")}
    assert set(Base.metadata.tables) <= set(sa.inspect(engine).get_table_names())


def _migrate(url: str) -> str | None:
    """One gateway worker's start-up, in its own process."""
    eng = make_engine(url)
    try:
        init_db(eng, attempts=1)  # no retry: the lock alone must keep workers apart
        return version(eng)
    finally:
        eng.dispose()


def test_workers_starting_together_migrate_once(any_database_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=ctx) as pool:
        versions = list(pool.map(_migrate, [any_database_url] * 3))
    assert versions == [head()] * 3
    eng = make_engine(any_database_url)
    try:
        with eng.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        eng.dispose()


def test_engine_module_knows_neither_models_nor_migrations() -> None:
    """api/db.py is imported by models and migrations alike, so it must import neither (no cycle)."""
    import ast
    from pathlib import Path

    tree = ast.parse((Path(__file__).resolve().parents[2] / "api" / "db.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.startswith(("api.models", "api.migrations"))}

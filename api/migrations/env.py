"""Alembic environment: migrate the connection a caller passes (api.migrations.init_db), else DATABASE_URL.

`target_metadata` is every model in api/models, so `alembic revision --autogenerate` writes the
difference between the models and a migrated database.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from api.db import make_engine
from api.models import Base
from config.settings import get_settings

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    """Apply the requested command on one connection, comparing column types too."""
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """A passed connection (the gateway's locked one) wins; the command line opens its own."""
    if context.is_offline_mode():
        raise SystemExit("offline (--sql) migrations are not supported: the baseline inspects the database")
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    if config.config_file_name:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(config.get_main_option("sqlalchemy.url") or get_settings().database_url)
    try:
        with engine.connect() as conn:
            run(conn)
    finally:
        engine.dispose()


main()

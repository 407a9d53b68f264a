"""Choose the WeChat shared store: Redis when REDIS_URL is set, otherwise the gateway database."""
from __future__ import annotations

from api.db import make_engine
from api.migrations import init_db
from api.wechat.records import Store
from api.wechat.redis_store import RedisStore
from api.wechat.sql_store import SqlStore


def make_store(redis_url: str | None, database_url: str) -> Store:
    """Redis when configured (shared by all workers, fast), otherwise the database.

    The database is migrated first: the WeChat settings may name a database other than the
    gateway's (which the start-up already migrated), and a store must never meet missing tables.
    """
    if redis_url:
        return RedisStore(redis_url)
    engine = make_engine(database_url)
    store = SqlStore(engine)  # first, so its connect hook also sees the connection the migration opens
    init_db(engine)
    return store

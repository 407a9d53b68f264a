"""The shared-store contract, run against the database store and a real Redis server."""
from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from api.wechat.records import Store
from api.wechat.stores import make_store
from tests.wechat.conftest import text_xml

pytestmark = pytest.mark.asyncio


async def test_begin_counts_tries_and_only_the_first_produces(store: Store) -> None:
    now = time.time()
    results = await asyncio.gather(*(store.begin("m:1", "o1", now, f"w/{i}", 3.0) for i in range(5)))
    assert sorted(a for a, _ in results) == [1, 2, 3, 4, 5]
    assert [c for _, c in results].count(True) == 1
    rec = await store.get("m:1")
    assert rec.attempts == 5 and rec.state == "running" and rec.delivered_by is None
    assert rec.owner == f"w/{[c for _, c in results].index(True)}" and rec.lease_until == now + 3.0


async def test_delivery_is_claimed_exactly_once(store: Store) -> None:
    await store.begin("m:2", "o1", time.time(), "w/1", 3.0)
    assert await store.finish("m:2", ["答案"], "w/1")
    wins = await asyncio.gather(*(store.claim_delivery("m:2", how, 5.0) for how in ["passive", "kefu"] * 4))
    assert wins.count(True) == 1
    rec = await store.get("m:2")
    assert rec.parts == ["答案"] and rec.state == "done" and rec.delivered_by in ("passive", "kefu")
    assert rec.delivered_for == 5.0


async def test_pending_buttons_failed_and_rate(store: Store) -> None:
    await store.set_pending("o1", ["二", "三"])
    assert [await store.pop_pending("o1") for _ in range(3)] == ["二", "三", None]
    await store.set_buttons("o1", [{"title": "备案", "payload": "/filing"}])
    assert await store.get_buttons("o1") == [{"title": "备案", "payload": "/filing"}]
    assert await store.get_buttons("nobody") == []
    await store.add_failed("o1", "m:9", "旧答案", 45015, "out of window")
    assert await store.take_failed("o1") == ["旧答案"]
    assert await store.take_failed("o1") == []
    counts = await asyncio.gather(*(store.hit_rate("o1", 100) for _ in range(6)))
    assert sorted(counts) == [1, 2, 3, 4, 5, 6] and await store.hit_rate("o1", 101) == 1


async def test_sources_of_the_last_answer_round_trip(store: Store) -> None:
    assert await store.get_sources("o1") == []
    sources = [{"title": "上海市民政局若干举措", "clause": "第七条", "in_force": True, "text": "丰富扶持资金。" * 300}]
    await store.set_sources("o1", sources)
    await store.set_buttons("o1", [])  # other per-user state leaves the sources alone
    assert await store.get_sources("o1") == sources
    await store.set_sources("o1", [])
    assert await store.get_sources("o1") == [] and await store.get_sources("nobody") == []


async def test_token_lease_is_exclusive(store: Store) -> None:
    now = time.time()
    leases = await asyncio.gather(*(store.lease_token("wxapp", now, 10) for _ in range(4)))
    assert leases.count(True) == 1
    await store.save_token("wxapp", "T1", now + 7200)
    assert (await store.get_token("wxapp")).token == "T1"
    await store.drop_token("wxapp", "OTHER")
    assert (await store.get_token("wxapp")).expires_at > now
    await store.drop_token("wxapp", "T1")
    assert (await store.get_token("wxapp")).expires_at == 0


async def test_gateway_with_redis_store_dedupes_concurrent_tries(rig_factory: Any, redis_url: str) -> None:
    rig = rig_factory(redis_url=redis_url)
    rig.dialogue.delay_s = 0.5
    xml = text_xml("Redis 问题", msg_id=f"redis-{time.time()}")
    resps = await asyncio.gather(*(rig.wx.post(xml) for _ in range(3)))
    contents = [rig.wx.reply_content(r) for r in resps]
    assert len(rig.dialogue.calls) == 1 and len([c for c in contents if c]) == 1
    assert "答复：Redis 问题" in next(c for c in contents if c)


async def test_database_from_an_earlier_version_gains_new_columns(tmp_path: Any) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # wechat_message as first released, without delivered_for
        conn.execute("CREATE TABLE wechat_message (key VARCHAR(200) PRIMARY KEY, openid VARCHAR(100), attempts INT,"
                     " first_at FLOAT, last_at FLOAT, state VARCHAR(16), parts TEXT, delivered_by VARCHAR(16))")
        # a message an older gateway (no leases) was producing: a try of the new one may take it over
        conn.execute("INSERT INTO wechat_message VALUES ('m:prod', 'o1', 1, 1.0, 1.0, 'running', NULL, NULL)")
    store = make_store(None, f"sqlite:///{path}")  # migrating adopts the old table
    await store.begin("m:old", "o1", 1.0, "w/1", 3.0)
    assert await store.claim_delivery("m:old", "passive", 2.0)
    assert (await store.get("m:old")).delivered_for == 2.0
    assert (await store.get("m:prod")).lease_until is None and await store.take_over("m:prod", "w/2", 2.0, 3.0)
    assert await store.finish("m:prod", ["答案"], "w/2") and (await store.get("m:prod")).parts == ["答案"]


async def test_database_from_revision_0001_gains_the_sources_column(tmp_path: Any) -> None:
    """A user row written before 0002 keeps its state and simply has no stored answer yet."""
    import sqlalchemy as sa
    from alembic import command

    from api.db import make_engine
    from api.migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'v1.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(sa.text("INSERT INTO wechat_user_state (openid, pending, buttons, updated_at)"
                             " VALUES ('o-old', '[]', '[{\"title\": \"备案\", \"payload\": \"/f\"}]', 1.0)"))
    engine.dispose()
    store = make_store(None, url)
    assert await store.get_sources("o-old") == []
    assert await store.get_buttons("o-old") == [{"title": "备案", "payload": "/f"}]
    await store.set_sources("o-old", [{"title": "t", "clause": "第一条", "in_force": True, "text": "全文"}])
    assert (await store.get_sources("o-old"))[0]["text"] == "全文"
    await store.close()


async def test_redis_keys_of_failed_deliveries_expire(redis_url: str) -> None:
    from api.wechat.redis_store import RedisStore

    store = RedisStore(redis_url)
    await store.add_failed("o-ttl", "m:ttl", "旧答案", 45015, "out of window")
    assert 0 < await store.r.ttl("wx:failed:o-ttl") <= 2 * 24 * 3600
    await store.set_sources("o-ttl", [{"title": "t", "clause": "第一条", "in_force": True, "text": "全文"}])
    assert 0 < await store.r.ttl("wx:sources:o-ttl") <= 2 * 24 * 3600
    await store.close()

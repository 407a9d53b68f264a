"""The producer's lease (api/wechat/lease.py): a message whose producing worker died is taken over by exactly
one later try; a live producer, renewing its lease, never is. Store tests run against SQLite, PostgreSQL and a
real Redis server; the gateway tests post over real HTTP, and one kills a real gateway process with SIGKILL."""
from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import httpx
import pytest

from api.wechat import lease
from api.wechat.records import Store
from api.wechat.stores import make_store
from tests.wechat.conftest import Rig, WxClient, free_port, text_xml
from tests.wechat.dying_gateway import dying_gateway
from tests.wechat.test_retries import TIMING, answers, wechat_tries

pytestmark = pytest.mark.asyncio
DEAD = "dead-host/4242/0000"  # the owner of a lease nobody renews


async def test_expired_lease_is_taken_over_exactly_once_by_concurrent_tries(store: Store) -> None:
    t0 = time.time()
    await store.begin("m:l1", "o1", t0, DEAD, 1.0)
    takers = [f"w/{i}" for i in range(8)]
    wins = await asyncio.gather(*(store.take_over("m:l1", who, t0 + 2.0, 1.0) for who in takers))
    assert wins.count(True) == 1
    winner = takers[wins.index(True)]
    rec = await store.get("m:l1")
    assert rec.state == "running" and rec.owner == winner and rec.lease_until == t0 + 3.0
    assert not await store.take_over("m:l1", "w/late", t0 + 2.5, 1.0)  # the taker's lease is live
    assert "m:l1" not in await store.renew_many({"m:l1": DEAD}, t0 + 2.5, 1.0)  # the old owner lost it for good …
    assert not await store.finish("m:l1", ["旧答案"], DEAD)  # … and cannot publish a reply
    assert await store.finish("m:l1", ["答案"], winner)
    rec = await store.get("m:l1")
    assert rec.state == "done" and rec.parts == ["答案"] and rec.attempts == 1


async def test_live_lease_is_not_taken_over_and_renewing_extends_it(store: Store) -> None:
    t0 = time.time()
    await store.begin("m:l2", "o1", t0, "w/live", 1.0)
    assert not any(await asyncio.gather(*(store.take_over("m:l2", f"w/{i}", t0 + 0.5, 1.0) for i in range(4))))
    assert "m:l2" not in await store.renew_many({"m:l2": "w/other"}, t0 + 0.8, 1.0)  # only the owner renews
    assert "m:l2" in await store.renew_many({"m:l2": "w/live"}, t0 + 0.8, 1.0)
    assert (await store.get("m:l2")).lease_until == t0 + 1.8
    assert not await store.take_over("m:l2", "w/thief", t0 + 1.5, 1.0)  # past the first expiry, not the renewed
    assert (await store.get("m:l2")).owner == "w/live"
    assert await store.take_over("m:l2", "w/next", t0 + 1.9, 1.0)  # renewals stopped: now it lapses


async def test_a_finished_message_is_never_taken_over(store: Store) -> None:
    t0 = time.time()
    await store.begin("m:l3", "o1", t0, "w/1", 1.0)
    assert await store.finish("m:l3", ["答案"], "w/1")
    assert not await store.take_over("m:l3", "w/2", t0 + 60, 1.0)
    assert "m:l3" not in await store.renew_many({"m:l3": "w/1"}, t0 + 60, 1.0)
    assert not await store.finish("m:l3", ["又一个答案"], "w/1")  # published once
    assert (await store.get("m:l3")).parts == ["答案"]
    assert not await store.take_over("m:missing", "w/2", t0, 1.0)


async def test_renew_many_renews_only_the_leases_still_held(store: Store) -> None:
    """One call renews a worker's leases; a lease another try took over or a finished message is not renewed."""
    t0 = time.time()
    for key in ("m:r1", "m:r2", "m:r3", "m:r4"):
        await store.begin(key, "o1", t0, f"w/{key}", 1.0)
    assert await store.take_over("m:r2", "w/taker", t0 + 2.0, 1.0)
    assert await store.finish("m:r3", ["答案"], "w/m:r3")
    leases = {key: f"w/{key}" for key in ("m:r1", "m:r2", "m:r3", "m:r4")}
    assert await store.renew_many(leases, t0 + 0.5, 1.0) == {"m:r1", "m:r4"}
    assert [(await store.get(k)).lease_until for k in ("m:r1", "m:r2", "m:r4")] == [t0 + 1.5, t0 + 3.0, t0 + 1.5]
    assert (await store.get("m:r2")).owner == "w/taker" and (await store.get("m:r3")).parts == ["答案"]
    assert await store.renew_many({}, t0, 1.0) == set()


async def test_heartbeat_keeps_live_producers_and_stops_with_each(store: Store) -> None:
    """One heartbeat renews every producer's lease in real time: takers polling as waiting tries do fail for
    three leases' time, and succeed once a producer is done, while the other producer's lease stays live."""
    lease_s = 0.4
    heartbeat = lease.Heartbeat(store, lease_s)
    for key in ("m:l4", "m:l5"):
        await store.begin(key, "o1", time.time(), f"w/{key}", lease_s)
    async with heartbeat.held("m:l5", "w/m:l5"):
        async with heartbeat.held("m:l4", "w/m:l4"):
            deadline = time.time() + 3 * lease_s
            while time.time() < deadline:
                for key in ("m:l4", "m:l5"):
                    assert not await store.take_over(key, "w/taker", time.time(), lease_s)
                await asyncio.sleep(0.05)
        assert (await store.get("m:l4")).lease_until > time.time()  # the last beat's lease is still running out
        await asyncio.sleep(lease_s + 0.1)
        assert await store.take_over("m:l4", "w/taker", time.time(), lease_s)
        assert not await store.take_over("m:l5", "w/taker", time.time(), lease_s)
    await heartbeat.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_retry_answers_a_message_whose_producer_was_killed(
    rig_factory: Any, request: pytest.FixtureRequest, backend: str
) -> None:
    """Try 1 reaches a gateway process that is SIGKILLed while producing; try 2, on another worker, finds the
    lease lapsed, takes the message over and answers it passively — once, with one dialogue call."""
    redis_url = request.getfixturevalue("redis_url") if backend == "redis" else None
    rig: Rig = rig_factory(**TIMING, redis_url=redis_url)
    key = f"kill-{time.time_ns()}"
    xml = text_xml("被打断的问题", msg_id=key)
    store = make_store(rig.settings.redis_url, rig.settings.database_url)
    port = free_port()
    with dying_gateway(rig.settings, port) as proc:
        doomed = WxClient(f"http://127.0.0.1:{port}")
        first = asyncio.ensure_future(doomed.post(xml))
        rec = await _running(store, f"m:{key}")
        assert rec.owner.split("/")[1] == str(proc.pid)  # the process about to die is the producer
        os.kill(proc.pid, signal.SIGKILL)
        with pytest.raises(httpx.HTTPError):
            await first  # WeChat's try 1 gets no answer: the connection died with the worker
    assert (await store.get(f"m:{key}")).state == "running"  # killed mid-reply: nobody finished it
    results = await wechat_tries(rig.wx, xml, TIMING["wechat_retry_interval_s"], tries=2)  # WeChat's tries 2 and 3
    got = answers(results)
    assert len(got) == 1 and got[0].startswith("答复：被打断的问题"), results
    assert rig.dialogue.calls == [("wx:oUser-0001", "被打断的问题")]
    await asyncio.sleep(2.5)  # past every window: no customer-service send may follow the passive answer
    assert rig.api.sends == []
    await doomed.http.aclose()
    await store.close()


async def _running(store: Store, key: str, limit_s: float = 15.0) -> Any:
    """The message's record once its producer has it `running`."""
    deadline = time.time() + limit_s
    while time.time() < deadline:
        rec = await store.get(key)
        if rec is not None and rec.state == "running":
            return rec
        await asyncio.sleep(0.02)
    raise AssertionError(f"{key} never started")

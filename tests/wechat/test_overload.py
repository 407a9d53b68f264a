"""Overload (issue 15, `make bench-load`): every accepted message still ends with exactly one reply.

Under 200 simulated users the production profile lost messages although no process died. Each test here
reproduces one way it happened, on loopback with shrunk timings, and counts what reached "WeChat": answers
of tries that came back within WeChat's per-try timeout, plus customer-service sends. Exactly one, always.
- The gateway's event loop was busy, so a try's request waited before the gateway read it: the try's clock
  started late and its passive answer on the last try left after WeChat had given up.
- The loop stalled between claiming the last try's passive answer and sending it (same result).
- A store call after the dialogue failed once: the producer died with the only copy of the answer.
- A busy gateway read try 2 late and try 3 early: 3.5 s apart instead of 5, try 3 was taken for a duplicate
  post of the answer try 2 had claimed too late, and got `success`.
- (Guard, not seen under load) a dialogue call slow to finish cancelling held the reply past its time limit.
- The lease's heartbeat kept running after the dialogue (most likely a cancellation lost inside a Redis call),
  and the producer waited for it forever: lease renewed for minutes, no reply.
- Every waiting try re-read the store 10 times a second: 200 users' tries held Redis's connection pool and the
  event loop, leases lapsed and messages were produced twice.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from api.wechat import lease
from api.wechat.kefu import KefuClient
from api.wechat.records import Store
from api.wechat.service import WeChatService
from api.wechat.stores import make_store
from tests.wechat.conftest import FakeDialogue, Rig, ServerThread, WxClient, text_xml
from tests.wechat.test_retries import wait_for

pytestmark = pytest.mark.asyncio
# WeChat: 2 s per try, 3 tries; the gateway answers a try within 1.8 s.
TIMING = dict(wechat_reply_wait_s=1.8, wechat_retry_interval_s=2.0, wechat_poll_s=0.02,
              wechat_dialogue_timeout_s=20.0, wechat_lease_s=0.6)
INTERVAL = TIMING["wechat_retry_interval_s"]


class QueuedRequests:
    """ASGI wrapper: each /wechat request waits before the app sees it (`delays_s` in turn, the last one for
    the rest), as a request does when the gateway's event loop is busy and the bytes sit in the socket."""

    def __init__(self, app: Any, *delays_s: float) -> None:
        self.app, self.delays_s = app, list(delays_s)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/wechat":
            await asyncio.sleep(self.delays_s.pop(0) if len(self.delays_s) > 1 else self.delays_s[0])
        await self.app(scope, receive, send)


class StubbornDialogue(FakeDialogue):
    """A dialogue call that, once cancelled, still takes `linger_s` to finish (an HTTP call stuck in its
    connection pool's clean-up)."""

    linger_s: float = 30.0

    async def __call__(self, sender_id: str, text: str) -> list[dict[str, Any]]:
        self.calls.append((sender_id, text))
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            await asyncio.sleep(self.linger_s)
            raise
        return []


class StalledClaims:
    """The real store, except that claiming a passive delivery stalls `stall_s` afterwards (a busy event loop or
    a wait for a pooled Redis connection between the claim and the HTTP answer)."""

    def __init__(self, store: Store, stall_s: float) -> None:
        self._store, self.stall_s = store, stall_s

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def claim_delivery(self, key: str, how: str, at: float) -> bool:
        won = await self._store.claim_delivery(key, how, at)
        if how == "passive":
            await asyncio.sleep(self.stall_s)
        return won


class CountingReads:
    """The real store, counting `get` (what a waiting try polls)."""

    def __init__(self, store: Store) -> None:
        self._store, self.reads = store, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def get(self, key: str) -> Any:
        self.reads += 1
        return await self._store.get(key)


class FailingOnce:
    """The real store, except that the first `finish` raises as a Redis connection error would."""

    def __init__(self, store: Store) -> None:
        self._store, self.failed = store, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def finish(self, key: str, parts: list[str], owner: str) -> bool:
        if not self.failed:
            self.failed += 1
            raise ConnectionError("Redis connection reset (test)")
        return await self._store.finish(key, parts, owner)


def with_store(rig: Rig, wrap: Any) -> Any:
    """Give the rig's gateway a WeChat service over a wrapped store (built before its first request)."""
    s = rig.settings
    store = wrap(make_store(s.redis_url, s.database_url))
    kefu = KefuClient(store, s.wechat_api_base, s.wechat_appid, s.wechat_secret, 5.0, s.wechat_token_margin_s)
    rig.app.state.wechat_service = WeChatService(s, store, kefu, lambda: rig.dialogue)
    return store


async def as_wechat(wx: WxClient, xml: str, interval: float = INTERVAL) -> list[str]:
    """WeChat's three tries, each given up after `interval`; the answers that came back in time."""
    got: list[str] = []
    for _ in range(3):
        try:
            resp = await asyncio.wait_for(wx.post(xml), interval)
        except asyncio.TimeoutError:
            continue
        content = wx.reply_content(resp)
        if content:
            got.append(content)
        break
    return got


async def delivered_once(rig: Rig, passive: list[str], text: str, interval: float = INTERVAL) -> None:
    """Past every window and the customer-service send: exactly one answer reached the user."""
    deadline = time.time() + 3 * interval + 3.0
    while time.time() < deadline and not passive and not rig.api.sends:
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # a second delivery, if any, would come now
    sent = [m["text"]["content"] for m in rig.api.sends]
    assert len(passive) + len(sent) == 1, f"passive in time: {passive}, customer-service sends: {sent}"
    assert text in (passive + sent)[0]
    assert len(rig.dialogue.calls) == 1


async def test_last_try_read_late_by_a_busy_gateway_is_answered_once(rig_factory: Any) -> None:
    rig: Rig = rig_factory(**TIMING)
    rig.dialogue.delay_s = 5.5  # started 0.8 s in: ready at 6.3 s, after try 3 gave up (6.0 s)
    with ServerThread(QueuedRequests(rig.app, 0.8)) as queued:
        wx = WxClient(queued.url)
        passive = await as_wechat(wx, text_xml("排队的问题", msg_id="busy-1"))
        await delivered_once(rig, passive, "答复：排队的问题")
        await wx.http.aclose()


async def test_retry_read_early_after_a_late_read_try_gets_the_answer_again(rig_factory: Any) -> None:
    slow = dict(TIMING, wechat_reply_wait_s=2.7, wechat_retry_interval_s=3.0)
    rig: Rig = rig_factory(**slow)
    rig.dialogue.delay_s = 6.3  # try 2 (sent at 3 s, read at 4.5 s) claims it after WeChat gave up on it (6 s)
    with ServerThread(QueuedRequests(rig.app, 0.0, 1.5, 0.7)) as queued:  # try 3 read at 6.7 s: 2.2 s after try 2
        wx = WxClient(queued.url)
        passive = await as_wechat(wx, text_xml("先慢后快", msg_id="gap-1"), interval=3.0)
        await delivered_once(rig, passive, "答复：先慢后快", interval=3.0)
        await wx.http.aclose()


async def test_dialogue_slow_to_cancel_still_gets_the_apology_in_time(rig_factory: Any) -> None:
    rig: Rig = rig_factory(**dict(TIMING, wechat_dialogue_timeout_s=2.5))
    rig.dialogue = StubbornDialogue()
    rig.app.state.wechat_converse = rig.dialogue
    passive = await as_wechat(rig.wx, text_xml("取消很慢", msg_id="stuck-1"))
    await delivered_once(rig, passive, "请稍后再发一次")


async def test_last_try_stalled_after_its_passive_claim_is_answered_once(rig_factory: Any) -> None:
    rig: Rig = rig_factory(**TIMING)
    with_store(rig, lambda store: StalledClaims(store, stall_s=2.0))
    rig.dialogue.delay_s = 4.3  # ready 0.3 s into try 3; the answer would leave at 6.3 s, WeChat gave up at 6.0
    passive = await as_wechat(rig.wx, text_xml("卡住的问题", msg_id="stall-1"))
    await delivered_once(rig, passive, "答复：卡住的问题")


async def test_store_error_after_the_dialogue_does_not_lose_the_answer(rig_factory: Any) -> None:
    rig: Rig = rig_factory(**TIMING)
    store = with_store(rig, FailingOnce)
    rig.dialogue.delay_s = 6.5  # every try is over: only the producer can still deliver
    passive = await as_wechat(rig.wx, text_xml("断线的问题", msg_id="flaky-1"))
    await wait_for(lambda: store.failed, timeout=10)
    await delivered_once(rig, passive, "答复：断线的问题")



async def test_a_waiting_try_polls_the_store_less_and_less(rig_factory: Any) -> None:
    rig: Rig = rig_factory(**TIMING)
    store = with_store(rig, CountingReads)
    rig.dialogue.delay_s = 3.0  # longer than the try holds on (1.2 × 2 s): it waits all along
    assert rig.wx.reply_content(await rig.wx.post(text_xml("等待的问题", msg_id="poll-1"))) is None
    # 2.4 s at 0.02 s would be ~120 reads; doubling up to 1.8 s / 8 makes it ~15; the producer being on this
    # worker, once every lease (0.6 s) makes it ~5
    assert store.reads < 40, store.reads


async def test_a_try_on_the_producers_worker_is_woken_when_done_and_reads_once_a_lease(rig_factory: Any) -> None:
    """The producer is on this worker: the try is woken the moment the reply is published, and between
    wake-ups re-reads the store once per lease (0.6 s), not on the polling schedule (9 reads in 1 s)."""
    rig: Rig = rig_factory(**TIMING)
    store = with_store(rig, CountingReads)
    rig.dialogue.delay_s = 1.0
    started = time.perf_counter()
    resp = await rig.wx.post(text_xml("本机的问题", msg_id="poll-2"))
    took = time.perf_counter() - started
    assert rig.wx.reply_content(resp).startswith("答复：本机的问题")
    assert took < 1.3, took  # not 1.0 s plus a lease
    assert store.reads <= 6, store.reads  # the try 3, the producer's delivery check 2


class SwallowingRenew:
    """A store whose lease renewal swallows the cancellation that should stop it (as a Redis call did)."""

    def __init__(self) -> None:
        self.renewals = 0

    async def renew_many(self, leases: dict[str, str], now: float, lease_s: float) -> set[str]:
        self.renewals += 1
        try:
            await asyncio.sleep(0.05)
        except asyncio.CancelledError:
            pass
        return set(leases)


async def test_producer_gets_past_a_heartbeat_that_ignores_cancellation() -> None:
    store = SwallowingRenew()
    heartbeat = lease.Heartbeat(store, 0.06)  # type: ignore[arg-type]

    async def produce() -> None:
        async with heartbeat.held("m:hb-1", "owner"):
            await asyncio.sleep(0.2)

    task = asyncio.ensure_future(produce())
    done, _ = await asyncio.wait({task}, timeout=3.0)  # not wait_for: it would wait for the stuck task too
    assert done, "the producer is still waiting for its heartbeat"
    assert store.renewals >= 2  # it did beat while the producer ran
    after = store.renewals
    await asyncio.sleep(0.3)
    assert store.renewals <= after + 1  # and the heartbeat stops

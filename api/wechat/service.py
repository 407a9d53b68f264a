"""The 5-second rule: every message is answered exactly once, whichever try gets there.

WeChat waits 5 s per try and tries a message 3 times. The first try to arrive (in any worker)
starts the producer; each try waits ≤ `wechat_reply_wait_s` for the shared result. Only the
newest try can still reach the user, so an older try that sees a newer one answers `success`.
If the last try would be late, the producer's finalizer claims the message for the
customer-service API; a refused send is recorded and re-delivered on the user's next message.
The producer holds a lease it keeps renewing (api/wechat/lease.py): when its worker dies mid-reply,
a waiting try sees the lease lapse, takes the message over and produces the reply itself.

Under overload (`make bench-load`, docs/DEPLOY.md) a try's clock starts late (the request waited for a busy
event loop) and its answer leaves late, so WeChat may already have dropped the connection. An earlier try's
lost answer is re-sent to the next try; the last try has no next one, so it answers passively only while that
is clearly in time (`FINAL_TRY_SHARE` of the window) and hands anything later to the customer-service API.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from api.logging_setup import mask_pii
from api.services.dialogue import converse
from config.settings import Settings
from api.wechat import lease, texts
from api.wechat.inbound import Inbound
from api.wechat.kefu import KefuClient
from api.wechat.render import button_choice, collect_sources, render_messages, render_sources
from api.wechat.split import MORE_HINT, split_reply
from api.wechat.records import MsgRecord, Store
from api.wechat.retry import retrying, within
from api.wechat.wakeups import Wakeups

log = logging.getLogger("api.wechat")
# The last try answers passively only this early in its window: its clock starts when the event loop reads the
# request, which under load is seconds after WeChat sent it, and a late passive reply reaches nobody.
FINAL_TRY_SHARE = 0.6
# A try waiting on another worker's producer re-reads the store every `wechat_poll_s`, doubling up to this: at
# 0.1 s, 200 users' waiting tries made ~5000 Redis reads/s per gateway, which held the connection pool and the
# event loop (measured: pool timeouts, lapsed leases, messages produced twice). A try on the producer's own worker
# is woken when the reply is done, and re-reads only every `wechat_lease_s` (reads took a tenth of the gateway's
# CPU under `make bench-load`).
POLL_MAX_S = 0.5
Converse = Callable[[str, str], Awaitable[list[dict[str, Any]]]]


def is_source_request(text: str) -> bool:
    """「原文」「看原文」「原文呢？」…: the user wants the cited clauses of the last answer in full."""
    return text.strip().rstrip("。.！!？?～~ ") in texts.SOURCE_WORDS


def default_converse() -> Converse:
    """The project's dialogue (Rasa via api/services/dialogue.py); tests put a fake on app.state instead."""
    return converse


class WeChatService:
    """Dedupe, in-flight waiting, passive reply or customer-service fallback, per message."""

    def __init__(self, settings: Settings, store: Store, kefu: KefuClient, converse: Callable[[], Converse]) -> None:
        self.s, self.store, self.kefu, self._converse = settings, store, kefu, converse
        self.wakeups = Wakeups()
        self._tasks: set[asyncio.Task] = set()
        self._created = 0
        self.heartbeat = lease.Heartbeat(store, settings.wechat_lease_s)

    async def handle(self, msg: Inbound, arrived: float | None = None) -> str | None:
        """Reply content for this try, or None for `success` (no passive reply); `arrived`: when the load
        balancer received the try (api/wechat/arrival.py), else now."""
        if msg.msg_type == "event" and msg.fields.get("Event", "").lower() == "unsubscribe":
            return None
        arrived, owner = time.time() if arrived is None else arrived, lease.new_owner()
        try:
            lease_s = self.s.wechat_lease_s + max(0.0, time.time() - arrived)  # the lease runs from now, not the stamp
            attempt, created = await self.store.begin(msg.dedupe_key, msg.from_user, arrived, owner, lease_s)
        except Exception as exc:  # noqa: BLE001 — the shared store (Redis) is restarting
            # Without the store no try can be deduplicated; a passive 「请稍后再发一次」 ends WeChat's retries of
            # this message (one answer), where the router's fallback `success` would have left the user in silence.
            log.warning("wechat store unavailable for %s: %s", msg.dedupe_key, type(exc).__name__)
            return texts.UNAVAILABLE
        self.wakeups.notify(msg.dedupe_key)
        if created:
            self._spawn(self._produce(msg, owner))
        content = await self._await_reply(msg, attempt, arrived)
        if content is not None and attempt >= self.s.wechat_max_tries \
                and time.time() - arrived > self.s.wechat_retry_interval_s:
            # WeChat dropped this last try already: the passive claim is ours, so deliver through 客服 instead.
            log.warning("wechat %s: last try answered %.1f s late; sent as customer-service message",
                        msg.dedupe_key, time.time() - arrived)
            await self.store.mark_delivery(msg.dedupe_key, "kefu")
            self._spawn(self._send_kefu(msg.from_user, msg.dedupe_key, content))
            return None
        return content

    # ---- waiting tries -------------------------------------------------------------------
    async def _await_reply(self, msg: Inbound, attempt: int, arrived: float) -> str | None:
        """Wait for the shared result within this try's window; never answer a superseded try."""
        key = msg.dedupe_key
        final = attempt >= self.s.wechat_max_tries
        deadline = arrived + self.s.wechat_reply_wait_s * (FINAL_TRY_SHARE if final else 1.0)
        hold_until = arrived + self.s.wechat_retry_interval_s * 1.2
        pause = self.s.wechat_poll_s
        longest = max(pause, min(POLL_MAX_S, self.s.wechat_reply_wait_s / 8))
        while True:
            heard = self.wakeups.listen(key)
            rec = await self.store.get(key)
            if rec is None or rec.attempts > attempt:
                return None  # WeChat moved on to a newer try; this connection is dead
            now = time.time()
            if lease.expired(rec, now):
                await self._take_over(msg, rec, now)
            elif rec.state == "done" and now <= deadline:
                return await self._deliver_passive(key, rec, arrived)
            limit = deadline if final else hold_until
            if now > limit:
                return None
            local = rec.state == "running" and lease.produced_here(rec)  # woken when done; polls only as a net
            await self.wakeups.wait(key, min(self.s.wechat_lease_s if local else pause, limit - now + 0.01), heard)
            pause = min(pause * 2, longest)

    async def _deliver_passive(self, key: str, rec: MsgRecord, arrived: float) -> str | None:
        """Claim the message for this passive reply; after one, only a genuine WeChat retry re-sends it."""
        if not rec.parts:
            await self.store.claim_delivery(key, "none", arrived)
            return None
        if rec.delivered_by == "passive":
            return rec.parts[0] if self._answer_was_lost(rec, arrived) else None
        if await self.store.claim_delivery(key, "passive", arrived):
            self.wakeups.notify(key)
            return rec.parts[0]
        return None  # the customer-service fallback already owns it

    def _answer_was_lost(self, rec: MsgRecord, arrived: float) -> bool:
        """WeChat retries only after its 5 s timeout, so a later try means the answer never reached WeChat:
        it is sent again. A try within 0.4 of that (not 0.8: a busy gateway reads each try late, and two tries
        5 s apart at WeChat were measured arriving 3–4 s apart) is a duplicate post and gets `success`."""
        answered = rec.delivered_for if rec.delivered_for is not None else arrived
        return arrived - answered >= 0.4 * self.s.wechat_retry_interval_s

    async def _take_over(self, msg: Inbound, rec: MsgRecord, now: float) -> None:
        """The producer stopped renewing its lease (its worker died): produce the reply from this worker,
        if this try wins the compare-and-set — of all tries that saw the lapse, exactly one does."""
        owner = lease.new_owner()
        if await self.store.take_over(msg.dedupe_key, owner, now, self.s.wechat_lease_s):
            log.warning("wechat %s: producer %s stopped renewing its lease; %s takes over",
                        msg.dedupe_key, rec.owner, owner)
            self._spawn(self._produce(msg, owner))

    # ---- the producer (runs once per message, again only after a take-over) -----------------
    def _spawn(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        """A producer that dies leaves its message unanswered: say so (asyncio would only say it at GC)."""
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("wechat producer failed; its message gets no reply: %s", mask_pii(repr(task.exception()))[:300])

    async def _produce(self, msg: Inbound, owner: str) -> None:
        """Compute the reply under `owner`'s lease, publish it, then make sure somebody delivers it."""
        key = msg.dedupe_key
        async with self.heartbeat.held(key, owner):
            part = await self._reply_or_apology(msg)
        if not await retrying("finish", lambda: self.store.finish(key, [part] if part else [], owner)):
            log.warning("wechat %s: %s lost its lease before finishing; the try that took over answers", key, owner)
            return
        self.wakeups.notify(key)
        await self._finalize(msg, key)
        await self._maybe_prune()

    async def _reply_or_apology(self, msg: Inbound) -> str | None:
        """The reply, or 「请稍后再发一次」 when the dialogue failed or timed out."""
        try:
            return await within(self._reply_for(msg), self.s.wechat_dialogue_timeout_s)
        except Exception as exc:  # noqa: BLE001 — the user must get an answer whatever failed
            log.warning("wechat reply failed for %s: %s", msg.dedupe_key, mask_pii(repr(exc))[:300])
            return texts.UNAVAILABLE

    async def _reply_for(self, msg: Inbound) -> str | None:
        """The first part of this message's reply (rest kept for 「更多」), None for no reply."""
        if msg.msg_type == "event":
            return texts.WELCOME if msg.fields.get("Event", "").lower() == "subscribe" else None
        if msg.msg_type not in ("text", "voice"):
            return texts.UNSUPPORTED
        window = int(time.time() // 60)
        if await self.store.hit_rate(msg.from_user, window) > self.s.wechat_rate_limit_per_min:
            return texts.RATE_LIMITED
        text = msg.fields.get("Content" if msg.msg_type == "text" else "Recognition", "").strip()
        if not text:
            return texts.EMPTY if msg.msg_type == "text" else texts.VOICE_UNRECOGNIZED
        if text in texts.MORE_WORDS:
            return await self.store.pop_pending(msg.from_user) or texts.NO_MORE
        answer = await self._answer(msg.from_user, text)
        failed = await self.store.take_failed(msg.from_user)
        if failed:
            old = "\n\n".join(f.replace(MORE_HINT, "") for f in failed)
            answer = f"{texts.REDELIVERY_NOTE}\n{old}\n\n——\n{answer}"
        parts = split_reply(answer, self.s.wechat_reply_max_bytes)
        await self.store.set_pending(msg.from_user, parts[1:])
        return parts[0]

    async def _answer(self, openid: str, text: str) -> str:
        """「原文」 sends the clauses the last answer cited, whole; everything else goes to the dialogue."""
        if is_source_request(text):
            return render_sources(await self.store.get_sources(openid)) or texts.NO_SOURCES
        return await self._ask_dialogue(openid, text)

    async def _ask_dialogue(self, openid: str, text: str) -> str:
        """Run the dialogue (a digit picks one of the last buttons), render its answer and keep
        its buttons and cited clauses for the user's next message."""
        payload = button_choice(text, await self.store.get_buttons(openid)) or text
        messages = await self._converse()("wx:" + openid, payload[: self.s.max_question_chars])
        rendered, buttons = render_messages(messages)
        await self.store.set_buttons(openid, buttons)
        await self.store.set_sources(openid, collect_sources(messages))
        return rendered or texts.NO_ANSWER

    async def _finalize(self, msg: Inbound, key: str) -> None:
        """After the last try's window, deliver through the customer-service API if nobody did."""
        while True:
            rec = await retrying("read", lambda: self.store.get(key))
            if rec is None or rec.delivered_by:
                return
            due = self._kefu_due(rec)
            if time.time() >= due:
                break
            await self.wakeups.wait(key, min(max(self.s.wechat_poll_s, due - time.time()), 1.0))
        if not rec.parts:
            await self.store.claim_delivery(key, "none", time.time())
        elif await retrying("claim", lambda: self.store.claim_delivery(key, "kefu", time.time())):
            self.wakeups.notify(key)
            await self._send_kefu(msg.from_user, key, rec.parts[0])

    def _kefu_due(self, rec: MsgRecord) -> float:
        """When no try of this message can still answer passively."""
        wait, interval = self.s.wechat_reply_wait_s, self.s.wechat_retry_interval_s
        last_window = rec.last_at + wait if rec.attempts >= self.s.wechat_max_tries else rec.last_at + interval * 1.2
        return max(rec.first_at + (self.s.wechat_max_tries - 1) * interval + wait, last_window)

    async def _send_kefu(self, openid: str, key: str, text: str) -> None:
        """Send; on refusal (45015 window closed, 45047 quota…) keep the text for the next message."""
        result = await self.kefu.send_text(openid, text)
        if result.ok:
            log.info("wechat %s delivered via customer-service API", key)
            return
        await self.store.mark_delivery(key, "failed")
        await self.store.add_failed(openid, key, text, result.errcode, result.errmsg)
        log.warning("wechat %s customer-service send refused: %s %s", key, result.errcode, result.errmsg[:100])

    async def _maybe_prune(self) -> None:
        """Now and then drop records older than two days (beyond every retry and the 48 h window)."""
        self._created += 1
        if self._created % 500 == 1:
            await self.store.prune(time.time() - 2 * 24 * 3600)

    async def drain(self) -> None:
        """Wait for running producers (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def drain_budget_s(self) -> float:
        """How long a message that just arrived may still be owed an answer: WeChat's last try
        window, then a token fetch and one customer-service send."""
        s = self.s
        return (s.wechat_max_tries - 1) * s.wechat_retry_interval_s + s.wechat_reply_wait_s + 2 * s.wechat_http_timeout_s

    async def close(self, timeout_s: float | None = None) -> None:
        """Shutdown: let in-flight replies finish (bounded, default `drain_budget_s`), then release
        the customer-service HTTP client and the store's connections."""
        budget = self.drain_budget_s() if timeout_s is None else timeout_s
        try:
            late = set(self._tasks)
            if late:
                _, late = await asyncio.wait(late, timeout=budget)
            if late:
                log.warning("wechat shutdown: cancelling %d replies still running after %.1f s", len(late), budget)
                for task in late:
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)
        finally:
            await self.heartbeat.close()
            await self.kefu.close()
            await self.store.close()

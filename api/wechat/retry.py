"""The producer's calls, bounded: the dialogue within its time limit, the store calls after it retried.

`within()`: the dialogue gets `wechat_dialogue_timeout_s`, and then the user gets 「请稍后再发一次」 at once.
`asyncio.wait_for` would first wait for the cancelled call to finish, which an HTTP call stuck in its
connection pool's clean-up may take minutes to do (measured under `make bench-load`: producers still running
100 s after their messages, their leases renewed, no reply sent); `within()` cancels and does not wait.

`retrying()`: the producer's store calls after the dialogue. Its answer must not die with one Redis round trip.

Once the dialogue has answered, the producer is often the only one left who can deliver: WeChat's tries may all
have ended, so no waiting try would take the message over. A failed `finish`, read or customer-service claim
(Redis restarting, its connection pool busy under load) is therefore retried for `STORE_RETRY_S` before the
producer gives up, with the failure logged either way.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger("api.wechat")
STORE_RETRY_S = 30.0
T = TypeVar("T")


async def within(call: Awaitable[T], timeout_s: float) -> T:
    """`call`'s result, or TimeoutError after `timeout_s`; the call is then cancelled but not waited for."""
    task = asyncio.ensure_future(call)
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout_s)
    except asyncio.CancelledError:
        task.cancel()
        raise
    if not done:
        task.cancel()
        task.add_done_callback(_forget)
        raise TimeoutError(f"no answer within {timeout_s:g} s")
    return task.result()


def _forget(task: asyncio.Future) -> None:
    """Retrieve an abandoned call's outcome, so asyncio does not log it as never retrieved."""
    if not task.cancelled():
        task.exception()


async def retrying(what: str, call: Callable[[], Awaitable[T]], limit_s: float = STORE_RETRY_S) -> T:
    """`call()` until it succeeds, backing off from 0.1 s to 2 s; re-raises its error after `limit_s`."""
    deadline, pause = time.monotonic() + limit_s, 0.1
    while True:
        try:
            return await call()
        except Exception as exc:  # noqa: BLE001 — Redis restarting, connection pool busy
            if time.monotonic() + pause > deadline:
                raise
            log.warning("wechat store %s failed, retrying in %.1f s: %s", what, pause, type(exc).__name__)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)

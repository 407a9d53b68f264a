"""Who is producing a message's reply, and until when: the lease that survives a killed worker (issue 15).

A gateway worker killed with SIGKILL while producing a reply leaves its message `running` in the shared
store, and every later try of that MsgId would wait for a producer that no longer exists. So the producer
holds a lease — an owner id and an expiry in the message's record — and renews it every third of
`wechat_lease_s` while it works. A try that finds the lease expired takes the message over with a
compare-and-set in the store (exactly one try wins) and produces the reply itself. A live producer keeps
renewing, so it is not taken over; and only the lease's current owner may publish a reply (`finish`), so a
producer that was merely stalled past its lease cannot overwrite the answer of the try that took over.
"""
from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from api.wechat.records import MsgRecord, Store

log = logging.getLogger("api.wechat")


def new_owner() -> str:
    """A fresh id per producing attempt: host and pid name the process in logs (and let the fault tests
    check which worker produced), the random part tells a taker from the producer it replaced."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(4)}"


def expired(rec: MsgRecord, now: float) -> bool:
    """A running message whose producer stopped renewing. A record without a lease (written before
    leases existed) counts as expired: at worst its reply is produced a second time."""
    return rec.state == "running" and (rec.lease_until or 0.0) < now


@asynccontextmanager
async def held(store: Store, key: str, owner: str, lease_s: float) -> AsyncIterator[None]:
    """Renew the lease in the background while the block runs: the producer's heartbeat.

    The heartbeat is stopped by a flag as well as cancelled, and waited for at most a second: under
    `make bench-load` 45 producers never got past this point, their leases renewed for minutes and no reply
    sent: the heartbeat kept running (most likely a cancellation lost inside a Redis call; Python 3.11's
    `asyncio.wait_for` can swallow one), and waiting for it held the producer forever."""
    stop = asyncio.Event()
    beat = asyncio.ensure_future(_renew(store, key, owner, lease_s, stop))
    try:
        yield
    finally:
        stop.set()
        beat.cancel()
        await asyncio.wait({beat}, timeout=1.0)


async def _renew(store: Store, key: str, owner: str, lease_s: float, stop: asyncio.Event) -> None:
    """Renew every third of the lease, so two missed beats still leave it live; stop once another try
    owns the message or the producer is done. A failed renewal (Redis restarting) is not fatal: the next beat
    tries again, and at worst the message is taken over and produced twice, with one reply published."""
    while not stop.is_set():
        await asyncio.sleep(lease_s / 3)
        if stop.is_set():
            return
        try:
            if not await store.renew(key, owner, time.time(), lease_s):
                log.warning("wechat %s: %s lost its lease to another try", key, owner)
                return
        except Exception as exc:  # noqa: BLE001 — the shared store is briefly unavailable
            log.warning("wechat %s: lease renewal failed: %s", key, type(exc).__name__)

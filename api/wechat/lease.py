"""Who is producing a message's reply, and until when: the lease that survives a killed worker (issue 15).

A gateway worker killed with SIGKILL while producing a reply leaves its message `running` in the shared
store, and every later try of that MsgId would wait for a producer that no longer exists. So the producer
holds a lease — an owner id and an expiry in the message's record — and the worker's heartbeat renews it
every third of `wechat_lease_s` while it works. A try that finds the lease expired takes the message over with a
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


def _this_process() -> str:
    """The owner prefix of this process's producers: host and pid."""
    return f"{socket.gethostname()}/{os.getpid()}/"


def new_owner() -> str:
    """A fresh id per producing attempt: host and pid name the process in logs (and let the fault tests
    check which worker produced), the random part tells a taker from the producer it replaced."""
    return _this_process() + secrets.token_hex(4)


def produced_here(rec: MsgRecord) -> bool:
    """The message's producer runs in this process: its heartbeat keeps the lease live and it wakes this
    process's waiting tries when it is done, so they need not poll the store for either."""
    return bool(rec.owner) and rec.owner.startswith(_this_process())


def expired(rec: MsgRecord, now: float) -> bool:
    """A running message whose producer stopped renewing. A record without a lease (written before
    leases existed) counts as expired: at worst its reply is produced a second time."""
    return rec.state == "running" and (rec.lease_until or 0.0) < now


class Heartbeat:
    """One heartbeat per worker renews every lease the worker's producers hold, in one store call per beat.

    A heartbeat per message cost one store transaction per second per message in flight, and the messages in
    flight multiply exactly when the worker is overloaded: under `make bench-load` (200 users) the renewals
    took a fifth of the gateway's CPU, which made replies slower still. A producer only registers and
    unregisters its lease here and never waits for the heartbeat: under `make bench-load` 45 producers once
    waited forever for a per-message heartbeat whose cancellation was lost inside a Redis call."""

    def __init__(self, store: Store, lease_s: float) -> None:
        self.store, self.lease_s = store, lease_s
        self._leases: dict[str, str] = {}  # key → owner
        self._beat: asyncio.Task | None = None

    @asynccontextmanager
    async def held(self, key: str, owner: str) -> AsyncIterator[None]:
        """Keep `owner`'s lease on `key` renewed while the block runs."""
        self._leases[key] = owner
        if self._beat is None or self._beat.done() or self._beat.get_loop() is not asyncio.get_running_loop():
            self._beat = asyncio.ensure_future(self._run())  # (a beat left in a closed loop never ends)
        try:
            yield
        finally:
            if self._leases.get(key) == owner:
                del self._leases[key]

    async def _run(self) -> None:
        """Renew every third of the lease, so two missed beats still leave a lease live; end when no lease
        is held. A failed renewal (Redis restarting) is not fatal: the next beat tries again, and at worst a
        message is taken over and produced twice, with one reply published."""
        while True:
            await asyncio.sleep(self.lease_s / 3)
            leases = dict(self._leases)
            if not leases:
                return
            try:
                kept = await self.store.renew_many(leases, time.time(), self.lease_s)
            except Exception as exc:  # noqa: BLE001 — the shared store is briefly unavailable
                log.warning("wechat: renewing %d leases failed: %s", len(leases), type(exc).__name__)
                continue
            for key in leases.keys() - kept:
                log.warning("wechat %s: %s lost its lease to another try", key, leases[key])
                if self._leases.get(key) == leases[key]:
                    del self._leases[key]

    async def close(self) -> None:
        """Stop beating (shutdown): the leases still held lapse and other workers take them over."""
        self._leases.clear()
        if self._beat is not None:
            self._beat.cancel()
            await asyncio.wait({self._beat}, timeout=1.0)

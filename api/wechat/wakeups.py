"""Local wake-ups of a message's waiting tries: a try waiting in this process is woken at once when the
reply is published here, or when a newer try of the same message arrives here. Tries are not woken by other
workers; they see those workers' changes by re-reading the shared store (api/wechat/service.py)."""
from __future__ import annotations

import asyncio
import weakref


class Wakeups:
    """One event per message key that tries of this process wait on; the event is dropped once no try holds it."""

    def __init__(self) -> None:
        self._events: weakref.WeakValueDictionary[str, asyncio.Event] = weakref.WeakValueDictionary()

    def notify(self, key: str) -> None:
        """Wake every try of `key` waiting in this process."""
        event = self._events.pop(key, None)
        if event is not None:
            event.set()

    def listen(self, key: str) -> asyncio.Event:
        """The event `notify` sets for `key`: taken before a store read, a wake-up after the read is not missed."""
        event = self._events.get(key)
        if event is None:
            event = self._events[key] = asyncio.Event()
        return event

    async def wait(self, key: str, timeout: float, event: asyncio.Event | None = None) -> None:
        """Until `key` is notified (or `event`, taken earlier, was) or `timeout` seconds pass."""
        try:
            await asyncio.wait_for((event or self.listen(key)).wait(), timeout)
        except asyncio.TimeoutError:
            pass

"""The production profile's lock store: Rasa's RedisLockStore with its ticket updates made atomic.

Why: RedisLockStore keeps a conversation's ticket queue as one JSON value and changes it by read, modify, write
(`issue_ticket`, `update_lock`, `finish_serving` + `delete_lock` in `cleanup`). Two Rasa servers that touch one
conversation at the same moment overwrite each other's change: a ticket issued while the other server cleans up is
lost, and the lock is deleted under it, so the waiting message fails with "Could not acquire lock" (the REST
channel's 503) or two messages run at once (tests/bot/test_lock_store.py shows both on the stock store; the fault
suite's two-replica ordering test met the first). Each of those updates here runs under a short Redis mutex per
conversation (redis-py's `Lock`, which Redis releases itself after `MUTEX_TIMEOUT_S` if a server dies holding it; a mutex
not taken within `MUTEX_WAIT_S` fails the message with Rasa's LockError, the REST channel's 503).
Loaded through deploy/prod/endpoints.yml.in; `make run` has one Rasa server and keeps the in-memory store.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import LockNotOwnedError

log = logging.getLogger(__name__)

# An update takes milliseconds, but each of its Redis calls may wait up to the store's socket timeout (Rasa's 10 s):
# the mutex outlives three of them, so it never expires under a slow update; a dead holder's expires after this.
MUTEX_TIMEOUT_S = 30.0
MUTEX_WAIT_S = 10.0  # how long an update waits for another server's before the message fails (503)
MUTEX_POLL_S = 0.01  # redis-py polls with time.sleep, which holds Rasa's event loop: poll often, for a short while


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose read-modify-write updates of a ticket lock are serialised across servers."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        """Rasa builds a lock store named by module path with the endpoint config only; tests pass kwargs."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    @contextmanager
    def _mutex(self, conversation_id: Text) -> Iterator[None]:
        """Held for one update. A mutex that expired under a stalled Redis is not released again: the update is
        done, and failing it now would answer an already processed message with 503."""
        mutex = self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_TIMEOUT_S,
                              sleep=MUTEX_POLL_S, blocking_timeout=MUTEX_WAIT_S)
        if not mutex.acquire():
            raise LockError(f"Could not update the lock of conversation '{conversation_id}' within {MUTEX_WAIT_S} s.")
        try:
            yield
        finally:
            try:
                mutex.release()
            except LockNotOwnedError:
                log.warning("lock mutex of a conversation expired during an update (Redis stalled)")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finishing a ticket and deleting the lock when nobody waits is one step, not two."""
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)

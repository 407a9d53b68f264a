"""The production profile's tracker store: bot/tracker_store.py's masking SQL store, made to ride out a
PostgreSQL restart (loaded through deploy/prod/endpoints.yml.in; `make run` keeps MaskingSQLTrackerStore).

Why: Rasa wraps the tracker store in FailSafeTrackerStore, which answers a failed ``retrieve`` with an empty
in-memory conversation. After PostgreSQL restarts, every pooled connection is dead, so the first message of a
resident half-way through a form would be read as the start of a new conversation and the form lost
(tests/faults saw exactly this). Two changes: the engine pings a pooled connection before using it
(``pool_pre_ping``), and reads and writes are retried for a few seconds while the database is coming back.
Not part of the Rasa model: mk/rasa.mk leaves bot/*.py out of the model hash.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import MaskingSQLTrackerStore

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTEMPTS = 10  # × RETRY_PAUSE_S: how long a message waits for PostgreSQL before Rasa gives up on it
RETRY_PAUSE_S = 1.0


class ResilientMaskingSQLTrackerStore(MaskingSQLTrackerStore):
    """MaskingSQLTrackerStore with pre-pinged connections and retried reads and writes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, again after a pause while the database refuses (OperationalError), at most ATTEMPTS times."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await call()
            except sa.exc.OperationalError:
                if attempt == ATTEMPTS:
                    raise
                log.warning("tracker store unavailable (attempt %d/%d), retrying", attempt, ATTEMPTS)
                await asyncio.sleep(RETRY_PAUSE_S)
        raise AssertionError("unreachable")

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrying(lambda: super(ResilientMaskingSQLTrackerStore, self).retrieve(sender_id))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        parent = super(ResilientMaskingSQLTrackerStore, self)
        return await self._retrying(lambda: parent.retrieve_full_tracker(conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._retrying(lambda: super(ResilientMaskingSQLTrackerStore, self).save(tracker))

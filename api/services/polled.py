"""A version number other workers bump in the database, read by this worker at most every FAQ_RELOAD_S seconds.

Used for the two things staff change while the gateways run: the 百问百答 compendium (newest revision id,
api/services/compendium.py) and the search index (newest finished re-index job, api/services/assistant.py).
One worker saves; every other worker sees the new number within FAQ_RELOAD_S and reloads, with no message bus
and no query per request.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from config.settings import get_settings


class PolledVersion:
    """``key()`` is (database_url, knowledge_dir, version): tests and tools switch databases and knowledge
    folders, and a switch is noticed at once, not after the interval."""

    def __init__(self, read: Callable[[], int]) -> None:
        self._read = read
        self._key: tuple | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    @staticmethod
    def source() -> tuple:
        s = get_settings()
        return (s.database_url, str(s.knowledge_dir))

    def key(self, force: bool = False) -> tuple:
        """The newest key; read from the database only when FAQ_RELOAD_S passed (or ``force``)."""
        now, key = time.monotonic(), self._key
        if not force and key is not None and key[:2] == self.source() \
                and now - self._checked < get_settings().faq_reload_s:
            return key
        fresh = (*self.source(), self._read())
        with self._lock:
            self._key, self._checked = fresh, now
        return fresh

"""The declarative base every feature's tables share, and the one timestamp helper they default to.

Kept apart from api/db.py (engine and sessions) so models, migrations and the engine can be
imported in any order without one pulling in the other.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Shared declarative base; feature tables live in api/models/<feature>.py."""


def utcnow() -> datetime:
    """Naive UTC timestamp: SQLite drops tz info, so both backends store naive UTC alike."""
    return datetime.now(timezone.utc).replace(tzinfo=None)

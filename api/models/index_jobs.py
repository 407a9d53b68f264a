"""The re-index jobs: one row per rebuild staff started, with its progress and how it ended.

A row, not a variable in one process, so that every gateway worker shows the same job to staff, refuses a
second change while any worker is rebuilding, and learns when a rebuild finished: the id of the newest
finished row is the index version each worker compares with the index it serves (api/services/assistant.py).
``running`` is True while the job runs and NULL afterwards; its unique index lets one job run at a time across
all workers (a second insert fails), on SQLite and PostgreSQL alike (both allow many NULLs).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, utcnow


class IndexJobRecord(Base):
    """One re-index job."""

    __tablename__ = "index_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), index=True)  # running | done | failed
    running: Mapped[bool | None] = mapped_column(Boolean, nullable=True, unique=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    worker: Mapped[str] = mapped_column(String(128), default="")  # host:pid that ran it
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

"""Tables of the staff-maintained 百问百答: entries staff write or edit, and every change to them.

The YAML compendium (knowledge/faq/) is the reviewed base; a row here either adds an entry
(origin ``staff``) or replaces a YAML entry of the same id (origin ``override``), so staff can edit
and retire any entry without touching the repository. List fields are JSON text, which both SQLite
and PostgreSQL store alike. The newest revision id is the compendium's version: every worker
compares it with the one it serves and reloads the entries when it grew.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, utcnow


class FaqRecord(Base):
    """One staff-written entry, or the staff's version of a YAML entry (same id)."""

    __tablename__ = "faq_entry"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    origin: Mapped[str] = mapped_column(String(16))  # "staff" | "override"
    topic: Mapped[str] = mapped_column(String(64))
    regions_json: Mapped[str] = mapped_column(Text, default="[]")
    audience_json: Mapped[str] = mapped_column(Text, default="[]")
    question: Mapped[str] = mapped_column(Text)
    paraphrases_json: Mapped[str] = mapped_column(Text, default="[]")
    answer: Mapped[str] = mapped_column(Text)
    clause_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    silent: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class FaqRevision(Base):
    """Who changed which entry when, and what: ``changes_json`` is {field: [before, after]}."""

    __tablename__ = "faq_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(16))  # 新建 | 修改 | 停用 | 恢复 | 导入
    who: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changes_json: Mapped[str] = mapped_column(Text, default="{}")

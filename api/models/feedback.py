"""Feedback (👍/👎) and the question log: what residents asked and whether the corpus could answer.

Staff read both in the console to see what the knowledge base lacks, so each row can be marked handled.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, utcnow


class Feedback(Base):
    """One 👍/👎 on one answer; the reason is optional free text from the resident."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    message_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[str] = mapped_column(String(8), index=True)  # "up" | "down"
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    handled: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    handled_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class QuestionLog(Base):
    """Every answered question (confident or not): feeds the overview and the 'unanswered' list."""

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    confident: Mapped[bool] = mapped_column(Boolean, index=True)
    source: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "faq" | "clauses"
    top_clause_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    faq_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # the compendium entry that answered
    clause_ids: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON: the nearest clauses, best first
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    handled: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    handled_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

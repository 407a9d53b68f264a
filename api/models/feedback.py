"""Feedback (👍/👎) and the question log: what residents asked and whether the corpus could answer.

Staff read both in the console to see what the knowledge base lacks, so each row can be marked handled.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, session_scope
from api.models.requests import utcnow


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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    handled: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    handled_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


def record_question(question: str, result: dict, sender_id: str | None = None) -> None:
    """Log one /api/ask result; never raises, because logging must not break answering.

    `result` is the /api/ask response body (answer, confident, source, citations).
    """
    try:
        citations = result.get("citations") or []
        row = QuestionLog(
            sender_id=sender_id, question=question[:1000], answer=str(result.get("answer", ""))[:4000],
            confident=bool(result.get("confident")), source=result.get("source"),
            top_clause_id=(citations[0].get("clause_id") if citations else None),
        )
        with session_scope() as session:
            session.add(row)
            session.commit()
    except Exception:  # noqa: BLE001 — a logging failure is reported, never propagated
        import logging

        logging.getLogger("api.feedback").exception("could not log question")

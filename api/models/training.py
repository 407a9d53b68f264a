"""Tables for the training feature: quizzes handed out and every answer given, per sender.

A quiz row keeps its generated questions (JSON) so answers are checked against exactly what the
player saw; answers are kept per sender so staff see what each person got wrong and can retry those.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, utcnow


class QuizSession(Base):
    """One quiz: who took it, the filter used and the questions (with answers) as generated."""

    __tablename__ = "quiz_session"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    topic: Mapped[str | None] = mapped_column(String(64), nullable=True)
    region: Mapped[str | None] = mapped_column(String(20), nullable=True)
    questions_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)  # the player left a chat quiz early


class QuizAnswer(Base):
    """One answered question; ``entry_id`` ties it to the compendium entry for the mistakes list."""

    __tablename__ = "quiz_answer"
    __table_args__ = (UniqueConstraint("quiz_id", "question_id", name="uq_quiz_answer_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quiz_id: Mapped[str] = mapped_column(String(32), ForeignKey("quiz_session.id"), index=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    question_id: Mapped[str] = mapped_column(String(16))
    entry_id: Mapped[str] = mapped_column(String(32), index=True)
    choice: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

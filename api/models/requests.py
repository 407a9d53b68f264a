"""Tables for the requests feature: filings (BA-), deregistrations (ZX-), handoffs (RG-) and their status history.

Each request table carries a globally unique `reference` (the prefix tells the kind), so the
history table can point at any of them by reference alone.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, utcnow

STATUS_SUBMITTED = "已提交"
STATUS_CONTACTED = "已联系"
STATUS_DONE = "已办结"
STATUS_REJECTED = "不予受理"
STATUSES = (STATUS_SUBMITTED, STATUS_CONTACTED, STATUS_DONE, STATUS_REJECTED)
# The staff workflow of issue 5: 已提交 → 已联系 → 已办结 / 不予受理; finished requests stay finished.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    STATUS_SUBMITTED: (STATUS_CONTACTED, STATUS_REJECTED),
    STATUS_CONTACTED: (STATUS_DONE, STATUS_REJECTED),
    STATUS_DONE: (),
    STATUS_REJECTED: (),
}


class RequestMixin:
    """Columns every request kind shares (reference, who asked, workflow state, when)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    sender_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(8), default=STATUS_SUBMITTED, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # What staff chose to tell the resident (shown in the chat's status lookup); the history's `note` stays internal.
    resident_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # False after a staff status change until the resident's next message carried the notice (shown once).
    status_seen: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class FilingRequest(RequestMixin, Base):
    """A pre-filing request of a community activity team (Flow 1), fields as in issue 3."""

    __tablename__ = "filing_requests"

    team_name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(50))
    street: Mapped[str] = mapped_column(String(50), index=True)
    community: Mapped[str] = mapped_column(String(100))
    member_count: Mapped[int] = mapped_column(Integer)
    leader_name: Mapped[str] = mapped_column(String(50))
    leader_phone: Mapped[str] = mapped_column(String(11))
    activity_place: Mapped[str] = mapped_column(String(200))
    activities: Mapped[str] = mapped_column(Text)
    tier: Mapped[str] = mapped_column(String(50), default="")


class DeregistrationRequest(RequestMixin, Base):
    """A 注销/撤销备案 request (Flow 2)."""

    __tablename__ = "deregistration_requests"

    org_kind: Mapped[str] = mapped_column(String(50))
    org_name: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(50))
    street: Mapped[str] = mapped_column(String(50), index=True)
    reason: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(11), default="")
    path: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class HandoffRequest(RequestMixin, Base):
    """A 转人工 request: the question the assistant could not settle, for a person to follow up."""

    __tablename__ = "handoff_requests"

    question: Mapped[str] = mapped_column(Text)
    context: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(100), default="")


class StatusChange(Base):
    """Who moved which request from which status to which, when and why (staff accountability)."""

    __tablename__ = "request_status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    from_status: Mapped[str | None] = mapped_column(String(8), nullable=True)
    to_status: Mapped[str] = mapped_column(String(8))
    who: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


REQUEST_MODELS = (FilingRequest, DeregistrationRequest, HandoffRequest)
__all__ = [
    "ALLOWED_TRANSITIONS", "STATUSES", "FilingRequest", "DeregistrationRequest", "HandoffRequest",
    "StatusChange", "REQUEST_MODELS", "utcnow",
]

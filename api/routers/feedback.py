"""Feedback: residents' 👍/👎 (POST /api/feedback) and the staff view of what the knowledge base lacks
(unconfident answers and 👎, grouped by similar question, markable as handled)."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, field_validator

from api.deps import DbSession
from api.identity import check_claim, web_sender
from api.ratelimit import enforce
from api.security import StaffName, same_origin
from api.services import feedback
from api.services.feedback import MAX_ROWS

router = APIRouter()


class FeedbackIn(BaseModel):
    """The contract in docs/ARCHITECTURE.md; limits keep one request from filling the database."""

    sender_id: str | None = Field(default=None, min_length=1, max_length=128)  # must be the cookie's id if given
    message_id: str | None = Field(default=None, max_length=128)
    question: str = Field(default="", max_length=2000)
    answer: str = Field(default="", max_length=8000)
    rating: Literal["up", "down"]
    reason: str | None = Field(default=None, max_length=500)

    @field_validator("sender_id")
    @classmethod
    def _known_channel(cls, value: str | None) -> str | None:
        """Only the web and WeChat channels post feedback; anything else is a malformed client."""
        if value is not None and not value.startswith(("web:", "wx:")):
            raise ValueError("应以 web: 或 wx: 开头")
        return value

    @field_validator("reason")
    @classmethod
    def _blank_reason_is_none(cls, value: str | None) -> str | None:
        return (value or "").strip() or None


@router.post("/api/feedback", dependencies=[Depends(same_origin)])
def post_feedback(body: FeedbackIn, request: Request, session: DbSession, sender: str = Depends(web_sender)) -> dict:
    """Store the rating under the cookie's sender (rate-limited per client and sender); the reply only
    acknowledges, it never echoes the text back."""
    check_claim(body.sender_id, sender)
    enforce(request, "feedback", sender)
    return {"ok": True, "id": feedback.store_feedback(session, {**body.model_dump(), "sender_id": sender})}


@router.get("/api/staff/questions")
def staff_questions(who: StaffName, session: DbSession, handled: bool = False) -> dict:
    """Questions the assistant could not answer confidently, plus 👎 answers, grouped by similar question."""
    return feedback.question_groups(session, handled)


class ItemRef(BaseModel):
    kind: Literal["log", "feedback"]
    id: int = Field(ge=1)


class MarkHandled(BaseModel):
    items: list[ItemRef] = Field(min_length=1, max_length=2 * MAX_ROWS)
    handled: bool = True


@router.post("/api/staff/questions/handled", dependencies=[Depends(same_origin)])
def mark_handled(body: MarkHandled, who: StaffName, session: DbSession) -> dict:
    """All or nothing: one unknown id means 404 and no row is touched."""
    refs = [(ref.kind, ref.id) for ref in body.items]
    return {"updated": feedback.mark_handled(session, refs, body.handled, who)}

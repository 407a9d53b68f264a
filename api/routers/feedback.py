"""Feedback: residents' 👍/👎 (POST /api/feedback) and the staff view of what the knowledge base lacks
(unconfident answers and 👎, grouped by similar question, markable as handled)."""
from __future__ import annotations

import re
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import DbSession, StaffName
from api.models.feedback import Feedback, QuestionLog
from api.models.requests import utcnow
from api.requests_store import to_china_iso
from api.routers.staff import same_origin
from corpus.text import char_bigrams, squash

router = APIRouter()


class FeedbackIn(BaseModel):
    """The contract in docs/ARCHITECTURE.md; limits keep one request from filling the database."""

    sender_id: str = Field(min_length=1, max_length=128)
    message_id: str | None = Field(default=None, max_length=128)
    question: str = Field(default="", max_length=2000)
    answer: str = Field(default="", max_length=8000)
    rating: Literal["up", "down"]
    reason: str | None = Field(default=None, max_length=500)

    @field_validator("sender_id")
    @classmethod
    def _known_channel(cls, value: str) -> str:
        """Only the web and WeChat channels post feedback; anything else is a malformed client."""
        if not value.startswith(("web:", "wx:")):
            raise ValueError("应以 web: 或 wx: 开头")
        return value

    @field_validator("reason")
    @classmethod
    def _blank_reason_is_none(cls, value: str | None) -> str | None:
        return (value or "").strip() or None


@router.post("/api/feedback")
def post_feedback(body: FeedbackIn, session: DbSession) -> dict:
    """Store the rating; the reply only acknowledges, it never echoes the text back."""
    row = Feedback(**body.model_dump())
    session.add(row)
    session.commit()
    return {"ok": True, "id": row.id}


# ---------------------------------------------------------------- staff: what the knowledge base lacks

_FINAL_PARTICLES = re.compile(r"[吗呢吧啊呀哦嘛哈啦]+$")
SIMILARITY = 0.45  # Jaccard of character bigrams: same question in other words, not merely same topic
MAX_ROWS = 500  # per source; single-link grouping is quadratic


def normalize(question: str) -> str:
    """Drop punctuation, spaces and 语气词 so '怎么备案呀？' and '怎么备案' compare equal."""
    return _FINAL_PARTICLES.sub("", squash(question))


def similar(a: str, b: str, grams_a: set[str], grams_b: set[str]) -> bool:
    """Containment or enough shared bigrams: cheap, dependency-free, and good enough for short questions."""
    if a and b and (a in b or b in a):
        return True
    return len(grams_a & grams_b) / max(1, len(grams_a | grams_b)) >= SIMILARITY


def _new_group(_item: dict) -> dict:
    return {"_members": [], "items": []}


def _merge(groups: list[dict]) -> dict:
    """An item similar to several groups joins them: grouping must not depend on arrival order."""
    first = groups[0]
    for other in groups[1:]:
        first["_members"] += other["_members"]
        first["items"] += other["items"]
    return first


def group_items(items: list[dict]) -> list[dict]:
    """Single-link clustering of questions (newest first); a group is shown by its newest question."""
    groups: list[dict] = []
    for item in items:
        norm = normalize(item["question"])
        grams = char_bigrams(norm)
        hits = [g for g in groups if any(similar(norm, n, grams, gr) for n, gr in g["_members"])]
        home = _merge(hits) if hits else _new_group(item)
        groups = [g for g in groups if g not in hits] + [home]
        home["_members"].append((norm, grams))
        home["items"].append(item)
    return sorted((_public(g) for g in groups), key=lambda g: (g["count"], g["last_at"]), reverse=True)


def _public(group: dict) -> dict:
    items = sorted(group["items"], key=lambda i: i["created_at"], reverse=True)
    return {"question": items[0]["question"], "items": items, "count": len(items), "last_at": items[0]["created_at"],
            "unanswered": sum(i["kind"] == "log" for i in items), "down": sum(i["kind"] == "feedback" for i in items)}


def _item(kind: str, row: QuestionLog | Feedback) -> dict:
    return {"kind": kind, "id": row.id, "question": row.question, "answer": row.answer,
            "reason": getattr(row, "reason", None), "sender_id": row.sender_id,
            "created_at": to_china_iso(row.created_at), "handled": row.handled}


def question_items(session: Session, handled: bool) -> list[dict]:
    """Unconfident answers and 👎 feedback, newest first."""
    logs = session.scalars(select(QuestionLog).where(QuestionLog.confident.is_(False), QuestionLog.handled.is_(handled))
                           .order_by(QuestionLog.created_at.desc()).limit(MAX_ROWS))
    downs = session.scalars(select(Feedback).where(Feedback.rating == "down", Feedback.handled.is_(handled))
                            .order_by(Feedback.created_at.desc()).limit(MAX_ROWS))
    items = [_item("log", r) for r in logs] + [_item("feedback", r) for r in downs]
    return sorted(items, key=lambda i: i["created_at"], reverse=True)


@router.get("/api/staff/questions")
def staff_questions(who: StaffName, session: DbSession, handled: bool = False) -> dict:
    """Questions the assistant could not answer confidently, plus 👎 answers, grouped by similar question."""
    groups = group_items(question_items(session, handled))
    return {"groups": groups, "total": sum(g["count"] for g in groups)}


class ItemRef(BaseModel):
    kind: Literal["log", "feedback"]
    id: int = Field(ge=1)


class MarkHandled(BaseModel):
    items: list[ItemRef] = Field(min_length=1, max_length=2 * MAX_ROWS)
    handled: bool = True


@router.post("/api/staff/questions/handled", dependencies=[Depends(same_origin)])
def mark_handled(body: MarkHandled, who: StaffName, session: DbSession) -> dict:
    """All or nothing: one unknown id means 404 and no row is touched."""
    models = {"log": QuestionLog, "feedback": Feedback}
    rows = [session.get(models[ref.kind], ref.id) for ref in body.items]
    if any(r is None for r in rows):
        raise HTTPException(status_code=404, detail="要标记的问题不存在，可能已被删除，请刷新后重试。")
    now = utcnow()
    for row in rows:
        row.handled, row.handled_by, row.handled_at = body.handled, (who if body.handled else None), (now if body.handled else None)
    session.commit()
    return {"updated": len(rows)}

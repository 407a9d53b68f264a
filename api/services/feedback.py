"""Residents' 👍/👎 and the staff view of what the knowledge base lacks.

Unconfident answers and 👎 feedback are grouped by similar question (single-link clustering over
character bigrams) and can be marked as handled, so staff see each gap once.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import session_scope
from api.models.base import utcnow
from api.models.feedback import Feedback, QuestionLog
from api.services.requests import to_china_iso
from api.services.errors import NotFound
from corpus.text import char_bigrams, mask_pii, squash

log = logging.getLogger("api.feedback")
_FINAL_PARTICLES = re.compile(r"[吗呢吧啊呀哦嘛哈啦]+$")
SIMILARITY = 0.45  # Jaccard of character bigrams: same question in other words, not merely same topic
MAX_ROWS = 500  # per source; single-link grouping is quadratic
ItemKind = Literal["log", "feedback"]
_MODELS: dict[str, type[QuestionLog] | type[Feedback]] = {"log": QuestionLog, "feedback": Feedback}


def record_question(question: str, result: dict, sender_id: str | None = None) -> None:
    """Log one /api/ask result; never raises, because logging must not break answering.

    `result` is the /api/ask response body (answer, confident, source, citations).
    """
    try:
        citations = result.get("citations") or []
        row = QuestionLog(
            sender_id=sender_id, question=mask_pii(question[:1000]), answer=mask_pii(str(result.get("answer", ""))[:4000]),
            confident=bool(result.get("confident")), source=result.get("source"),
            top_clause_id=(citations[0].get("clause_id") if citations else None), faq_id=result.get("faq_id"),
            clause_ids=json.dumps([c.get("clause_id") for c in citations[:3]], ensure_ascii=False),
        )
        with session_scope() as session:
            session.add(row)
            session.commit()
    except Exception:  # noqa: BLE001 — a logging failure is reported, never propagated
        log.exception("could not log question")


def store_feedback(session: Session, fields: dict) -> int:
    """Store one rating and return its id (the caller acknowledges; the text is never echoed).

    Free text (question, answer, reason) is stored with phone and ID numbers masked.
    """
    fields = {k: mask_pii(v) if k in ("question", "answer", "reason") and isinstance(v, str) else v
              for k, v in fields.items()}
    row = Feedback(**fields)
    session.add(row)
    session.commit()
    return row.id


# ---------------------------------------------------------------- grouping similar questions

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


# ---------------------------------------------------------------- the staff review

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


def question_groups(session: Session, handled: bool) -> dict:
    """Questions the assistant could not answer confidently, plus 👎 answers, grouped by similar question."""
    groups = group_items(question_items(session, handled))
    return {"groups": groups, "total": sum(g["count"] for g in groups)}


def mark_handled(session: Session, refs: list[tuple[ItemKind, int]], handled: bool, who: str) -> int:
    """All or nothing: one unknown id is NotFound and no row is touched; returns how many were marked."""
    rows = [session.get(_MODELS[kind], row_id) for kind, row_id in refs]
    if any(r is None for r in rows):
        raise NotFound("要标记的问题不存在，可能已被删除，请刷新后重试。")
    now = utcnow()
    for row in rows:
        row.handled, row.handled_by, row.handled_at = handled, (who if handled else None), (now if handled else None)
    session.commit()
    return len(rows)

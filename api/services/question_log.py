"""The staff question log: every group of similar questions with what the assistant did about it.

Per group: how often and when (first / last seen), what the assistant answered (refused, which clause,
which 百问百答 entry), the residents' 👍/👎 with their reasons, and the nearest clauses, from which
staff pick the clauses of a new entry. Grouping is the console's one grouping (api/services/feedback.py).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.base import utcnow
from api.models.feedback import Feedback, QuestionLog
from api.services.compendium import cite, compendium
from api.services.feedback import MAX_ROWS, group_items
from api.services.requests import to_china_iso

Scope = Literal["gaps", "all"]
NEAREST = 3


def _clause_ids(row: QuestionLog) -> list[str]:
    stored = json.loads(row.clause_ids) if row.clause_ids else []
    return [c for c in stored if c] or ([row.top_clause_id] if row.top_clause_id else [])


def _log_item(row: QuestionLog) -> dict:
    return {"kind": "log", "id": row.id, "question": row.question, "answer": row.answer, "reason": None,
            "sender_id": row.sender_id, "created_at": to_china_iso(row.created_at), "handled": row.handled,
            "confident": row.confident, "source": row.source, "faq_id": row.faq_id,
            "top_clause_id": row.top_clause_id, "clause_ids": _clause_ids(row)}


def _feedback_item(row: Feedback) -> dict:
    return {"kind": "feedback", "id": row.id, "question": row.question, "answer": row.answer, "reason": row.reason,
            "sender_id": row.sender_id, "created_at": to_china_iso(row.created_at), "handled": row.handled,
            "rating": row.rating}


def items(session: Session, handled: bool, scope: Scope, days: int) -> list[dict]:
    """Logged questions and ratings of the last ``days`` days: only the gaps (unconfident answers and
    👎) or everything, newest first."""
    since = utcnow() - dt.timedelta(days=days)
    logs = select(QuestionLog).where(QuestionLog.handled.is_(handled), QuestionLog.created_at >= since)
    ratings = select(Feedback).where(Feedback.handled.is_(handled), Feedback.created_at >= since)
    if scope == "gaps":
        logs, ratings = logs.where(QuestionLog.confident.is_(False)), ratings.where(Feedback.rating == "down")
    out = [_log_item(r) for r in session.scalars(logs.order_by(QuestionLog.created_at.desc()).limit(MAX_ROWS))]
    out += [_feedback_item(r) for r in session.scalars(ratings.order_by(Feedback.created_at.desc()).limit(MAX_ROWS))]
    return sorted(out, key=lambda i: i["created_at"], reverse=True)


def _answered(logs: list[dict], questions: dict[str, str]) -> dict:
    """Refusals, and the clauses and entries that answered, with counts."""
    clauses = Counter(i["top_clause_id"] for i in logs if i["confident"] and not i["faq_id"] and i["top_clause_id"])
    entries = Counter(i["faq_id"] for i in logs if i["confident"] and i["faq_id"])
    return {"refused": sum(not i["confident"] for i in logs),
            "clauses": [{**_clause_ref(cid), "count": n} for cid, n in clauses.most_common()],
            "entries": [{"id": fid, "question": questions.get(fid, "（已停用的条目）"), "count": n}
                        for fid, n in entries.most_common()]}


def _clause_ref(clause_id: str) -> dict:
    """A clause as the log names it: id, document title and clause label, and its text."""
    try:
        c = cite(clause_id)
    except KeyError:
        return {"clause_id": clause_id, "title": "（已删除的文件）", "clause": "", "text": ""}
    return {"clause_id": clause_id, "title": c["title"], "clause": c["clause"], "text": c["full_text"],
            "region": c["region"], "in_force": c["in_force"]}


def summarise(group: dict, questions: dict[str, str]) -> dict:
    """One group as the log shows it (the grouping's fields plus the gap loop's)."""
    logs = [i for i in group["items"] if i["kind"] == "log"]
    ratings = [i for i in group["items"] if i["kind"] == "feedback"]
    nearest: Counter = Counter()
    for item in logs:
        for rank, cid in enumerate(item["clause_ids"][:NEAREST]):
            nearest[cid] += NEAREST - rank  # a clause ranked first for a question counts more than a third
    return {**group, "first_at": min(i["created_at"] for i in group["items"]),
            "asked": len(logs), "answered": _answered(logs, questions),
            "feedback": {"up": sum(i["rating"] == "up" for i in ratings),
                         "down": sum(i["rating"] == "down" for i in ratings),
                         "reasons": [i["reason"] for i in ratings if i["reason"]]},
            "paraphrases": list(dict.fromkeys(i["question"] for i in group["items"])),
            "nearest": [_clause_ref(cid) for cid, _n in nearest.most_common(NEAREST)]}


def question_log(session: Session, handled: bool = False, scope: Scope = "gaps", days: int = 90) -> dict:
    """The log's groups, most asked first."""
    questions = {e.id: e.question for e in compendium()}
    groups = [summarise(g, questions) for g in group_items(items(session, handled, scope, days))]
    return {"groups": groups, "total": sum(g["count"] for g in groups)}

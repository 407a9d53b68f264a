"""The staff console's overview statistics (GET /api/staff/overview) and the question log
(GET /api/staff/question-log): groups of similar questions with what the assistant did about them."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import DbSession
from api.security import StaffName
from api.services import analytics, question_log

router = APIRouter()


@router.get("/api/staff/overview")
def overview(who: StaffName, session: DbSession, days: Annotated[int, Query(ge=1, le=365)] = 30) -> dict:
    """Questions per day, answered rate, flow completions, top topics and feedback, for the last `days` days."""
    return analytics.overview(session, days)


@router.get("/api/staff/question-log")
def log(who: StaffName, session: DbSession, handled: bool = False, scope: Literal["gaps", "all"] = "gaps",
        days: Annotated[int, Query(ge=1, le=365)] = 90) -> dict:
    """Groups of similar questions: count, first/last seen, what was answered, 👍/👎 and nearest clauses."""
    return question_log.question_log(session, handled, scope, days)

"""The staff console's overview statistics (GET /api/staff/overview)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import DbSession
from api.security import StaffName
from api.services import analytics

router = APIRouter()


@router.get("/api/staff/overview")
def overview(who: StaffName, session: DbSession, days: Annotated[int, Query(ge=1, le=365)] = 30) -> dict:
    """Questions per day, answered rate, flow completions, top topics and feedback, for the last `days` days."""
    return analytics.overview(session, days)

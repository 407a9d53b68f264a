"""The 温州 platform self-assessment (GET/POST /api/scoring): the annex's table and a scored grade."""
from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.services.scoring import score, table

router = APIRouter(tags=["faq"])


class ScoringIn(BaseModel):
    points: dict[str, float | int | str | None] = Field(..., description="项目名 → 得分")


@router.get("/api/scoring")
def scoring_items() -> dict:
    """The table as the annex states it: items, maxima, descriptions, grade rule and its clause."""
    return table()


@router.post("/api/scoring")
def scoring(req: ScoringIn) -> dict:
    """Total and grade; 422 with a Chinese message naming the item for missing or out-of-range points."""
    return score(req.points)

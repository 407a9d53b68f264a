"""The staff retrieval hit test (POST /api/staff/hit-test): ask as a resident would, without being logged."""
from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.security import StaffName
from api.services import hit_test as hits

router = APIRouter()


class HitTestIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    region: str | None = Field(default=None, max_length=20)
    top_k: int = Field(default=10, ge=1, le=20)


@router.post("/api/staff/hit-test")
async def hit_test(body: HitTestIn, who: StaffName, request: Request) -> dict:
    """Exactly what /api/ask answers (same pipeline, called in-process), so staff test the real thing."""
    return await hits.hit_test(request.app, body.question, body.region, body.top_k)

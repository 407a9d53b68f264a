"""The 百问百答 listing (GET /api/faq): entries with their citations, filtered by topic, region, keyword.

The booklet page itself is served by api/routers/web.py; the quiz and the scoring tool have their
own routers.
"""
from __future__ import annotations

from fastapi import APIRouter, Query

from api.services import compendium

router = APIRouter(tags=["faq"])


@router.get("/api/faq")
def faq_list(topic: str | None = Query(None, max_length=64), region: str | None = Query(None, max_length=20),
             q: str | None = Query(None, max_length=100)) -> dict:
    """Entries with citations, optionally filtered by topic, region and a keyword."""
    return compendium.search(topic, region, q)

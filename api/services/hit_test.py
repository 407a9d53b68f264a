"""The staff hit test: exactly what /api/ask answers, so staff test the real thing.

The question goes through the gateway's own /api/ask in-process (same validation, same pipeline);
the X-Staff-Hit-Test header, with the staff credential /api/ask checks before honouring it, keeps
it out of the residents' question log. The caller has already authenticated the staff member.
"""
from __future__ import annotations

import httpx
from starlette.types import ASGIApp

from api.services.errors import Refused, Unavailable
from config.settings import get_settings


def staff_hit_test_headers() -> dict[str, str]:
    """What marks a question as a staff hit test: the header and the staff token it is honoured with."""
    return {"X-Staff-Hit-Test": "1", "Authorization": f"Bearer {get_settings().staff_token}"}


async def hit_test(app: ASGIApp, question: str, region: str | None, top_k: int) -> dict:
    """The /api/ask body for the question; Refused with /api/ask's reason, Unavailable without an index."""
    transport = httpx.ASGITransport(app=app)
    body = {"question": question, "region": region, "top_k": top_k}
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway", timeout=60) as client:
        resp = await client.post("/api/ask", json=body, headers=staff_hit_test_headers())
    if resp.status_code == 422:
        raise Refused(resp.json().get("detail", "问题格式不正确。"))
    if resp.status_code != 200:
        raise Unavailable("检索服务暂不可用（索引可能尚未建立），请稍后再试。")
    return resp.json()

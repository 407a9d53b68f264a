"""HTTP client for the gateway: the action server never opens the database or the index itself.

Contract (docs/ARCHITECTURE.md): POST /api/ask for policy answers, POST /internal/requests
(X-Internal-Token) to store filings / deregistrations / handoffs and get a reference number.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

import aiohttp

from actions.config import settings

log = logging.getLogger(__name__)


class GatewayError(Exception):
    """The gateway could not be reached or refused the call; callers tell the user plainly."""


def gateway_url() -> str:
    """Base URL of the gateway (actions/config.py), without a trailing slash."""
    return settings().gateway_url


def _timeout() -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=settings().gateway_timeout_s)


async def _post(path: str, payload: dict, headers: Optional[dict] = None) -> dict:
    """POST JSON and return the JSON body; any failure becomes GatewayError (never a stack trace to users)."""
    try:
        async with aiohttp.ClientSession(timeout=_timeout()) as session:
            async with session.post(gateway_url() + path, json=payload, headers=headers or {}) as resp:
                if resp.status >= 400:
                    raise GatewayError(f"{path} → HTTP {resp.status}")
                return await resp.json()
    except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ValueError) as exc:  # 3.10: distinct types
        raise GatewayError(f"{path}: {type(exc).__name__}") from exc


async def ask(question: str, region: Optional[str] = None, top_k: int = 3,
              context: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """Policy answer with citations; `context` (what the previous answer returned) lets the gateway
    resolve a follow-up such as 「那北京呢？」, and is left out for a fresh question."""
    payload: dict[str, Any] = {"question": question, "region": region, "top_k": top_k}
    if context:
        payload["context"] = context
    # the internal token marks the call as the action server's (not counted against one client's rate limit)
    return await _post("/api/ask", payload, headers={"X-Internal-Token": settings().internal_token})


async def store_request(kind: str, sender_id: str, data: dict[str, Any]) -> str:
    """Store a filing / deregistration / handoff; returns its reference (BA-/ZX-/RG-…)."""
    body = await _post("/internal/requests", {"kind": kind, "sender_id": sender_id, "data": data},
                       headers={"X-Internal-Token": settings().internal_token})
    reference = body.get("reference")
    if not reference:
        raise GatewayError("/internal/requests: no reference in the answer")
    return str(reference)

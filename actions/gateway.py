"""HTTP client for the gateway: the action server never opens the database or the index itself.

Contract (docs/ARCHITECTURE.md): POST /api/ask for policy answers, POST /internal/requests
(X-Internal-Token) to store filings / deregistrations / handoffs and get a reference number,
POST /internal/requests/lookup for the status of the sender's own requests.
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
    return (await _store(kind, sender_id, data))[0]


async def store_handoff(sender_id: str, data: dict[str, Any]) -> tuple[str, bool]:
    """Store a 转人工 request: (reference, whether it joined the conversation's unread one)."""
    return await _store("handoff", sender_id, data)


async def _store(kind: str, sender_id: str, data: dict[str, Any]) -> tuple[str, bool]:
    body = await _post("/internal/requests", {"kind": kind, "sender_id": sender_id, "data": data},
                       headers={"X-Internal-Token": settings().internal_token})
    reference = body.get("reference")
    if not reference:
        raise GatewayError("/internal/requests: no reference in the answer")
    return str(reference), bool(body.get("merged"))


async def lookup_requests(sender_id: str, reference: Optional[str] = None,
                          kind: Optional[str] = None) -> list[dict[str, Any]]:
    """The sender's own requests (status, last change, the note staff made visible), newest first.

    The gateway answers only for `sender_id` (the conversation's, never one read from the message), so
    another resident's reference comes back as an empty list, like a reference that does not exist."""
    payload: dict[str, Any] = {"sender_id": sender_id}
    if reference:
        payload["reference"] = reference
    if kind:
        payload["kind"] = kind
    body = await _post("/internal/requests/lookup", payload, headers={"X-Internal-Token": settings().internal_token})
    items = body.get("items")
    if not isinstance(items, list):
        raise GatewayError("/internal/requests/lookup: no items in the answer")
    return [item for item in items if isinstance(item, dict)]

"""Who a resident is on the web: a sender id the gateway issues, never one the client names.

The web chat's sender id (``web:<uuid4 hex>``) lives in the ``web_sender`` cookie, HMAC-signed with
SESSION_SECRET (or a key derived from INTERNAL_TOKEN), HttpOnly and SameSite=Strict: scripts cannot read
it, other sites cannot send it, and nobody can make one for an id they merely know. `/api/chat`, the
quiz and feedback take the sender from it; a body ``sender_id`` that differs is refused with 403, so
``wx:`` ids (which come only from verified WeChat callbacks) and other residents' ids are never accepted.
A request without a valid cookie gets a new id (and the cookie) — it starts a new conversation.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import uuid

from fastapi import HTTPException, Request, Response

from api.security import cookie_secure
from config.settings import Settings, get_settings

WEB_COOKIE = "web_sender"
WEB_PREFIX = "web:"
_ID = re.compile(r"^[0-9a-f]{32}$")
MISMATCH = "会话标识与本浏览器的会话不符：网页聊天的会话标识由服务器分配，请刷新页面后重试。"


def _key(settings: Settings) -> bytes:
    secret = settings.session_secret or hashlib.sha256(f"web-sender|{settings.internal_token}".encode()).hexdigest()
    return secret.encode()


def _sign(settings: Settings, raw_id: str) -> str:
    return hmac.new(_key(settings), f"web-sender|{raw_id}".encode(), hashlib.sha256).hexdigest()


def cookie_value(raw_id: str, settings: Settings | None = None) -> str:
    """``<id>.<signature>`` for a 32-hex id."""
    return f"{raw_id}.{_sign(settings or get_settings(), raw_id)}"


def verified_sender(request: Request) -> str | None:
    """The ``web:<id>`` the request's cookie proves, or None (no cookie, tampered, malformed)."""
    value = request.cookies.get(WEB_COOKIE) or ""
    raw_id, _, signature = value.partition(".")
    if not _ID.match(raw_id) or not hmac.compare_digest(_sign(get_settings(), raw_id), signature):
        return None
    return WEB_PREFIX + raw_id


def issue(request: Request, response: Response) -> str:
    """A new sender id, set as the signed cookie on the response."""
    raw_id = uuid.uuid4().hex
    response.set_cookie(WEB_COOKIE, cookie_value(raw_id), max_age=get_settings().web_session_max_age_s,
                        httponly=True, samesite="strict", secure=cookie_secure(request), path="/")
    request.state.web_sender = WEB_PREFIX + raw_id
    return WEB_PREFIX + raw_id


def web_sender(request: Request, response: Response) -> str:
    """Dependency: the cookie's sender id, or a newly issued one (cached on the request)."""
    known = getattr(request.state, "web_sender", None) or verified_sender(request)
    if known:
        request.state.web_sender = known
        return known
    return issue(request, response)


def check_claim(claimed: str | None, sender: str) -> None:
    """A body/query ``sender_id`` is allowed only when it is the cookie's own id (403 otherwise)."""
    if claimed is not None and claimed != sender:
        raise HTTPException(status_code=403, detail=MISMATCH)

"""Shared FastAPI dependencies: database session, staff authentication, internal-token check.

Staff authenticate either with `Authorization: Bearer <STAFF_TOKEN>` (scripts, API clients) or with
the signed `staff_session` cookie that the /staff console sets after login. The cookie is
`<base64url(name)>.<issued unix time>.<hmac-sha256 hex>`, keyed by the staff token, so rotating
STAFF_TOKEN logs every console session out.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy.orm import Session

from api.db import get_session
from config.settings import Settings, get_settings

STAFF_COOKIE = "staff_session"
API_STAFF_NAME = "api"  # "who" for changes made with the bearer token
get_db = get_session  # re-export: routers depend on api.deps only

DbSession = Annotated[Session, Depends(get_db)]


def _sign(key: str, payload: str) -> str:
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()


def make_staff_session(name: str, settings: Settings | None = None, now: float | None = None) -> str:
    """Cookie value naming the logged-in staff member; only the holder of STAFF_TOKEN can forge one."""
    settings = settings or get_settings()
    encoded = base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    payload = f"{encoded}.{int(now if now is not None else time.time())}"
    return f"{payload}.{_sign(settings.staff_token, payload)}"


def verify_staff_session(value: str | None, settings: Settings | None = None,
                         now: float | None = None) -> str | None:
    """The staff name in a valid, unexpired cookie; None for anything tampered, expired or malformed."""
    settings = settings or get_settings()
    if not value or not settings.staff_token or value.count(".") != 2:
        return None
    encoded, issued, signature = value.split(".")
    if not hmac.compare_digest(_sign(settings.staff_token, f"{encoded}.{issued}"), signature):
        return None
    age = (now if now is not None else time.time()) - int(issued) if issued.isdigit() else -1
    if not 0 <= age <= settings.staff_session_max_age_s:
        return None
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode() or None
    except (binascii.Error, UnicodeDecodeError):
        return None


def _token_matches(given: str | None, expected: str) -> bool:
    """Constant-time compare; an empty configured token never matches (locked, not open)."""
    return bool(expected) and given is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_staff(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """Staff identity ("who") for the request, or 401 without revealing anything."""
    settings = get_settings()
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and _token_matches(token.strip(), settings.staff_token):
        return API_STAFF_NAME
    name = verify_staff_session(request.cookies.get(STAFF_COOKIE), settings)
    if name:
        return name
    raise HTTPException(status_code=401, detail="未登录或令牌无效，请使用工作人员令牌登录后再试。",
                        headers={"WWW-Authenticate": "Bearer"})


def require_internal(x_internal_token: Annotated[str | None, Header()] = None) -> None:
    """Only the action server (holding INTERNAL_TOKEN) may store requests."""
    if not _token_matches(x_internal_token, get_settings().internal_token):
        raise HTTPException(status_code=401, detail="内部接口令牌无效。")


StaffName = Annotated[str, Depends(require_staff)]

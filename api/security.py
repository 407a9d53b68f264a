"""Everything that keeps the gateway's pages and staff endpoints safe, in one place.

- Pages: one Content-Security-Policy for every HTML page (only our own scripts and styles).
- Staff authentication: ``Authorization: Bearer <STAFF_TOKEN>`` (scripts, API clients) or the signed
  ``staff_session`` cookie that the /staff console sets after login. The cookie is
  ``<base64url(name)>.<issued unix time>.<hmac-sha256 hex>``, keyed by the staff token, so rotating
  STAFF_TOKEN logs every console session out.
- The action server's ``X-Internal-Token``.
- The same-origin guard against cross-site writes with the cookie, and the login throttle.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Header, HTTPException, Request, Response

from config.settings import Settings, get_settings

# ---------------------------------------------------------------- pages

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def page_headers() -> dict[str, str]:
    """Headers of every HTML page: the strict CSP, and revalidation so a deployment is seen at once."""
    return {"Cache-Control": "no-cache", "Content-Security-Policy": CONTENT_SECURITY_POLICY}


# ---------------------------------------------------------------- cross-site writes

def same_origin(request: Request) -> None:
    """CSRF guard for cookie-authenticated writes: a browser's Origin must be this gateway (else 403)."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(status_code=403, detail="跨站请求被拒绝，请从工作台页面操作。")


# ---------------------------------------------------------------- staff session cookie

STAFF_COOKIE = "staff_session"
API_STAFF_NAME = "api"  # "who" for changes made with the bearer token


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


def set_staff_cookie(response: Response, name: str, request: Request) -> None:
    """Signed, HttpOnly, SameSite=Strict: scripts cannot read it and other sites cannot send it."""
    response.set_cookie(STAFF_COOKIE, make_staff_session(name), max_age=get_settings().staff_session_max_age_s,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")


def clear_staff_cookie(response: Response) -> None:
    """Logging out needs no authentication: it only forgets the cookie."""
    response.delete_cookie(STAFF_COOKIE, path="/")


def session_name(request: Request) -> str | None:
    """The staff member the request's cookie names, if it is valid."""
    return verify_staff_session(request.cookies.get(STAFF_COOKIE))


# ---------------------------------------------------------------- tokens and dependencies

def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time compare; an empty configured token never matches (locked, not open)."""
    return bool(expected) and given is not None and hmac.compare_digest(given.encode(), expected.encode())


def staff_token_ok(given: str) -> bool:
    """Whether a login form's token is the configured STAFF_TOKEN."""
    return token_matches(given, get_settings().staff_token)


def require_staff(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """Staff identity ("who") for the request, or 401 without revealing anything."""
    settings = get_settings()
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and token_matches(token.strip(), settings.staff_token):
        return API_STAFF_NAME
    name = verify_staff_session(request.cookies.get(STAFF_COOKIE), settings)
    if name:
        return name
    raise HTTPException(status_code=401, detail="未登录或令牌无效，请使用工作人员令牌登录后再试。",
                        headers={"WWW-Authenticate": "Bearer"})


def require_internal(x_internal_token: Annotated[str | None, Header()] = None) -> None:
    """Only the action server (holding INTERNAL_TOKEN) may store requests."""
    if not token_matches(x_internal_token, get_settings().internal_token):
        raise HTTPException(status_code=401, detail="内部接口令牌无效。")


StaffName = Annotated[str, Depends(require_staff)]


# ---------------------------------------------------------------- login throttle

_FAILED_LOGINS: dict[str, list[float]] = {}
_LOGIN_WINDOW_S, _LOGIN_MAX_FAILURES = 300.0, 10


def client_address(request: Request) -> str:
    """The address failures are counted against."""
    return request.client.host if request.client else "?"


def throttle_login(client: str) -> None:
    """Slow down token guessing: too many recent failures from one address → 429."""
    recent = [t for t in _FAILED_LOGINS.get(client, []) if time.time() - t < _LOGIN_WINDOW_S]
    _FAILED_LOGINS[client] = recent
    if len(recent) >= _LOGIN_MAX_FAILURES:
        raise HTTPException(status_code=429, detail="登录失败次数过多，请 5 分钟后再试。")


def record_failed_login(client: str) -> None:
    """Count one wrong token against the address."""
    _FAILED_LOGINS.setdefault(client, []).append(time.time())

"""Everything that keeps the gateway's pages and staff endpoints safe, in one place.

- Pages: one Content-Security-Policy for every HTML page (only our own scripts and styles).
- Staff authentication: ``Authorization: Bearer <STAFF_TOKEN>`` (scripts, API clients; recorded as ``api``) or
  the signed ``staff_session`` cookie that the /staff console sets after a named account's password login
  (api/staff_accounts.py: the name comes from the account, never from the client). The cookie is
  ``<base64url(name)>~<nonce>.<issued unix time>.<hmac-sha256 hex>``, keyed by the staff token, so rotating
  STAFF_TOKEN logs every console session out; so does removing the account from STAFF_USERS.
- Cookies are Secure on https, or behind a trusted proxy that says ``X-Forwarded-Proto: https``, or always
  with SECURE_COOKIES (`cookie_secure`).
- The action server's ``X-Internal-Token``.
- The same-origin guard against cross-site writes with a cookie (staff or web sender).
- Failed tokens (login form and bearer alike) are throttled per real client address (api/ratelimit.py);
  logging out revokes the session on the server (api/models/sessions.py), not only in the browser.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Header, HTTPException, Request, Response
from sqlalchemy import delete

from api.db import session_scope
from api.models.sessions import RevokedSession
from api.ratelimit import check_login, from_trusted_proxy, record_login_failure
from api.staff_accounts import API_ACCOUNT, is_account
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
    """CSRF guard for cookie-authenticated writes: a browser's Origin (or, without one, its Referer) must be
    this gateway, and a browser that says the request is cross-site is refused (403)."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin") or request.headers.get("referer")
    if (origin and urlsplit(origin).netloc != host) or request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(status_code=403, detail="跨站请求被拒绝，请从本站页面操作。")


# ---------------------------------------------------------------- staff session cookie

STAFF_COOKIE = "staff_session"
API_STAFF_NAME = API_ACCOUNT  # "who" for changes made with the bearer token (a name the server chose)


def _sign(key: str, payload: str) -> str:
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()


def make_staff_session(name: str, settings: Settings | None = None, now: float | None = None) -> str:
    """Cookie value naming the logged-in staff member; only the holder of STAFF_TOKEN can forge one."""
    settings = settings or get_settings()
    encoded = base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    nonce = secrets.token_hex(8)  # every login its own cookie, so logging out one never ends another
    payload = f"{encoded}~{nonce}.{int(now if now is not None else time.time())}"
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
    encoded = encoded.split("~", 1)[0]
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode() or None
    except (binascii.Error, UnicodeDecodeError):
        return None


def cookie_secure(request: Request) -> bool:
    """Whether cookies must be Secure: behind a TLS-terminating proxy the gateway itself sees plain http, so
    the proxy's X-Forwarded-Proto counts, but only from TRUSTED_PROXIES (anyone else could just claim it)."""
    if get_settings().secure_cookies or request.url.scheme == "https":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    return forwarded == "https" and from_trusted_proxy(request)


def set_staff_cookie(response: Response, name: str, request: Request) -> None:
    """Signed, HttpOnly, SameSite=Strict: scripts cannot read it and other sites cannot send it."""
    response.set_cookie(STAFF_COOKIE, make_staff_session(name), max_age=get_settings().staff_session_max_age_s,
                        httponly=True, samesite="strict", secure=cookie_secure(request), path="/")


def clear_staff_cookie(response: Response) -> None:
    """Forget the cookie in the browser (revoke_staff_session ends it on the server)."""
    response.delete_cookie(STAFF_COOKIE, path="/")


def _signature(value: str) -> str:
    return value.rsplit(".", 1)[-1][:64]


def revoke_staff_session(value: str | None) -> None:
    """Logout: a valid cookie is listed as revoked until it would have expired anyway."""
    if not verify_staff_session(value):
        return
    now = time.time()
    with session_scope() as db:
        db.execute(delete(RevokedSession).where(RevokedSession.expires_at < now))  # the list never grows unbounded
        if db.get(RevokedSession, _signature(value)) is None:
            db.add(RevokedSession(signature=_signature(value),
                                  expires_at=now + get_settings().staff_session_max_age_s))
        db.commit()


def _revoked(value: str) -> bool:
    with session_scope() as db:
        return db.get(RevokedSession, _signature(value)) is not None


def live_session_name(value: str | None) -> str | None:
    """The staff name of a valid cookie that has not been logged out, of an account that still exists."""
    name = verify_staff_session(value)
    return name if name and is_account(name) and not _revoked(value) else None


def session_name(request: Request) -> str | None:
    """The staff member the request's cookie names, if it is valid and not logged out."""
    return live_session_name(request.cookies.get(STAFF_COOKIE))


# ---------------------------------------------------------------- tokens and dependencies

def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time compare; an empty configured token never matches (locked, not open)."""
    return bool(expected) and given is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_staff(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """Staff identity ("who") for the request, or 401 without revealing anything."""
    settings = get_settings()
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        check_login(request)  # guessing through the header is throttled like the login form
        if token_matches(token.strip(), settings.staff_token):
            return API_STAFF_NAME
        record_login_failure(request)
    name = live_session_name(request.cookies.get(STAFF_COOKIE))
    if name:
        return name
    raise HTTPException(status_code=401, detail="未登录或令牌无效，请使用工作人员令牌登录后再试。",
                        headers={"WWW-Authenticate": "Bearer"})


def require_internal(x_internal_token: Annotated[str | None, Header()] = None) -> None:
    """Only the action server (holding INTERNAL_TOKEN) may store requests."""
    if not token_matches(x_internal_token, get_settings().internal_token):
        raise HTTPException(status_code=401, detail="内部接口令牌无效。")


StaffName = Annotated[str, Depends(require_staff)]

"""How much one client may ask: the real client address, rate limits per client and per sender, and
the staff login throttle.

- Client address: the TCP peer. ``X-Forwarded-For`` is read only when the peer is one of TRUSTED_PROXIES
  (the gateway runs uvicorn with ``--no-proxy-headers``, so uvicorn never rewrites the peer itself): then
  the right-most address that is not a trusted proxy is the client. Anything a client writes in that
  header is ignored otherwise, so a new value per try is no longer a new counter.
- Limits: the ``limits`` library, moving windows, in Redis when REDIS_URL is set (shared by every worker),
  in memory otherwise (entries expire, so the store never grows without bound). A refusal is 429 with a
  Chinese message and ``Retry-After``.
"""
from __future__ import annotations

import ipaddress
import logging
import math
import time

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse_many, storage, strategies

from config.settings import Settings, get_settings

log = logging.getLogger("api.ratelimit")

TOO_MANY = "请求太频繁，请稍后再试。"
LOGIN_TOO_MANY = "登录失败次数过多，请 5 分钟后再试。"


def _networks(spec: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for part in (p.strip() for p in spec.split(",")):
        if part:
            nets.append(ipaddress.ip_network(part, strict=False))
    return nets


def _trusted(address: str, nets: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def from_trusted_proxy(request: Request, settings: Settings | None = None) -> bool:
    """Whether the TCP peer is one of TRUSTED_PROXIES (so its X-Forwarded-* headers may be believed)."""
    peer = request.client.host if request.client else "?"
    return _trusted(peer, _networks((settings or get_settings()).trusted_proxies))


def client_ip(request: Request, settings: Settings | None = None) -> str:
    """The client's address: the peer, or behind a trusted proxy the last untrusted X-Forwarded-For hop."""
    settings = settings or get_settings()
    peer = request.client.host if request.client else "?"
    nets = _networks(settings.trusted_proxies)
    if not nets or not _trusted(peer, nets):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, nets):
            return hop
    return peer


class Limiter:
    """One store and strategy per app; `hit` counts and says whether the request may go on."""

    def __init__(self, settings: Settings) -> None:
        uri = settings.redis_url or "memory://"
        self.storage = storage.storage_from_string(uri)
        self.strategy = strategies.MovingWindowRateLimiter(self.storage)

    def _safely(self, fn, *args) -> bool:  # noqa: ANN001
        try:
            return fn(*args)
        except Exception:  # noqa: BLE001 — a broken Redis must not take the service down
            log.warning("rate-limit store unavailable; request allowed")
            return True

    def hit(self, items: list[RateLimitItem], *key: str) -> bool:
        return all([self._safely(self.strategy.hit, item, *key) for item in items])

    def allowed(self, items: list[RateLimitItem], *key: str) -> bool:
        return all(self._safely(self.strategy.test, item, *key) for item in items)

    def retry_after(self, items: list[RateLimitItem], *key: str) -> int:
        try:
            resets = [self.strategy.get_window_stats(item, *key).reset_time for item in items]
        except Exception:  # noqa: BLE001
            return 60
        return max(1, math.ceil(max(resets) - time.time()))


def limiter(request: Request) -> Limiter:
    app_state = request.app.state
    if getattr(app_state, "limiter", None) is None:
        app_state.limiter = Limiter(get_settings())
    return app_state.limiter


def _refuse(lim: Limiter, items: list[RateLimitItem], key: tuple[str, ...], detail: str) -> HTTPException:
    return HTTPException(status_code=429, detail=detail, headers={"Retry-After": str(lim.retry_after(items, *key))})


def enforce(request: Request, scope: str, sender: str | None = None) -> None:
    """Count one request of `scope` against its client address (and its sender); 429 past either limit."""
    settings, lim = get_settings(), limiter(request)
    client_items = parse_many(settings.rate_limit_feedback if scope == "feedback" else settings.rate_limit_client)
    key = (scope, "client", client_ip(request, settings))
    if not lim.hit(client_items, *key):
        raise _refuse(lim, client_items, key, TOO_MANY)
    if sender:
        sender_items = parse_many(settings.rate_limit_feedback if scope == "feedback" else settings.rate_limit_sender)
        key = (scope, "sender", sender)
        if not lim.hit(sender_items, *key):
            raise _refuse(lim, sender_items, key, TOO_MANY)


def check_login(request: Request) -> None:
    """Before checking a staff token (login form or bearer): 429 once the address has too many failures."""
    items = parse_many(get_settings().rate_limit_login)
    key = ("login-failures", client_ip(request))
    lim = limiter(request)
    if not lim.allowed(items, *key):
        raise _refuse(lim, items, key, LOGIN_TOO_MANY)


def record_login_failure(request: Request) -> None:
    """Count one wrong staff token against the address."""
    limiter(request).hit(parse_many(get_settings().rate_limit_login), "login-failures", client_ip(request))

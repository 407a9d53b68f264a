"""When a WeChat try really arrived: the load balancer's stamp, if it can be believed, else now.

Under load a try waits in queues (HAProxy, the socket, a busy event loop) before the gateway reads it, and
every window of `WeChatService.handle` counts from its arrival: measured from the moment the gateway reads
it, a late last try looks in time and its passive answer leaves after WeChat has given up (docs/DEPLOY.md).
The production profile's HAProxy stamps `X-Request-Start: t=<ms since the epoch>` when it received the
request (deploy/prod/haproxy.cfg.in; `set-header` replaces anything the client sent). The stamp is believed
only from a TRUSTED_PROXIES peer (`api.ratelimit.from_trusted_proxy`, the one notion of a trusted proxy) and
only when it is sane: not ahead of this clock by more than `FUTURE_TOLERANCE_S`, not older than `MAX_AGE_S`.
"""
from __future__ import annotations

import re
import time

from fastapi import Request

from api.ratelimit import from_trusted_proxy
from config.settings import Settings

HEADER = "x-request-start"
FUTURE_TOLERANCE_S = 1.0  # HAProxy and the gateway share a machine (or NTP): more is a wrong clock or a forgery
MAX_AGE_S = 30.0  # WeChat gives up on a message after 3 × 5 s; an older stamp is wrong, not a slow queue
_STAMP = re.compile(r"^\s*(?:t=)?(\d{9,17}(?:\.\d{1,6})?)\s*$")


def parse_stamp(value: str | None) -> float | None:
    """`t=1764230400123` (ms, as HAProxy sends it), also `t=1764230400.123` (s) or µs → epoch seconds."""
    match = _STAMP.match(value or "")
    if not match:
        return None
    number = float(match.group(1))
    if number >= 1e14:
        return number / 1e6
    return number / 1e3 if number >= 1e11 else number


def sane(stamp: float | None, now: float) -> float | None:
    """The stamp when it lies within [now - MAX_AGE_S, now + FUTURE_TOLERANCE_S], else None."""
    if stamp is None or stamp > now + FUTURE_TOLERANCE_S or stamp < now - MAX_AGE_S:
        return None
    return min(stamp, now)


def arrival_time(request: Request, settings: Settings, now: float | None = None) -> float:
    """The proxy's receive time of this request when a trusted proxy stamped a sane one, else now."""
    now = time.time() if now is None else now
    value = request.headers.get(HEADER)
    if value is None or not from_trusted_proxy(request, settings):
        return now
    stamp = sane(parse_stamp(value), now)
    return now if stamp is None else stamp

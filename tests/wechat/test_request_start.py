"""A try's clock starts when the load balancer received it (issue 15: "a late try is invisible to the gateway").

HAProxy stamps `X-Request-Start: t=<ms>` (deploy/prod/haproxy.cfg.in); the gateway believes it only from a
TRUSTED_PROXIES peer and only when it is sane (api/wechat/arrival.py). Before, every window counted from the
moment the gateway read the request: a last try that waited in a queue looked in time, its passive answer left
after WeChat had given up, and the message was lost.
"""
from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.wechat import arrival
from tests.wechat.conftest import Rig, ServerThread, WxClient, text_xml
from tests.wechat.test_overload import QueuedRequests, delivered_once

ROOT = Path(__file__).resolve().parents[2]
# WeChat: 3 s per try, 3 tries; a try answers within 2.7 s (the last one within 0.6 of that).
TIMING = dict(wechat_reply_wait_s=2.7, wechat_retry_interval_s=3.0, wechat_poll_s=0.02,
              wechat_dialogue_timeout_s=20.0, wechat_lease_s=0.6)
INTERVAL = TIMING["wechat_retry_interval_s"]


def stamp_ms(at: float) -> str:
    return f"t={int(at * 1000)}"


async def stamped_post(wx: WxClient, xml: str, stamp: str | None) -> httpx.Response:
    """One try as HAProxy forwards it: stamped when HAProxy received it (now), then maybe queued."""
    headers = {"X-Request-Start": stamp if stamp is not None else stamp_ms(time.time())}
    return await wx.http.post("/wechat?" + wx.query(), content=xml, headers=headers)


async def as_wechat_behind_haproxy(wx: WxClient, xml: str) -> list[str]:
    """WeChat's three tries through a stamping proxy, each given up after INTERVAL; answers in time."""
    for _ in range(3):
        try:
            resp = await asyncio.wait_for(stamped_post(wx, xml, None), INTERVAL)
        except asyncio.TimeoutError:
            continue
        content = wx.reply_content(resp)
        return [content] if content else []
    return []


@pytest.mark.asyncio
async def test_trusted_stamp_sends_a_late_last_try_through_customer_service(rig_factory: Any) -> None:
    """Try 3 waits 2.5 s in a queue (read at 8.5 s, WeChat gives up at 9.0 s), the answer is ready at 9.4 s.
    Counted from the read, the try would still answer passively at 9.4 s: lost. From the stamp, its window
    is over: `success`, and the answer goes out as a customer-service message, once."""
    rig: Rig = rig_factory(trusted_proxies="127.0.0.1", **TIMING)
    rig.dialogue.delay_s = 9.4
    with ServerThread(QueuedRequests(rig.app, 0.0, 0.0, 2.5)) as queued:
        wx = WxClient(queued.url)
        passive = await as_wechat_behind_haproxy(wx, text_xml("排队的问题", msg_id="stamped-1"))
        await delivered_once(rig, passive, "答复：排队的问题", INTERVAL)
        assert not passive and len(rig.api.sends) == 1
        await wx.http.aclose()


@pytest.mark.asyncio
@pytest.mark.parametrize("trusted, stamp, believed", [
    ("127.0.0.1", lambda now: stamp_ms(now - 4.0), True),           # HAProxy: the try waited 4 s
    ("", lambda now: stamp_ms(now - 4.0), False),                    # no trusted proxy: a client's header
    ("10.9.0.0/16", lambda now: stamp_ms(now - 4.0), False),         # the peer is not the trusted proxy
    ("127.0.0.1", lambda now: stamp_ms(now + 60.0), False),          # in the future
    ("127.0.0.1", lambda now: stamp_ms(now - 3600.0), False),        # an hour old
    ("127.0.0.1", lambda now: "t=soon", False),                      # not a time
])
async def test_only_a_sane_stamp_from_a_trusted_proxy_is_believed(rig_factory: Any, trusted: str, stamp: Any,
                                                                  believed: bool) -> None:
    """A first try whose stamp says it arrived 4 s ago is past its window (`success`, 客服 later); any stamp
    not believed leaves the clock at now, and the quick answer goes back passively."""
    rig: Rig = rig_factory(trusted_proxies=trusted, wechat_reply_wait_s=1.8, wechat_retry_interval_s=2.0,
                           wechat_poll_s=0.02, wechat_lease_s=0.6)
    rig.dialogue.delay_s = 0.1
    resp = await stamped_post(rig.wx, text_xml("问一下", msg_id=f"s-{time.time_ns()}"), stamp(time.time()))
    content = rig.wx.reply_content(resp)
    assert (content is None) is believed, content
    await rig.wx.http.aclose()


@pytest.mark.parametrize("value, expected", [
    ("t=1764230400123", 1764230400.123), ("t=1764230400.123", 1764230400.123),
    ("t=1764230400123456", 1764230400.123456), ("1764230400123", 1764230400.123),
    ("t=", None), ("t=-1764230400123", None), ("t=1e12", None), ("", None), (None, None), ("t=12", None),
])
def test_parse_stamp(value: str | None, expected: float | None) -> None:
    got = arrival.parse_stamp(value)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_sane_bounds() -> None:
    now = 1_764_230_400.0
    assert arrival.sane(now - 29.0, now) == now - 29.0
    assert arrival.sane(now + 0.5, now) == now  # a small clock skew: never later than now
    assert arrival.sane(now - 31.0, now) is None and arrival.sane(now + 5.0, now) is None
    assert arrival.sane(None, now) is None


@pytest.mark.parametrize("path", ["deploy/prod/haproxy.cfg.in", "deploy/compose/haproxy.cfg"])
def test_haproxy_stamps_public_requests(path: str) -> None:
    """The public front end of both HAProxy configurations sets (not adds) the stamp."""
    text = (ROOT / path).read_text(encoding="utf-8")
    public = re.search(r"^frontend public\n(.*?)(?=^\S)", text, re.S | re.M).group(1)
    assert re.search(r"^\s*http-request set-header X-Request-Start t=%\[date\(0,ms\)\]", public, re.M)

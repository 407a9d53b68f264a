"""Gateway shutdown: an in-flight WeChat reply still reaches the user, then every client is closed."""
from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from api.main import create_app
from api.services import dialogue
from api.wechat.inbound import Inbound
from api.wechat.kefu import KefuClient
from api.wechat.service import WeChatService
from api.wechat.stores import make_store
from config.settings import Settings, get_settings
from tests.wechat.conftest import OPENID, FakeDialogue, WxClient, make_settings, text_xml

pytestmark = pytest.mark.asyncio


@pytest.fixture(params=["sqlite", "redis"])
def wx_settings(request: pytest.FixtureRequest, tmp_path: Any, fake_api: Any) -> Settings:
    """One try per message and a short window, so the reply can only arrive through the
    customer-service API, after the HTTP request has returned."""
    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    return make_settings(tmp_path, fake_api[1], wechat_max_tries=1, wechat_reply_wait_s=0.1, redis_url=redis_url)


def service_for(s: Settings, converse: FakeDialogue, closed: list[str]) -> WeChatService:
    """The service the gateway would build, with its store's close() recorded."""
    store = make_store(s.redis_url, s.database_url)
    close_store = store.close

    async def record_close() -> None:
        closed.append("store")
        await close_store()

    store.close = record_close  # type: ignore[method-assign]
    kefu = KefuClient(store, s.wechat_api_base, s.wechat_appid, s.wechat_secret, 5.0, s.wechat_token_margin_s)
    return WeChatService(s, store, kefu, lambda: converse)


async def test_in_flight_reply_is_delivered_before_shutdown_closes_clients(
    settings: Settings, wx_settings: Settings, fake_api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAIWEN_WARM", "0")  # no model loading in this app's start-up
    get_settings.cache_clear()
    api, _ = fake_api
    app, closed = create_app(), []
    slow = FakeDialogue(delay_s=0.6)
    app.state.wechat_settings = wx_settings
    service = app.state.wechat_service = service_for(wx_settings, slow, closed)
    wx = WxClient("http://gateway")
    wx.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")
    async with app.router.lifespan_context(app):
        rasa_client = dialogue._http()
        resp = await wx.post(text_xml("关机前的问题", msg_id=f"bye-{time.time()}"))
        assert wx.reply_content(resp) is None and api.sends == []  # the try gave up; the reply is in flight
    assert len(slow.calls) == 1 and len(api.sends) == 1 and api.sends[0]["touser"] == OPENID
    assert api.sends[0]["text"]["content"].startswith("答复：关机前的问题")
    assert closed == ["store"] and service.kefu.http.is_closed and rasa_client.is_closed
    await wx.http.aclose()


async def test_a_reply_stuck_past_the_budget_is_cancelled(tmp_path: Any, fake_api: Any) -> None:
    s = make_settings(tmp_path, fake_api[1])
    closed: list[str] = []
    stuck = FakeDialogue(delay_s=30.0)
    service = service_for(s, stuck, closed)
    msg = Inbound("gh", OPENID, str(int(time.time())), "text", {"Content": "卡住", "MsgId": "stuck-1"})
    service._spawn(service._produce(msg, "w/stuck"))
    started = time.perf_counter()
    await service.close(timeout_s=0.3)
    assert time.perf_counter() - started < 5 and not service._tasks
    assert closed == ["store"] and service.kefu.http.is_closed

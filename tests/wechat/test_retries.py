"""The 5-second rule with WeChat's retries, simulated on loopback with shrunk timings.

`wechat_tries` behaves like the WeChat server: it posts the same message, gives up on a try
after `wechat_retry_interval_s` and retries, three tries in all, and keeps the reply of the
try that answered in time. Invariants checked: the dialogue runs once and exactly one answer
reaches the user (passive reply or customer-service send).
"""
from __future__ import annotations

import asyncio
import time

import pytest

from api.main import create_app
from tests.wechat.conftest import OPENID, Rig, ServerThread, WxClient, text_xml

pytestmark = pytest.mark.asyncio
# The producer's lease is far shorter than the slow dialogues here: each test that calls the dialogue once also
# proves that the heartbeat keeps a live producer from being taken over.
TIMING = dict(wechat_reply_wait_s=0.9, wechat_retry_interval_s=1.0, wechat_poll_s=0.02, wechat_dialogue_timeout_s=10.0,
              wechat_lease_s=0.6)


async def wechat_tries(wx: WxClient, xml: str, interval: float, tries: int = 3) -> list[str | None]:
    """Per try: the passive reply content, None for `success`, 'timeout' when WeChat gave up."""
    out: list[str | None] = []
    for _ in range(tries):
        try:
            resp = await asyncio.wait_for(wx.post(xml), interval)
        except asyncio.TimeoutError:
            out.append("timeout")
            continue
        out.append(wx.reply_content(resp))
        break  # WeChat got an answer (XML or success): no more retries
    return out


async def wait_for(cond, timeout: float = 15.0) -> None:  # noqa: ANN001
    deadline = time.time() + timeout
    while not cond():
        assert time.time() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


def answers(results: list[str | None]) -> list[str]:
    return [r for r in results if r not in (None, "timeout")]


async def test_answer_ready_during_second_try_is_delivered_once(rig_factory) -> None:  # noqa: ANN001
    rig: Rig = rig_factory(**TIMING)
    rig.dialogue.delay_s = 1.3  # misses try 1 (0.9 s), ready within try 2 (1.0 + 0.9 s)
    results = await wechat_tries(rig.wx, text_xml("慢问题", msg_id="r1"), 1.0)
    assert results[0] == "timeout" and len(results) == 2
    assert "答复：慢问题" in results[1]
    await asyncio.sleep(3.5)  # past every window: nothing else may be sent
    assert len(rig.dialogue.calls) == 1 and rig.api.sends == []


async def test_three_concurrent_tries_call_the_dialogue_once_and_answer_once(rig: Rig) -> None:
    rig.dialogue.delay_s = 0.5
    xml = text_xml("并发问题", msg_id="r2")
    resps = await asyncio.gather(*(rig.wx.post(xml) for _ in range(3)))
    contents = [rig.wx.reply_content(r) for r in resps]
    assert len(rig.dialogue.calls) == 1
    assert len([c for c in contents if c]) == 1, contents
    assert contents.count(None) == 2


async def test_repeated_posts_after_an_answer_get_success(rig: Rig) -> None:
    xml = text_xml("快问题", msg_id="r3")
    first = rig.wx.reply_content(await rig.wx.post(xml))
    assert "答复：快问题" in first
    for _ in range(2):  # sooner than WeChat's retry timeout: a duplicate post, not a lost reply
        assert rig.wx.reply_content(await rig.wx.post(xml)) is None
    assert len(rig.dialogue.calls) == 1


async def test_retry_after_a_lost_passive_reply_gets_the_same_answer(rig_factory) -> None:  # noqa: ANN001
    rig: Rig = rig_factory(**TIMING)
    xml = text_xml("快问题", msg_id="r3b")
    first = rig.wx.reply_content(await rig.wx.post(xml))
    await asyncio.sleep(1.0)  # WeChat's retry interval passed: the first answer never reached it
    again = rig.wx.reply_content(await rig.wx.post(xml))
    assert first == again and "答复：快问题" in first
    assert len(rig.dialogue.calls) == 1


async def test_too_slow_for_every_try_goes_through_customer_service_api(rig_factory) -> None:  # noqa: ANN001
    rig: Rig = rig_factory(**TIMING)
    rig.dialogue.delay_s = 3.6  # later than try 3's window (2.0 + 0.9 s)
    results = await wechat_tries(rig.wx, text_xml("很慢的问题", msg_id="r4"), 1.0)
    assert results[:2] == ["timeout", "timeout"] and results[2] is None  # `success` on the last try
    await wait_for(lambda: rig.api.sends)
    await asyncio.sleep(0.5)
    assert len(rig.api.sends) == 1
    sent = rig.api.sends[0]
    assert sent["touser"] == OPENID and sent["msgtype"] == "text"
    assert "答复：很慢的问题" in sent["text"]["content"]
    assert len(rig.dialogue.calls) == 1 and rig.api.token_calls == 1


async def test_refused_send_is_kept_and_delivered_with_a_note_next_time(rig_factory) -> None:  # noqa: ANN001
    rig: Rig = rig_factory(**TIMING)
    rig.api.send_errors = [45015]  # outside the 48-hour window
    rig.dialogue.delay_s = 3.6
    await wechat_tries(rig.wx, text_xml("第一问", msg_id="r5"), 1.0)
    await wait_for(lambda: not rig.api.send_errors)  # the send was attempted and refused
    await asyncio.sleep(0.3)
    assert rig.api.sends == []  # refused: nothing claimed as delivered
    rig.dialogue.delay_s = 0
    nxt = rig.wx.reply_content(await rig.wx.post(text_xml("第二问", msg_id="r6")))
    assert "未能送达" in nxt and "答复：第一问" in nxt and "答复：第二问" in nxt
    assert nxt.index("答复：第一问") < nxt.index("答复：第二问")
    third = rig.wx.reply_content(await rig.wx.post(text_xml("第三问", msg_id="r7")))
    assert "未能送达" not in third and "第一问" not in third


async def test_two_gateway_workers_share_the_in_flight_message(rig_factory) -> None:  # noqa: ANN001
    slow = dict(TIMING, wechat_reply_wait_s=1.8, wechat_retry_interval_s=2.0)  # lease 0.6 s, dialogue 2.6 s
    rig: Rig = rig_factory(**slow)
    app_b = create_app()
    app_b.state.wechat_settings = rig.settings
    app_b.state.wechat_converse = rig.dialogue
    with ServerThread(app_b) as gw_b:
        wx_b = WxClient(gw_b.url)
        for wx in (rig.wx, wx_b):  # warm both workers up (service, store, connections)
            assert wx.reply_content(await wx.post(text_xml("预热", msg_id=f"warm-{wx.base}")))
        rig.dialogue.delay_s = 2.6  # misses try 1 on worker A, ready within try 2 on worker B
        xml = text_xml("跨进程", msg_id="r8")
        try:
            await asyncio.wait_for(rig.wx.post(xml), 2.0)
            pytest.fail("try 1 should not have been answered")
        except asyncio.TimeoutError:
            pass
        second = wx_b.reply_content(await asyncio.wait_for(wx_b.post(xml), 2.0))
        assert "答复：跨进程" in second
        await asyncio.sleep(5.0)  # past every window: no customer-service send may follow
        assert [c[1] for c in rig.dialogue.calls].count("跨进程") == 1 and rig.api.sends == []
        await wx_b.http.aclose()


async def test_events_are_deduplicated_by_sender_time_and_event(rig: Rig) -> None:
    xml = (
        f"<xml><ToUserName><![CDATA[gh_test_mp]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        "<Event><![CDATA[subscribe]]></Event></xml>"
    )
    first = rig.wx.reply_content(await rig.wx.post(xml))
    assert first and "问政策" in first
    service = rig.app.state.wechat_service
    rec = await service.store.get(f"e:{OPENID}:{xml.split('<CreateTime>')[1].split('<')[0]}:event:subscribe")
    assert rec is not None and rec.attempts == 1
    await rig.wx.post(xml)
    rec = await service.store.get(f"e:{OPENID}:{xml.split('<CreateTime>')[1].split('<')[0]}:event:subscribe")
    assert rec.attempts == 2

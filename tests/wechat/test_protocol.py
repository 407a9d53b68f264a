"""GET verification, plaintext/safe/compatible POST, every message type — real HTTP to uvicorn."""
from __future__ import annotations

import logging
import time

import httpx
import pytest
from wechatpy.crypto import WeChatCrypto

from tests.wechat.conftest import AES_KEY, APPID, MP, OPENID, TOKEN, Rig, signature, text_xml

pytestmark = pytest.mark.asyncio


async def test_get_verify_echoes_only_with_good_signature(rig: Rig) -> None:
    ok = await rig.wx.http.get("/wechat?" + rig.wx.query(echostr="echo-42"))
    assert ok.status_code == 200 and ok.text == "echo-42"
    bad = await rig.wx.http.get("/wechat?" + rig.wx.query(token="wrong", echostr="echo-42"))
    assert bad.status_code == 403 and bad.text == ""
    missing = await rig.wx.http.get("/wechat?echostr=x&timestamp=1&nonce=2")
    assert missing.status_code == 403


@pytest.mark.parametrize("aes", [False, True])
async def test_text_message_gets_cited_passive_reply(rig: Rig, aes: bool) -> None:
    resp = await rig.wx.post(text_xml("社区社会组织怎么备案？"), aes=aes)
    content = rig.wx.reply_content(resp, aes=aes)
    assert content is not None and "答复：社区社会组织怎么备案？" in content
    assert "《社区社会组织备案管理办法》第七条" in content
    assert rig.dialogue.calls == [("wx:" + OPENID, "社区社会组织怎么备案？")]


async def test_compatible_mode_body_with_plain_fields_and_encrypt(rig: Rig) -> None:
    crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)
    inner = text_xml("兼容模式", msg_id="2001")
    ts, nonce = str(int(time.time())), "nonce123"
    from defusedxml.ElementTree import fromstring

    encrypt = fromstring(crypto.encrypt_message(inner, nonce, ts)).findtext("Encrypt")
    body = inner.replace("</xml>", f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>")
    qs = rig.wx.query(timestamp=int(ts), encrypt_type="aes", msg_signature=signature(TOKEN, ts, nonce, encrypt))
    resp = await rig.wx.http.post("/wechat?" + qs, content=body)
    assert "答复：兼容模式" in rig.wx.reply_content(resp, aes=True)


async def test_safe_mode_rejects_wrong_msg_signature_and_wrong_appid(rig: Rig) -> None:
    ts, nonce = str(int(time.time())), "nonce123"
    envelope = WeChatCrypto(TOKEN, AES_KEY, APPID).encrypt_message(text_xml("x", msg_id="3001"), nonce, ts)
    qs = rig.wx.query(timestamp=int(ts), encrypt_type="aes", msg_signature="0" * 40)
    assert (await rig.wx.http.post("/wechat?" + qs, content=envelope)).status_code == 403

    other = WeChatCrypto(TOKEN, AES_KEY, "wxOTHERAPPID0000").encrypt_message(text_xml("x", msg_id="3002"), nonce, ts)
    from defusedxml.ElementTree import fromstring

    enc = fromstring(other).findtext("Encrypt")
    qs = rig.wx.query(timestamp=int(ts), encrypt_type="aes", msg_signature=signature(TOKEN, ts, nonce, enc))
    resp = await rig.wx.http.post("/wechat?" + qs, content=other)
    assert resp.status_code == 200 and resp.text == "success"
    assert rig.dialogue.calls == []


async def test_bad_signature_and_stale_timestamp_are_403(rig: Rig) -> None:
    assert (await rig.wx.post(text_xml("x"), token="nope")).status_code == 403
    stale = int(time.time()) - 301
    assert (await rig.wx.post(text_xml("x"), timestamp=stale)).status_code == 403
    future = int(time.time()) + 400
    assert (await rig.wx.post(text_xml("x"), timestamp=future)).status_code == 403
    assert rig.dialogue.calls == []


@pytest.mark.parametrize("aes", [False, True])
async def test_voice_recognition_is_text_and_empty_recognition_asks_to_type(rig: Rig, aes: bool) -> None:
    voice = text_xml("", msg_id="4001", msg_type="voice", extra="<MediaId>m</MediaId><Format>amr</Format>"
                     "<Recognition><![CDATA[注销备案怎么办]]></Recognition>")
    content = rig.wx.reply_content(await rig.wx.post(voice, aes=aes), aes=aes)
    assert "答复：注销备案怎么办" in content
    silent = text_xml("", msg_id="4002", msg_type="voice", extra="<MediaId>m</MediaId><Recognition></Recognition>")
    content = rig.wx.reply_content(await rig.wx.post(silent, aes=aes), aes=aes)
    assert "文字" in content
    assert len(rig.dialogue.calls) == 1


def event_xml(event: str, create_time: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{MP}]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


@pytest.mark.parametrize("aes", [False, True])
async def test_subscribe_welcome_and_unsubscribe_nothing(rig: Rig, aes: bool) -> None:
    content = rig.wx.reply_content(await rig.wx.post(event_xml("subscribe"), aes=aes), aes=aes)
    for service in ("问政策", "团队备案", "注销", "扶持自查", "培训练习"):
        assert service in content
    resp = await rig.wx.post(event_xml("unsubscribe", int(time.time()) - 1), aes=aes)
    assert resp.status_code == 200 and resp.text == "success"
    assert rig.dialogue.calls == []


@pytest.mark.parametrize("msg_type", ["image", "video", "shortvideo", "location", "link", "file", "hologram"])
async def test_other_types_get_polite_text_and_voice_only_reply(rig: Rig, msg_type: str) -> None:
    content = rig.wx.reply_content(await rig.wx.post(text_xml("", msg_id=f"5-{msg_type}", msg_type=msg_type)))
    assert "文字和语音" in content
    assert rig.dialogue.calls == []


async def test_answer_containing_cdata_terminator_stays_valid_xml(rig: Rig) -> None:
    rig.dialogue.reply = [{"text": "请注意]]><evil>这一段</evil>", "buttons": [], "citations": []}]
    for aes in (False, True):
        content = rig.wx.reply_content(await rig.wx.post(text_xml("q", msg_id=f"6-{aes}"), aes=aes), aes=aes)
        assert content == "请注意]]>这一段"  # tags stripped, terminator kept, XML still valid


async def test_buttons_are_numbered_and_a_digit_sends_the_payload(rig: Rig) -> None:
    rig.dialogue.reply = [{"text": "请选择：", "buttons": [
        {"title": "团队备案", "payload": "/start_filing"}, {"title": "扶持自查", "payload": "/check_support"}]}]
    content = rig.wx.reply_content(await rig.wx.post(text_xml("你好", msg_id="7001")))
    assert "1. 团队备案" in content and "2. 扶持自查" in content and "回复数字选择" in content
    rig.dialogue.reply = None
    rig.wx.reply_content(await rig.wx.post(text_xml("2", msg_id="7002")))
    assert rig.dialogue.calls[-1] == ("wx:" + OPENID, "/check_support")


async def test_long_answer_is_split_and_more_returns_the_next_part(rig: Rig) -> None:
    long = "。".join(f"第{i}点说明社区社会组织备案材料要求" for i in range(200)) + "。"
    rig.dialogue.reply = [{"text": long, "buttons": [], "citations": [
        {"title": "社区社会组织备案管理办法", "clause": "第七条", "in_force": True}]}]
    got = [rig.wx.reply_content(await rig.wx.post(text_xml("材料", msg_id="8001")))]
    for i in range(10):
        got.append(rig.wx.reply_content(await rig.wx.post(text_xml("更多", msg_id=f"801{i}"))))
        if "回复「更多」" not in got[-1]:
            break
    assert len(got) >= 3 and all(len(c.encode()) <= 2048 for c in got)
    assert "回复「更多」" in got[0] and "回复「更多」" not in got[-1]
    assert "《社区社会组织备案管理办法》第七条" in got[-1]
    joined = "".join(c.split("\n\n（内容较长")[0] for c in got)
    assert "第0点" in joined and "第199点" in joined
    extra = rig.wx.reply_content(await rig.wx.post(text_xml("更多", msg_id="8099")))
    assert "全部发送完毕" in extra
    assert len(rig.dialogue.calls) == 1


async def test_rate_limit_21st_message_in_a_minute_gets_friendly_reply(rig: Rig) -> None:
    replies = [rig.wx.reply_content(await rig.wx.post(text_xml(f"问题{i}", msg_id=f"90{i:02d}"))) for i in range(21)]
    assert all("答复" in r for r in replies[:20])
    assert "太频繁" in replies[20]
    assert len(rig.dialogue.calls) == 20


async def test_dialogue_failure_gives_a_safe_reply_and_masked_logs(rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    rig.dialogue.fail = True
    caplog.set_level(logging.INFO)
    question = "我手机13812345678，身份证110101199003071234"
    content = rig.wx.reply_content(await rig.wx.post(text_xml(question, msg_id="9901")))
    assert "稍后" in content
    assert "rasa down" in caplog.text and "138****5678" in caplog.text
    assert "13812345678" not in caplog.text and "110101199003071234" not in caplog.text


async def test_plain_http_client_gets_xml_content_type(rig: Rig) -> None:
    async with httpx.AsyncClient(base_url=rig.gateway) as http:
        resp = await http.post("/wechat?" + rig.wx.query(), content=text_xml("x", msg_id="9902"))
    assert resp.headers["content-type"].startswith("application/xml")

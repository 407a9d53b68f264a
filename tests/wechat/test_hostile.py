"""Hostile and broken input: XXE, billion laughs, oversize, truncated, wrong root, garbage."""
from __future__ import annotations

import random

import pytest

from tests.wechat.conftest import MP, OPENID, Rig, text_xml

pytestmark = pytest.mark.asyncio

XXE = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f"<xml><ToUserName>{MP}</ToUserName><FromUserName>{OPENID}</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f"]><xml><ToUserName>{MP}</ToUserName><FromUserName>{OPENID}</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>2</MsgId></xml>"
)


@pytest.mark.parametrize("body", [XXE, LAUGHS, XXE.replace("DOCTYPE", "doctype")])
async def test_declarations_rejected_without_parsing(rig: Rig, body: str) -> None:
    resp = await rig.wx.post(body)
    assert resp.status_code == 400
    assert "root:" not in resp.text and "lol" not in resp.text
    assert rig.dialogue.calls == []


async def test_declarations_inside_encrypted_payload_are_refused(rig: Rig) -> None:
    resp = await rig.wx.post(XXE, aes=True)
    assert resp.status_code == 200 and resp.text == "success"
    assert rig.dialogue.calls == []


async def test_oversize_body_is_413(rig: Rig) -> None:
    big = text_xml("长" * 30000)  # > 64 KB
    assert len(big.encode()) > 65536
    assert (await rig.wx.post(big)).status_code == 413
    exact = text_xml("")
    pad = 65536 - len(exact.encode())
    fits = exact.replace("<MsgId>", "<Pad>" + "a" * (pad - 11) + "</Pad><MsgId>")
    assert len(fits.encode()) == 65536
    assert (await rig.wx.post(fits)).status_code == 200
    assert rig.dialogue.calls == []


async def test_oversize_chunked_body_without_length_is_413(rig: Rig) -> None:
    async def chunks():  # noqa: ANN202
        for _ in range(20):
            yield b"<" + b"a" * 8191

    resp = await rig.wx.http.post("/wechat?" + rig.wx.query(), content=chunks())
    assert resp.status_code == 413


BROKEN = {
    "truncated": text_xml("你好")[:-20],
    "wrong_root": text_xml("你好").replace("<xml>", "<msg>").replace("</xml>", "</msg>"),
    "missing_msgtype": text_xml("你好").replace("<MsgType><![CDATA[text]]></MsgType>", ""),
    "control_char_raw": text_xml("你\x01好"),
    "control_char_ref": text_xml("x").replace("<![CDATA[x]]>", "a&#1;b"),
    "not_xml": "hello, world",
    "empty": "",
    "json": '{"MsgType": "text"}',
    "bad_utf8": b"<xml>\xff\xfe</xml>",
    "no_from": text_xml("x").replace(f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>", ""),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
async def test_broken_input_gets_success_never_an_error(rig: Rig, name: str) -> None:
    resp = await rig.wx.post(BROKEN[name])
    assert resp.status_code == 200 and resp.text == "success", (name, resp.status_code, resp.text)
    assert rig.dialogue.calls == []


async def test_empty_content_and_unknown_type_get_a_safe_reply(rig: Rig) -> None:
    assert "请输入" in rig.wx.reply_content(await rig.wx.post(text_xml("   ", msg_id="e1")))
    assert "文字和语音" in rig.wx.reply_content(await rig.wx.post(text_xml("", msg_id="e2", msg_type="zzz")))
    ctrl = rig.wx.reply_content(await rig.wx.post(text_xml("你好", msg_id="e3").replace("你好", "你\x7f好")))
    assert "答复：你好" in ctrl
    assert rig.dialogue.calls == [("wx:" + OPENID, "你好")]


async def test_random_bodies_never_produce_a_server_error(rig: Rig) -> None:
    rnd = random.Random(7)
    base = text_xml("随机", msg_id="r")
    for i in range(40):
        raw = bytearray(base.encode())
        for _ in range(rnd.randint(1, 8)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
        resp = await rig.wx.post(bytes(raw).replace(b"<MsgId>r", f"<MsgId>r{i}".encode()))
        assert resp.status_code in (200, 400), resp.status_code
        if resp.status_code == 200 and resp.text != "success":
            assert resp.text.startswith("<xml>")

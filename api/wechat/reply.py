"""Passive reply XML. wechatpy's TextReply wraps values in CDATA without escaping `]]>`,
which would end the section early and break the XML; every value goes through `cdata` here.
"""
from __future__ import annotations

import time

from api.wechat.inbound import CONTROL_CHARS, Inbound

SUCCESS = "success"


def cdata(value: str) -> str:
    """CDATA section that stays valid whatever the text: `]]>` is split across two sections."""
    clean = CONTROL_CHARS.sub("", value)
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply_xml(msg: Inbound, content: str, now: float | None = None) -> str:
    """Text reply addressed back to the sender (From/To swapped)."""
    return (
        "<xml>"
        f"<ToUserName>{cdata(msg.from_user)}</ToUserName>"
        f"<FromUserName>{cdata(msg.to_user)}</FromUserName>"
        f"<CreateTime>{int(now or time.time())}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(content)}</Content>"
        "</xml>"
    )

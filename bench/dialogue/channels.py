"""How the simulated user reaches the bot: the web chat (POST /api/chat) or WeChat (a signed POST /wechat
in plaintext mode, as the WeChat server sends it). Both give a Turn: the messages the user sees.

WeChat shows no buttons or citation cards: the reply is one text (buttons numbered, citations condensed
to 《title》 + clause); a reply split for length ends with 「回复「更多」…」 and the user asks for the rest.
"""
from __future__ import annotations

import asyncio
import hashlib
import re
import time
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import httpx
from defusedxml.ElementTree import fromstring

MORE_WORD = "更多"
MORE_MARK = "回复「更多」"
_OPTION_LINE = re.compile(r"^(\d{1,2})\. (.+)$", re.MULTILINE)
_msg_ids = count(int(time.time() * 1000))


@dataclass
class Turn:
    messages: list[dict[str, Any]] = field(default_factory=list)  # {text, buttons, citations}
    status: int = 200
    extra_user_turns: int = 0  # WeChat 「更多」 requests made to read the whole reply
    seconds: float = 0.0
    wechat: bool = False

    @property
    def texts(self) -> list[str]:
        return [m.get("text") or "" for m in self.messages]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> list[dict[str, str]]:
        return [b for m in self.messages for b in m.get("buttons") or []]

    def cited(self) -> bool:
        """A citation the user can see: a card on the web, a 《title》 in WeChat."""
        if self.wechat:
            return "依据" in self.text and "《" in self.text and "》" in self.text
        return any(m.get("citations") for m in self.messages)


class WebChannel:
    """One resident's browser: its own cookie jar, so the gateway's signed ``web_sender`` cookie (when the
    gateway issues one) says who is talking; a gateway that wants the id in the body gets ours."""

    name = "web"

    def __init__(self, stack: Any, script_id: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.stack = stack  # .base is read on every call: a restart moves the gateway to a new port
        self.client = httpx.AsyncClient(timeout=180, transport=transport)
        self.sender = f"web:sim-{script_id}"  # replaced by the id the gateway issues, if it does
        self.body_id = False  # True: the gateway takes the sender id from the body (no cookie identity)

    async def _post(self, text: str) -> httpx.Response:
        body = {"message": text, **({"sender_id": self.sender} if self.body_id else {})}
        for _ in range(4):  # a 429 is the rate limit of the shared loopback address: wait and retry
            resp = await self.client.post(f"{self.stack.base}/api/chat", json=body)
            if resp.status_code != 429:
                return resp
            await asyncio.sleep(min(10.0, float(resp.headers.get("retry-after") or 2)))
        return resp

    async def say(self, text: str) -> Turn:
        start = time.perf_counter()
        resp = await self._post(text)
        if resp.status_code == 422 and not self.body_id and "sender_id" in resp.text:
            self.body_id = True  # this gateway needs the sender id in the body
            resp = await self._post(text)
        took = time.perf_counter() - start
        if resp.status_code == 422:  # the page shows the gateway's Chinese message; nothing reached the bot
            return Turn([{"text": str(resp.json().get("detail")), "buttons": [], "citations": []}], 422, seconds=took)
        resp.raise_for_status()
        data = resp.json()
        self.sender = data.get("sender_id") or self.sender
        return Turn(data["messages"], seconds=took)

    async def aclose(self) -> None:
        await self.client.aclose()


class WeChatChannel:
    """One WeChat user (an openid): signed plaintext callbacks, as the WeChat server posts them."""

    name = "wechat"

    def __init__(self, stack: Any, script_id: str, client: httpx.AsyncClient) -> None:
        self.stack, self.client, self.token = stack, client, stack.wechat_token
        self.openid = "oSim" + hashlib.sha1(script_id.encode()).hexdigest()[:20]
        self.sender = f"wx:{self.openid}"

    async def aclose(self) -> None:
        return None

    def _query(self) -> dict[str, str]:
        ts, nonce = str(int(time.time())), f"n{next(_msg_ids)}"
        sig = hashlib.sha1("".join(sorted((self.token, ts, nonce))).encode()).hexdigest()
        return {"signature": sig, "timestamp": ts, "nonce": nonce}

    async def _post(self, openid: str, text: str) -> str:
        cdata = text.replace("]]>", "]]]]><![CDATA[>")
        xml = (f"<xml><ToUserName><![CDATA[gh_sim]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
               f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               f"<Content><![CDATA[{cdata}]]></Content><MsgId>{next(_msg_ids)}</MsgId></xml>")
        resp = await self.client.post(f"{self.stack.base}/wechat", params=self._query(),
                                      content=xml.encode("utf-8"), timeout=180)
        resp.raise_for_status()
        if resp.text in ("", "success"):
            return ""
        return fromstring(resp.text).findtext("Content") or ""

    async def say(self, text: str) -> Turn:
        openid = self.openid
        start = time.perf_counter()
        parts = [await self._post(openid, text)]
        extra = 0
        while MORE_MARK in parts[-1] and extra < 5:  # read the whole reply, as a user scrolling on would
            parts.append(await self._post(openid, MORE_WORD))
            extra += 1
        content = "\n".join(p.split("\n\n（内容较长")[0] if MORE_MARK in p else p for p in parts)
        # the numbered options; a digit is what the user types to pick one
        options = [{"title": t.strip(), "payload": n} for n, t in _OPTION_LINE.findall(content)] \
            if "回复数字" in content else []
        return Turn([{"text": content, "buttons": options, "citations": []}], extra_user_turns=extra,
                    seconds=time.perf_counter() - start, wechat=True)

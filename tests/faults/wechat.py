"""A WeChat user on the production profile: signed POST /wechat (plaintext mode) as the WeChat server sends it,
with its retries — the same MsgId again when a try got no answer within 5 s, three tries in all.

`retried_message()` runs in a thread while a fault is injected; `answers_for()` then counts what reached the
user: passive replies plus customer-service sends (the fake WeChat API of tests/wechat/conftest.py, which the
profile's gateways are pointed at). Exactly one is the contract. Try 1 may be sent to one gateway's own port
(`first_base`), to make that gateway the message's producer before it is killed.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx
from defusedxml.ElementTree import fromstring

from tests.wechat.conftest import FakeWeChatApi, signature, text_xml

TRY_S = 5.0  # WeChat waits this long per try, then retries the same MsgId
TRIES = 3
KEFU_DUE_S = 2 * TRY_S + 4.5 + 3  # the gateway's customer-service fallback fires after the last try's window


@dataclass
class RetriedMessage:
    """One message and what each of WeChat's tries got: reply content, None (`success`), or 'timeout'/'error'."""

    openid: str
    msg_id: str
    text: str
    first_base: str | None = None  # where try 1 goes; the later tries go where WeChat posts (the public port)
    tries: list[str | None] = field(default_factory=list)
    first_at: float = 0.0
    thread: threading.Thread | None = None

    def passive(self) -> list[str]:
        return [t for t in self.tries if t not in (None, "timeout", "error")]


def post_once(base: str, token: str, xml: str) -> str | None:
    """One try; the passive reply's content, None for `success`, 'timeout' / 'error' when WeChat gets nothing."""
    ts, nonce = str(int(time.time())), "nonce-faults"
    query = {"signature": signature(token, ts, nonce), "timestamp": ts, "nonce": nonce}
    try:
        resp = httpx.post(f"{base}/wechat", params=query, content=xml.encode(), timeout=TRY_S)
    except httpx.TimeoutException:
        return "timeout"
    except httpx.HTTPError:
        return "error"
    if resp.status_code != 200:
        return "error"
    if resp.text in ("", "success"):
        return None
    return fromstring(resp.text).findtext("Content")


def _tries(base: str, token: str, message: RetriedMessage) -> None:
    """Like the WeChat server: retry after a try that timed out or failed, stop at the first 200 answer."""
    message.first_at = time.monotonic()
    xml = text_xml(message.text, msg_id=message.msg_id, openid=message.openid)
    for n in range(TRIES):
        began = time.monotonic()
        result = post_once((message.first_base or base) if n == 0 else base, token, xml)
        message.tries.append(result)
        if result not in ("timeout", "error"):
            return
        time.sleep(max(0.0, began + TRY_S - time.monotonic()))  # a refused try is retried on WeChat's schedule


def retried_message(base: str, token: str, text: str, first_base: str | None = None) -> RetriedMessage:
    """Start sending `text` as a new WeChat message (new user, new MsgId) in a thread; returns at once."""
    stamp = time.time_ns()
    message = RetriedMessage(openid=f"oFault-{stamp}", msg_id=str(stamp), text=text, first_base=first_base)
    message.thread = threading.Thread(target=_tries, args=(base, token, message), daemon=True)
    message.thread.start()
    return message


def answers_for(message: RetriedMessage, api: FakeWeChatApi) -> list[str]:
    """Everything that reached this user for the message: passive replies, then customer-service sends.
    Waits until no fallback can still come (the gateway's last window has passed)."""
    assert message.thread is not None
    message.thread.join(TRIES * TRY_S + 10)
    time.sleep(max(0.0, message.first_at + KEFU_DUE_S - time.monotonic()))
    sent = [s["text"]["content"] for s in api.sends if s.get("touser") == message.openid]
    return message.passive() + sent

"""Customer-service messages (客服消息 `message/custom/send`) with one shared access_token.

WeChat invalidates the previous access_token when a new one is fetched, so workers must not
refresh independently: the token lives in the shared store and a lease lets one worker refresh.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass

import httpx

from api.logging_setup import mask_pii
from api.wechat.records import Store

log = logging.getLogger("api.wechat.kefu")
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid / malformed / expired access_token
_LEASE_S = 10.0
_CREDENTIAL = re.compile(r"(access_token|secret)=[^&\s\"']+")


class RedactCredentials(logging.Filter):
    """httpx logs every request URL at INFO; WeChat puts access_token and secret in the query."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "access_token=" in message or "secret=" in message:
            record.msg, record.args = _CREDENTIAL.sub(r"\1=***", message), ()
        return True


logging.getLogger("httpx").addFilter(RedactCredentials())


@dataclass
class SendResult:
    """Outcome of one send; `ok` is only True when WeChat answered errcode 0."""

    ok: bool
    errcode: int
    errmsg: str


class KefuClient:
    """Sends text through the customer-service API; base URL configurable for tests."""

    def __init__(self, store: Store, api_base: str, appid: str, secret: str, timeout_s: float, margin_s: int) -> None:
        self.store, self.base = store, api_base.rstrip("/")
        self.appid, self.secret, self.margin_s = appid, secret, margin_s
        self.http = httpx.AsyncClient(timeout=timeout_s)
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        """Release the HTTP connection pool (gateway shutdown)."""
        await self.http.aclose()

    async def access_token(self) -> str:
        """A valid token from the shared cache, refreshing it (once, centrally) when near expiry."""
        async with self._lock:
            deadline = time.time() + _LEASE_S + 2
            while time.time() < deadline:
                rec = await self.store.get_token(self.appid)
                if rec and rec.token and rec.expires_at - self.margin_s > time.time():
                    return rec.token
                if await self.store.lease_token(self.appid, time.time(), _LEASE_S):
                    return await self._refresh()
                await asyncio.sleep(0.1)  # another worker is refreshing
            raise RuntimeError("access_token refresh timed out")

    async def _refresh(self) -> str:
        """Fetch a new token; on any failure release the lease and let the caller record it."""
        try:
            resp = await self.http.get(
                f"{self.base}/cgi-bin/token",
                params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
            )
            data = resp.json()
            token = data.get("access_token")
            if not token:
                raise RuntimeError(f"token refused: {data.get('errcode')} {data.get('errmsg', '')}")
        except BaseException:
            await self.store.save_token(self.appid, "", 0.0)  # releases the lease
            raise
        await self.store.save_token(self.appid, token, time.time() + float(data.get("expires_in", 7200)))
        log.info("wechat access_token refreshed")
        return token

    async def send_text(self, openid: str, content: str) -> SendResult:
        """Send once, retrying a single time with a fresh token if WeChat says the token is bad."""
        try:
            for attempt in range(2):
                token = await self.access_token()
                result = await self._post(token, openid, content)
                if result.errcode not in TOKEN_ERRORS or attempt:
                    return result
                await self.store.drop_token(self.appid, token)
        except (httpx.HTTPError, RuntimeError, ValueError) as exc:
            log.warning("wechat kefu send failed: %s", mask_pii(str(exc)))
            return SendResult(False, -1, type(exc).__name__)
        return result

    async def _post(self, token: str, openid: str, content: str) -> SendResult:
        body = {"touser": openid, "msgtype": "text", "text": {"content": content}}
        resp = await self.http.post(
            f"{self.base}/cgi-bin/message/custom/send",
            params={"access_token": token},
            content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        data = resp.json()
        code = int(data.get("errcode", -1))
        return SendResult(code == 0, code, str(data.get("errmsg", "")))

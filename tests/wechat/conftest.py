"""WeChat test rig: the real gateway app served by uvicorn on loopback, a fake WeChat API server
(token + customer-service send) on loopback, a countable/slowable fake dialogue, and a client
that signs (and in safe mode encrypts, with wechatpy's own crypto) like the WeChat server does.

Timings are settings: protocol tests keep a 2 s window (robust on a loaded machine); retry tests
shrink them further and make the fake dialogue far slower than the windows.
"""
from __future__ import annotations

import asyncio
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from defusedxml.ElementTree import fromstring
from fastapi import FastAPI, Request
from wechatpy.crypto import WeChatCrypto

from api.wechat.records import Store
from api.wechat.redis_store import RedisStore
from api.wechat.stores import make_store
from config.settings import Settings
from tests.db.redisserver import running_redis

TOKEN = "wx-test-token"
APPID = "wx1234567890abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters
OPENID = "oUser-0001"
MP = "gh_test_mp"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerThread:
    """uvicorn in a background thread on a free loopback port (lifespan off: make_store migrates its database)."""

    def __init__(self, app: FastAPI, port: int = 0) -> None:
        self.port = port or free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class FakeDialogue:
    """Stands in for api.services.dialogue.converse: counts calls, can be slow, fail, or answer long."""

    delay_s: float = 0.0
    reply: list[dict[str, Any]] | None = None
    fail: bool = False
    calls: list[tuple[str, str]] = field(default_factory=list)

    async def __call__(self, sender_id: str, text: str) -> list[dict[str, Any]]:
        self.calls.append((sender_id, text))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.fail:
            raise RuntimeError(f"rasa down while answering {text}")
        if self.reply is not None:
            return self.reply
        return [{
            "text": f"答复：{text}",
            "buttons": [],
            "citations": [{"title": "社区社会组织备案管理办法", "clause": "第七条", "in_force": True, "text": "全文"}],
        }]


@dataclass
class FakeWeChatApi:
    """The WeChat API server: issues tokens, records customer-service sends, can return errors."""

    send_errors: list[int] = field(default_factory=list)  # errcodes returned by the next sends
    token_calls: int = 0
    expires_in: int = 7200
    sends: list[dict[str, Any]] = field(default_factory=list)
    send_times: list[float] = field(default_factory=list)  # perf_counter() at each accepted send
    valid_tokens: set[str] = field(default_factory=set)

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.get("/cgi-bin/token")
        def token(grant_type: str, appid: str, secret: str) -> dict:
            if appid != APPID or secret != "wx-secret":
                return {"errcode": 40013, "errmsg": "invalid appid"}
            self.token_calls += 1
            tok = f"TOKEN-{self.token_calls}"
            self.valid_tokens = {tok}  # a new token invalidates the old one, as WeChat does
            return {"access_token": tok, "expires_in": self.expires_in}

        @api.post("/cgi-bin/message/custom/send")
        async def send(request: Request, access_token: str) -> dict:
            if access_token not in self.valid_tokens:
                return {"errcode": 40001, "errmsg": "invalid credential"}
            body = await request.json()
            if self.send_errors:
                code = self.send_errors.pop(0)
                return {"errcode": code, "errmsg": "refused"}
            self.sends.append(body)
            self.send_times.append(time.perf_counter())
            return {"errcode": 0, "errmsg": "ok"}

        return api


def make_settings(tmp_path: Any, api_base: str, **over: Any) -> Settings:
    values: dict[str, Any] = dict(
        database_url=f"sqlite:///{tmp_path / 'wx.db'}",
        wechat_token=TOKEN, wechat_appid=APPID, wechat_aes_key=AES_KEY, wechat_secret="wx-secret",
        wechat_api_base=api_base, wechat_reply_wait_s=2.0, wechat_retry_interval_s=2.5,
        wechat_poll_s=0.02, wechat_dialogue_timeout_s=3.0, redis_url=None,
    )
    values.update(over)
    return Settings(**values)


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def text_xml(content: str, msg_id: str = "1001", openid: str = OPENID, msg_type: str = "text", extra: str = "") -> str:
    """A push as WeChat sends it (CreateTime now)."""
    body = f"<Content><![CDATA[{content}]]></Content>" if msg_type == "text" else ""
    return (
        f"<xml><ToUserName><![CDATA[{MP}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"{body}{extra}<MsgId>{msg_id}</MsgId></xml>"
    )


class WxClient:
    """Posts like the WeChat server: signed query, plaintext or safe-mode (wechatpy-encrypted) body."""

    def __init__(self, base: str, token: str = TOKEN) -> None:
        self.base, self.token = base, token
        self.http = httpx.AsyncClient(base_url=base, timeout=30)
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)

    def query(self, timestamp: int | None = None, token: str | None = None, **extra: str) -> str:
        ts, nonce = str(timestamp or int(time.time())), "nonce123"
        q = {"signature": signature(token or self.token, ts, nonce), "timestamp": ts, "nonce": nonce, "openid": OPENID}
        q.update(extra)
        return urlencode(q)

    async def post(self, xml: str | bytes, aes: bool = False, **q: Any) -> httpx.Response:
        if not aes:
            return await self.http.post("/wechat?" + self.query(**q), content=xml)
        ts, nonce = str(int(time.time())), "nonce123"
        envelope = self.crypto.encrypt_message(xml, nonce, ts)
        encrypt = fromstring(envelope).findtext("Encrypt")
        qs = self.query(timestamp=int(ts), encrypt_type="aes", msg_signature=signature(TOKEN, ts, nonce, encrypt))
        return await self.http.post("/wechat?" + qs, content=envelope)

    def reply_content(self, resp: httpx.Response, aes: bool = False) -> str | None:
        """Content of a passive text reply (decrypting safe mode with wechatpy), None for `success`."""
        assert resp.status_code == 200, resp.text
        if resp.text in ("success", ""):
            return None
        xml = resp.text
        if aes:
            root = fromstring(xml)
            xml = self.crypto.decrypt_message(
                xml, root.findtext("MsgSignature"), root.findtext("TimeStamp"), root.findtext("Nonce")
            )
        root = fromstring(xml)
        assert root.tag == "xml" and root.findtext("MsgType") == "text"
        assert root.findtext("ToUserName") == OPENID and root.findtext("FromUserName") == MP
        return root.findtext("Content")


@dataclass
class Rig:
    """Everything a WeChat test needs, running."""

    gateway: str
    wx: WxClient
    dialogue: FakeDialogue
    api: FakeWeChatApi
    settings: Settings
    app: FastAPI


@pytest.fixture
def rig_factory(tmp_path: Any) -> Iterator[Any]:
    """Start the fake WeChat API and the gateway (real create_app) with shrunk timings."""
    started: list[ServerThread] = []

    def start(**over: Any) -> Rig:
        from api.main import create_app

        fake_api = FakeWeChatApi()
        api_server = ServerThread(fake_api.app()).__enter__()
        started.append(api_server)
        settings = make_settings(tmp_path, api_server.url, **over)
        app = create_app()
        dialogue = FakeDialogue()
        app.state.wechat_settings = settings
        app.state.wechat_converse = dialogue
        gw = ServerThread(app).__enter__()
        started.append(gw)
        return Rig(gw.url, WxClient(gw.url), dialogue, fake_api, settings, app)

    yield start
    for server in reversed(started):
        server.__exit__()


@pytest.fixture
def rig(rig_factory: Any) -> Rig:
    return rig_factory()


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on loopback (tests/db/redisserver.py; `make wechat-redis` installs it)."""
    try:
        with running_redis() as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(params=["sqlite", "postgresql", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Store:
    """Every backend a deployment may use (PostgreSQL via the shared tests/db cluster fixture), empty."""
    if request.param == "postgresql":
        return make_store(None, request.getfixturevalue("postgres_url"))
    if request.param == "redis":
        import redis

        url = request.getfixturevalue("redis_url")
        redis.Redis.from_url(url).flushdb()
        return RedisStore(url)
    return make_store(None, f"sqlite:///{tmp_path / 'store.db'}")


@pytest.fixture
def fake_api() -> Iterator[tuple[FakeWeChatApi, str]]:
    """The fake WeChat API server (token + customer-service endpoints) on a loopback port."""
    api = FakeWeChatApi()
    with ServerThread(api.app()) as server:
        yield api, server.url

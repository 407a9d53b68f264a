"""Customer-service client and the central access_token cache against the fake WeChat API server."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from api.wechat.kefu import KefuClient
from api.wechat.stores import make_store
from tests.wechat.conftest import APPID

pytestmark = pytest.mark.asyncio


def client(tmp_path: Any, base: str, secret: str = "wx-secret") -> KefuClient:
    store = make_store(None, f"sqlite:///{tmp_path / 'kefu.db'}")
    return KefuClient(store, base, APPID, secret, timeout_s=5.0, margin_s=300)


async def test_token_is_fetched_once_and_shared_by_workers(tmp_path: Any, fake_api: Any) -> None:
    api, base = fake_api
    workers = [client(tmp_path, base) for _ in range(3)]  # three processes' clients, one database
    results = await asyncio.gather(*(w.send_text(f"o{i}", f"消息{i}") for i, w in enumerate(workers * 4)))
    assert all(r.ok for r in results)
    assert api.token_calls == 1 and len(api.sends) == 12
    assert {s["text"]["content"] for s in api.sends} == {f"消息{i}" for i in range(12)}


async def test_invalidated_token_is_refreshed_and_the_send_retried(tmp_path: Any, fake_api: Any) -> None:
    api, base = fake_api
    kefu = client(tmp_path, base)
    assert (await kefu.send_text("o1", "一")).ok
    api.valid_tokens = set()  # WeChat revoked it (e.g. refreshed elsewhere): 40001
    result = await kefu.send_text("o1", "二")
    assert result.ok and api.token_calls == 2
    assert [s["text"]["content"] for s in api.sends] == ["一", "二"]


async def test_token_near_expiry_is_refreshed(tmp_path: Any, fake_api: Any) -> None:
    api, base = fake_api
    api.expires_in = 200  # inside the 300 s safety margin: always considered stale
    kefu = client(tmp_path, base)
    for text in ("一", "二"):
        assert (await kefu.send_text("o1", text)).ok
    assert api.token_calls == 2


@pytest.mark.parametrize("code", [45015, 45047])
async def test_refusals_are_reported_not_claimed(tmp_path: Any, fake_api: Any, code: int) -> None:
    api, base = fake_api
    api.send_errors = [code]
    result = await client(tmp_path, base).send_text("o1", "一")
    assert not result.ok and result.errcode == code and api.sends == []


async def test_bad_secret_and_unreachable_api_fail_cleanly(tmp_path: Any, fake_api: Any) -> None:
    _, base = fake_api
    result = await client(tmp_path, base, secret="wrong").send_text("o1", "一")
    assert not result.ok
    dead = client(tmp_path, "http://127.0.0.1:9")  # nothing listens on the discard port
    started = asyncio.get_running_loop().time()
    for _ in range(2):  # a failed refresh releases its lease: the next try does not wait for it
        result = await dead.send_text("o1", "一")
        assert not result.ok and result.errcode == -1
    assert asyncio.get_running_loop().time() - started < 8


async def test_logs_never_show_the_token_or_secret(tmp_path: Any, fake_api: Any, caplog: pytest.LogCaptureFixture) -> None:
    api, base = fake_api
    caplog.set_level(logging.INFO)
    assert (await client(tmp_path, base).send_text("o1", "一")).ok
    assert "access_token=***" in caplog.text and "secret=***" in caplog.text
    assert "TOKEN-1" not in caplog.text and "wx-secret" not in caplog.text

"""End to end: a signed WeChat text message → real gateway → real Rasa + actions → retriever.

Uses the stack the dialogue e2e tests start (tests/e2e/stack.running_stack: scripts/run_all.sh on free
loopback ports). A missing build step (Rasa model, py310 env, index) fails with the make target to run:
`make test` builds all three first, so a skip here could only hide a broken set-up.
"""
from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import Settings
from tests.e2e import stack
from tests.wechat.conftest import WxClient, text_xml

ROOT = Path(__file__).resolve().parents[2]
CACHE = Settings().cache_dir
pytestmark = pytest.mark.asyncio


def _missing() -> str | None:
    """Why the full stack cannot run here, or None."""
    model_file = ROOT / "var" / "rasa-model"
    model = os.environ.get("RASA_MODEL") or (model_file.read_text().strip() if model_file.is_file() else "")
    if not model or not Path(model).is_file():
        return "no trained Rasa model (make rasa-model)"
    if not (CACHE / "py310" / "bin" / "rasa").exists():
        return "no py310 Rasa env (make rasa-env)"
    if not (ROOT / "var" / "index" / "params.json").is_file():
        return "no retrieval index (make index)"
    return None


@pytest.fixture(scope="module")
def wx_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """run_all.sh with WeChat settings; a generous reply window so a cold Rasa still answers passively."""
    reason = _missing()
    if reason:  # a build step, not an optional part: fail
        pytest.fail(f"cannot start the stack: {reason}", pytrace=False)
    from tests.wechat.conftest import AES_KEY, APPID, TOKEN

    env = {"WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_AES_KEY": AES_KEY,
           "WECHAT_REPLY_WAIT_S": "25", "WECHAT_RETRY_INTERVAL_S": "30"}
    with stack.running_stack(tmp_path_factory.mktemp("wx-e2e"), **env) as url:
        asyncio.run(_warm_up(url))
        yield url


async def _warm_up(url: str, limit_s: float = 300) -> None:
    """The retriever loads its model on the first /api/ask, which can outlast Rasa's REST timeout
    on a cold, busy machine; ask through WeChat until the dialogue answers (not 「暂时不可用」)."""
    wx, deadline = WxClient(url), time.monotonic() + limit_s
    try:
        while time.monotonic() < deadline:
            resp = await wx.post(text_xml("备案需要什么材料？", msg_id=f"warm-{time.time_ns()}", openid="oWarmUp"))
            if resp.status_code == 200 and "暂时不可用" not in resp.text and resp.text != "success":
                return
        pytest.fail("the dialogue did not answer within the warm-up limit")
    finally:
        await wx.http.aclose()


@pytest.mark.parametrize("aes", [False, True])
async def test_policy_question_gets_a_cited_passive_reply(wx_stack: str, aes: bool) -> None:
    wx = WxClient(wx_stack)
    question = "社区社会组织备案需要满足什么条件？"
    resp = await wx.post(text_xml(question, msg_id=f"e2e-{aes}-{time.time_ns()}"), aes=aes)
    content = wx.reply_content(resp, aes=aes)
    assert content, "expected a passive reply, got success"
    assert len(content.encode("utf-8")) <= 2048
    assert "《" in content and "》" in content, content  # a condensed citation
    await wx.http.aclose()

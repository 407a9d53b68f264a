"""End to end, residents following their requests: web chat and WeChat → real gateway → real Rasa → real
action server → the gateway's lookup, and the once-only notice after a staff status change.

One stack (scripts/run_all.sh on free loopback ports, temp database and tracker store, WeChat configured).
Requests are stored the way the action server stores them (POST /internal/requests with the internal token),
under the sender ids the gateway issued: the web cookie's and the WeChat openid's.
"""
from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator

import httpx
import pytest

from playwright.sync_api import expect

from tests.e2e.stack import StackFailed, running_stack
from tests.e2e.test_chat_e2e import _model
from tests.web.conftest import browser, page_factory, screenshot  # noqa: F401  fixtures: real Chromium
from tests.web.test_chat_rasa import answer
from tests.web.test_staff_ui import login
from tests.wechat.conftest import AES_KEY, APPID, OPENID, TOKEN, WxClient, text_xml

STAFF = {"Authorization": "Bearer status-e2e-staff"}
INTERNAL = {"X-Internal-Token": "status-e2e-internal"}
FILING = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "番禺居委", "member_count": 25, "leader_name": "王秀英", "leader_phone": "13912345678",
          "activity_place": "番禺小区中心花园", "activities": "每天晚上跳广场舞"}
NOTE = "请周三上午带成员名单到街道服务中心"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"RASA_MODEL": _model(), "STAFF_TOKEN": "status-e2e-staff", "INTERNAL_TOKEN": "status-e2e-internal",
           "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_AES_KEY": AES_KEY, "WECHAT_REPLY_WAIT_S": "25"}
    try:
        with running_stack(tmp_path_factory.mktemp("status-e2e"), **env) as url:
            httpx.post(f"{url}/api/ask", json={"question": "备案", "top_k": 1}, timeout=180)  # warm the retriever
            yield url
    except StackFailed as exc:
        pytest.fail(str(exc))


class Resident:
    """One browser: its own cookie jar, so the gateway's signed cookie says who is talking."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=90)
        self.sender = self.http.get("/api/chat/session").json()["sender_id"]

    def say(self, text: str) -> list[str]:
        resp = self.http.post("/api/chat", json={"message": text})
        assert resp.status_code == 200, resp.text
        return [m["text"] for m in resp.json()["messages"]]


def store(base: str, sender: str, kind: str = "filing", data: dict | None = None) -> str:
    resp = httpx.post(f"{base}/internal/requests", headers=INTERNAL, timeout=30,
                      json={"kind": kind, "sender_id": sender, "data": data or FILING})
    assert resp.status_code == 200, resp.text
    return resp.json()["reference"]


def patch(base: str, ref: str, **body: str) -> None:
    resp = httpx.patch(f"{base}/api/filings/{ref}", json=body, headers=STAFF, timeout=30)
    assert resp.status_code == 200, resp.text


def test_own_reference_versus_someone_elses(base: str) -> None:
    alice, bob = Resident(base), Resident(base)
    ref = store(base, alice.sender)
    own = "\n".join(alice.say(f"{ref} 进度"))
    assert ref in own and "已提交" in own and "夕阳红舞蹈队" in own, own
    others = "\n".join(bob.say(f"{ref} 进度"))
    missing = "\n".join(bob.say("BA-20991231-9999 进度"))
    assert others.replace(ref, "<编号>") == missing.replace("BA-20991231-9999", "<编号>"), (others, missing)
    assert "没有查到编号" in others and "夕阳红" not in others and "已提交" not in others
    assert "13912345678" not in own + others and "王秀英" not in own + others


def test_everyday_question_and_a_status_change_shown_once(base: str) -> None:
    alice, bob = Resident(base), Resident(base)
    ref = store(base, alice.sender)
    store(base, bob.sender, data={**FILING, "team_name": "鲍勃太极队"})
    patch(base, ref, status="已联系", note="内部：电话打了两次", resident_note=NOTE)
    first = alice.say("你好")
    assert first[0].startswith(f"📌 您的备案申请 {ref}（夕阳红舞蹈队）状态已更新为「已联系」"), first
    assert first[0].endswith(f"工作人员说明：{NOTE}") and len(first) > 1  # the greeting follows
    assert "内部" not in "\n".join(first)
    assert not any("状态已更新" in m for m in alice.say("谢谢"))  # once
    listed = "\n".join(alice.say("我上次交的备案怎么样了"))
    assert ref in listed and "已联系" in listed and NOTE in listed, listed
    assert not any("状态已更新" in m or ref in m for m in bob.say("你好"))


def test_wechat_sees_its_own_status_and_the_notice(base: str) -> None:
    ref = store(base, "wx:" + OPENID)

    async def turns() -> list[str]:
        wx = WxClient(base)
        try:
            out = []
            for n, text in enumerate(["查一下我的备案", "你好", "你好"]):
                if n == 1:
                    patch(base, ref, status="已联系", resident_note=NOTE)
                resp = await wx.post(text_xml(text, msg_id=f"status-{n}-{time.time_ns()}"))
                out.append(wx.reply_content(resp) or "")
            return out
        finally:
            await wx.http.aclose()

    lookup, noticed, again = asyncio.run(turns())
    assert ref in lookup and "已提交" in lookup, lookup
    assert f"您的备案申请 {ref}（夕阳红舞蹈队）状态已更新为「已联系」" in noticed and NOTE in noticed, noticed
    assert "状态已更新" not in again


def test_a_phone_given_earlier_reaches_the_handoff(base: str) -> None:
    """The tracker store masks earlier messages; the number offered for a call back is kept in its slot."""
    carol = Resident(base)
    carol.say("我的电话是13812345678")
    done = "\n".join(carol.say("转人工"))
    ref = re.search(r"RG-\d{8}-\d{4}", done).group(0)
    record = httpx.get(f"{base}/api/handoffs/{ref}", headers=STAFF, timeout=30).json()
    assert record["contact"] == "13812345678" and "您留的手机号已一并记录" in done


def test_in_the_browser_staff_write_the_note_and_the_resident_reads_it(base: str, page_factory) -> None:  # noqa: ANN001
    """What a resident and a staff member see at 1280×800: the console's 「给居民的说明」 reaches the web chat."""
    page = page_factory()
    page.goto(base + "/")
    sender = page.evaluate("fetch('/api/chat/session').then((r) => r.json()).then((d) => d.sender_id)")
    ref = store(base, sender)
    staff = page_factory()
    login(staff, base, token="status-e2e-staff")
    staff.click(".tab[data-tab=requests]")
    staff.locator(f"#rq-table tr[data-reference='{ref}']").click()
    staff.select_option("#st-status", "已联系")
    staff.fill("#st-note", "内部：电话打了两次")
    staff.fill("#st-resident-note", NOTE)
    staff.click(".status-form button[type=submit]")
    expect(staff.locator("#rq-detail h3")).to_have_text(f"{ref} · 已联系")
    expect(staff.locator("#st-resident-note")).to_have_value(NOTE)  # the detail shows what residents see
    screenshot(staff, "status-staff-note-1280x800.png")
    answer(page, "你好")
    notice = page.locator(".msg.bot .text", has_text="状态已更新")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(f"您的备案申请 {ref}（夕阳红舞蹈队）状态已更新为「已联系」")
    expect(notice).to_contain_text(f"工作人员说明：{NOTE}")
    answer(page, f"{ref} 进度")
    expect(page.locator(".msg.bot .text").last).to_contain_text(NOTE)
    expect(notice).to_have_count(1)  # shown once
    expect(page.locator("#transcript")).not_to_contain_text("内部")
    screenshot(page, "status-resident-1280x800.png")

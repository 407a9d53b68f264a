"""Faults on the production profile (issue 15, item 3): each test walks a resident through the filing form on the
web chat, breaks one process half-way, and finishes the form.

What must hold after each fault: the very next message is answered with the form's next question (by the other
replica, through HAProxy) — or, while a shared engine (Redis, PostgreSQL) is coming back, with the short
「暂时不可用，请稍后再试」 and then, when the resident sends the same answer again, the next question; the answers
given before the fault are in the submitted filing; exactly one filing is stored; supervisord has restarted the
killed process (new pid, healthy on its own port).
"""
from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from api.services.dialogue import RASA_DOWN
from tests.e2e.test_chat_e2e import FILING_ANSWERS
from tests.faults.profile import Profile

FILING = [("我想给我们队备个案", "团队叫什么名字"), *FILING_ANSWERS]  # (what the resident says, the next question)
CUT = 5  # the fault strikes after 「新华路街道」: team name, activity, district and street are answered
ACTIVITIES = "每天晚上跳广场舞，周末排练节目"


class Resident:
    """One browser (its own cookie jar) on the public port; counts the 「请稍后再试」 replies it got."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=120)
        self.sender_id = ""
        self.retries = 0

    def say(self, text: str, may_retry: bool = False) -> str:
        """One turn; with `may_retry`, a 「请稍后再试」 is answered by sending the same text once more."""
        resp = self.client.post("/api/chat", json={"message": text})
        assert resp.status_code == 200, resp.text
        self.sender_id = resp.json()["sender_id"]
        reply = "\n".join(m["text"] for m in resp.json()["messages"])
        if may_retry and RASA_DOWN in reply and self.retries == 0:
            self.retries += 1
            return self.say(text)
        return reply


def file_through_fault(profile: Profile, fault: Callable[[], None], may_retry: bool = False) -> Resident:
    """The whole filing form with `fault()` after CUT answers; checks the stored filing; returns the resident."""
    resident = Resident(profile.base)
    for text, expected in FILING[:CUT]:
        assert expected in resident.say(text), text
    fault()
    for text, expected in FILING[CUT:]:
        reply = resident.say(text, may_retry)
        assert expected in reply, f"after the fault, {text!r} got {reply!r}"
    summary = resident.say(ACTIVITIES, may_retry)
    assert "夕阳红舞蹈队" in summary and "· 负责人手机：13812345678" in summary, summary
    reference = re.search(r"BA-\d{8}-\d{4}", resident.say("确认提交", may_retry))
    assert reference, "no filing reference after 确认提交"
    record = httpx.get(f"{profile.base}/api/filings/{reference.group(0)}", headers=profile.staff).json()
    assert (record["team_name"], record["category"], record["street"], record["member_count"]) == \
        ("夕阳红舞蹈队", "文体活动类", "新华路街道", 25)
    assert record["leader_phone"] == "13812345678" and record["sender_id"] == resident.sender_id
    listing = httpx.get(f"{profile.base}/api/filings", params={"sender_id": resident.sender_id},
                        headers=profile.staff).json()
    assert listing["total"] == 1, listing
    return resident


@pytest.mark.parametrize("name", ["rasa-1", "gateway-1", "actions-1"])
def test_kill9_mid_form_continues_on_the_other_replica(profile: Profile, name: str) -> None:
    killed: list[int] = []
    resident = file_through_fault(profile, lambda: killed.append(profile.kill9(name)))
    assert resident.retries == 0  # the other replica answered every message: no 「请稍后再试」 at all
    assert profile.wait_restarted(name, killed[0]) != killed[0]


@pytest.mark.parametrize("name", ["redis", "postgres"])
def test_kill9_of_a_shared_engine_mid_form(profile: Profile, name: str) -> None:
    """Redis and PostgreSQL have no replica here: the conversation waits for supervisord's restart."""
    def fault() -> None:
        profile.wait_restarted(name, profile.kill9(name), limit_s=120)

    resident = file_through_fault(profile, fault, may_retry=True)
    assert resident.retries <= 1

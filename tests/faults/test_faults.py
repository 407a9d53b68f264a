"""Faults on the production profile (issue 15, item 3): each test walks a resident through the filing form on the
web chat, breaks one process half-way, and finishes the form; right after the kill a WeChat user sends a policy
question, retried by "WeChat" (same MsgId, up to 3 tries 5 s apart) while the process is down.

What must hold after each fault: the very next message is answered with the form's next question (by the other
replica, through HAProxy) — or, while a shared engine (Redis, PostgreSQL) is coming back, with the short
「暂时不可用，请稍后再发一次」 and then, when the resident sends the same answer again, the next question; the answers
given before the fault are in the submitted filing; exactly one filing is stored; supervisord has restarted the
killed process (new pid, healthy on its own port); the WeChat message got exactly one answer (passive reply or
customer-service message), a cited answer or the short request to send it again, never silence. When the killed
process is a gateway, a second WeChat message is in the making on it when it dies (its producer holds the
message's lease in Redis): WeChat's retry reaches the other gateway, which takes the lapsed lease over and
answers — exactly once as well.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable

import httpx
import psycopg
import pytest

from api.services.dialogue import RASA_DOWN
from api.wechat.texts import UNAVAILABLE
from tests.e2e.test_chat_e2e import FILING_ANSWERS
from tests.faults.profile import Profile
from tests.faults.wechat import RetriedMessage, answers_for, post_once, retried_message
from tests.wechat.conftest import FakeWeChatApi, text_xml

FILING = [("我想给我们队备个案", "团队叫什么名字"), *FILING_ANSWERS]  # (what the resident says, the next question)
CUT = 5  # the fault strikes after 「新华路街道」: team name, activity, district and street are answered
ACTIVITIES = "每天晚上跳广场舞，周末排练节目"
WECHAT_QUESTION = "社区社会组织备案需要满足什么条件？"
RESEND = "请稍后再发一次"


class Resident:
    """One browser (its own cookie jar) on the public port; counts the 「请稍后再发一次」 replies it got."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=120)
        self.sender_id = ""
        self.retries = 0

    def say(self, text: str, may_retry: bool = False) -> str:
        """One turn; with `may_retry`, a 「请稍后再发一次」 is answered by sending the same text once more."""
        resp = self.client.post("/api/chat", json={"message": text})
        assert resp.status_code == 200, resp.text
        self.sender_id = resp.json()["sender_id"]
        reply = "\n".join(m["text"] for m in resp.json()["messages"])
        if may_retry and RASA_DOWN in reply and self.retries == 0:
            self.retries += 1
            return self.say(text)
        return reply


def check_answered_once(profile: Profile, api: FakeWeChatApi, message) -> None:  # noqa: ANN001
    """The retried WeChat message reached its user exactly once: a cited answer, or the short resend request."""
    answers = answers_for(message, api)
    assert len(answers) == 1, f"WeChat tries {message.tries}, customer-service sends {answers}"
    assert "《" in answers[0] or RESEND in answers[0], answers[0]


def file_through_fault(profile: Profile, api: FakeWeChatApi, kill: Callable[[], None],
                       recover: Callable[[], None] = lambda: None, may_retry: bool = False) -> Resident:
    """The whole filing form with `kill()` after CUT answers, a retried WeChat message sent right after it, then
    `recover()` (e.g. wait for supervisord's restart); checks the stored filing and the WeChat answer."""
    resident = Resident(profile.base)
    for text, expected in FILING[:CUT]:
        assert expected in resident.say(text), text
    kill()
    message = retried_message(profile.base, profile.secret("WECHAT_TOKEN"), WECHAT_QUESTION)
    recover()
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
    check_answered_once(profile, api, message)
    return resident


def kill9_while_producing(profile: Profile, name: str) -> tuple[int, RetriedMessage]:
    """Send WeChat's try 1 of a new message straight to gateway `name` and SIGKILL it while it produces the reply
    (its record `running` in Redis, leased by that very process); the later tries go through HAProxy."""
    port = profile.env[f"GATEWAY_{name.partition('-')[2]}_PORT"]
    message = retried_message(profile.base, profile.secret("WECHAT_TOKEN"), WECHAT_QUESTION,
                              first_base=f"http://127.0.0.1:{port}")
    key, deadline = f"wx:msg:m:{message.msg_id}", time.monotonic() + 30
    with profile.redis() as store:
        while store.hget(key, "state") != "running":
            assert time.monotonic() < deadline, f"{name} never started producing the WeChat reply"
            time.sleep(0.005)
        assert store.hget(key, "owner").split("/")[1] == str(profile.pid(name))  # this gateway is the producer
        pid = profile.kill9(name)
        assert store.hget(key, "state") == "running", "the reply was finished before the kill: no mid-reply fault"
    return pid, message


@pytest.mark.parametrize("name", ["rasa-1", "gateway-1", "actions-1"])
def test_kill9_mid_form_continues_on_the_other_replica(profile: Profile, wechat_api, name: str) -> None:  # noqa: ANN001
    killed: list[int] = []
    in_the_making: list[RetriedMessage] = []

    def kill() -> None:
        if not name.startswith("gateway"):
            killed.append(profile.kill9(name))
            return
        pid, message = kill9_while_producing(profile, name)
        killed.append(pid)
        in_the_making.append(message)

    resident = file_through_fault(profile, wechat_api[0], kill)
    assert resident.retries == 0  # the other replica answered every message: no 「请稍后再发一次」 at all
    for message in in_the_making:  # its producer died with the gateway; a retry took it over
        check_answered_once(profile, wechat_api[0], message)
        assert message.tries[0] == "error", message.tries  # try 1's connection died with its gateway
    assert profile.wait_restarted(name, killed[0]) != killed[0]


@pytest.mark.parametrize("name", ["redis", "postgres"])
def test_kill9_of_a_shared_engine_mid_form(profile: Profile, wechat_api, name: str) -> None:  # noqa: ANN001
    """Redis and PostgreSQL have no replica here: the conversation waits for supervisord's restart."""
    killed: list[int] = []
    resident = file_through_fault(profile, wechat_api[0], lambda: killed.append(profile.kill9(name)),
                                  lambda: profile.wait_restarted(name, killed[0], limit_s=120), may_retry=True)
    assert resident.retries <= 1


def _rasa(profile: Profile, replica: int, sender: str, text: str) -> httpx.Response:
    """One message straight to Rasa server `replica` (not through HAProxy), as the gateway sends it."""
    return httpx.post(f"http://127.0.0.1:{profile.env[f'RASA_{replica}_PORT']}/webhooks/rest/webhook",
                      json={"sender": sender, "message": text},
                      headers={"X-Rasa-Token": profile.secret("RASA_TOKEN")}, timeout=120)


def test_while_redis_is_down_the_user_is_asked_to_send_again_not_silenced(profile: Profile) -> None:
    """Redis held down (stopped, not killed: a fixed window). Rasa cannot take the conversation's lock: its REST
    channel answers 503 (not an empty 200 the gateway would show as 「收到」); the web chat and WeChat both ask for
    the message again; once Redis is back the same answer moves the form on, and WeChat gets no second reply."""
    resident = Resident(profile.base)
    assert "团队叫什么名字" in resident.say(FILING[0][0])
    assert profile.ctl("stop", "redis").returncode == 0
    try:
        assert _rasa(profile, 1, resident.sender_id, "夕阳红舞蹈队").status_code == 503
        assert resident.say("夕阳红舞蹈队") == RASA_DOWN and RESEND in RASA_DOWN
        wx_token, xml = profile.secret("WECHAT_TOKEN"), text_xml(WECHAT_QUESTION, msg_id=str(time.time_ns()),
                                                                 openid=f"oRedisDown-{time.time_ns()}")
        assert post_once(profile.base, wx_token, xml) == UNAVAILABLE and RESEND in UNAVAILABLE
    finally:
        profile.ctl("start", "redis")
    profile.wait_restarted("redis", -1, limit_s=60)
    assert "哪一类" in resident.say("夕阳红舞蹈队")


def _user_turns(profile: Profile, sender: str) -> list[str]:
    """The user messages of one conversation as Rasa's tracker store (PostgreSQL) holds them, in stored order."""
    with psycopg.connect(host="127.0.0.1", port=int(profile.env["PG_PORT"]), dbname="baiwen_tracker",
                         user="baiwen", password=profile.secret("POSTGRES_PASSWORD")) as conn:
        rows = conn.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return [json.loads(data).get("text") for kind, data in rows if kind == "user"]


def _two_at_once(profile: Profile, head_start_s: float) -> tuple[str, dict, object, float]:
    """The first filing message to rasa-1 and, head_start_s later, the second to rasa-2 (one sender)."""
    sender = f"web:fault-order-{time.time_ns()}"
    first: dict = {}

    def send_first() -> None:
        first["resp"] = _rasa(profile, 1, sender, FILING[0][0])
        first["done"] = time.monotonic()

    thread = threading.Thread(target=send_first)
    thread.start()
    time.sleep(head_start_s)  # the first message has its turn (ticket) before the second arrives
    second_sent = time.monotonic()
    second = _rasa(profile, 2, sender, FILING[1][0])
    thread.join(120)
    return sender, first, second, second_sent


def test_two_messages_at_once_on_two_rasa_replicas_are_processed_in_order(profile: Profile) -> None:
    """The second message reaches rasa-2 while rasa-1 is still handling the first: Redis's lock store makes it
    wait, so it is read against the conversation the first one left (the form's next question), not a stale one.
    How long the first takes depends on the machine, so the head start shrinks until the two overlap."""
    for head_start_s in (0.15, 0.08, 0.04, 0.02, 0.01):
        sender, first, second, second_sent = _two_at_once(profile, head_start_s)
        if second_sent < first["done"]:
            break
    else:
        pytest.fail("the first message was always answered before the second was sent: nothing ran at once")
    assert first["resp"].status_code == 200 and second.status_code == 200
    assert "团队叫什么名字" in " ".join(m.get("text", "") for m in first["resp"].json())
    assert FILING[1][1] in " ".join(m.get("text", "") for m in second.json()), second.json()
    assert _user_turns(profile, sender) == [FILING[0][0], FILING[1][0]]
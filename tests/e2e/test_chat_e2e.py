"""End to end: /api/chat → real Rasa server → real action server → gateway storage → staff API.

The fixture starts all three processes with scripts/run_all.sh on free loopback ports, a temp
database and a temp tracker store; it needs the trained model (`make rasa-model`, part of `make test`).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.stack import StackFailed, _wait_ready, running_stack  # noqa: F401  _wait_ready: used by tests/wechat/test_e2e.py

ROOT = Path(__file__).resolve().parents[2]
STAFF = "e2e-staff-token"


def _model() -> str:
    pointer = ROOT / "var" / "rasa-model"
    model = os.environ.get("RASA_MODEL") or (pointer.read_text().strip() if pointer.is_file() else "")
    if not model or not Path(model).is_file():
        pytest.fail(f"Rasa model {model} missing: run `make rasa-model` first")
    return model


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """All three servers on free ports; yields the gateway base URL and stops everything afterwards."""
    tmp = tmp_path_factory.mktemp("e2e")
    try:
        with running_stack(tmp, RASA_MODEL=_model(), STAFF_TOKEN=STAFF, INTERNAL_TOKEN="e2e-internal") as base:
            # the retriever loads its model on first use; warm it so turn timings reflect a running service
            httpx.post(f"{base}/api/ask", json={"question": "备案", "top_k": 1}, timeout=180)
            yield base
    except StackFailed as exc:
        pytest.fail(str(exc))


_BROWSERS: dict[str, httpx.Client] = {}  # one cookie jar per simulated resident, like one browser each
_SENDER_IDS: dict[str, str] = {}


def say(base: str, who: str, text: str) -> list[dict]:
    """One turn as resident `who`: the gateway's signed cookie (not the body) says who is talking."""
    client = _BROWSERS.setdefault(who, httpx.Client(timeout=60))
    resp = client.post(f"{base}/api/chat", json={"message": text})
    assert resp.status_code == 200, resp.text
    _SENDER_IDS[who] = resp.json()["sender_id"]
    return resp.json()["messages"]


def sender_of(who: str) -> str:
    """The sender id the gateway issued to resident `who` (every /api/chat response names it)."""
    return _SENDER_IDS[who]


def joined(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)


FILING_ANSWERS = [
    ("夕阳红舞蹈队", "哪一类"), ("我们跳广场舞", "哪个区"), ("长宁", "街道"), ("新华路街道", "居委"),
    ("番禺居委", "多少人"), ("大概25个人", "范围"), ("街道范围", "负责人"), ("王秀英", "手机号"),
    ("138 1234 5678", "在哪里活动"), ("番禺小区中心花园", "做什么活动"),
]


def test_filing_end_to_end_with_question_and_correction(stack: str) -> None:
    sender = "web:e2e-filing"
    first = say(stack, sender, "我想给我们队备个案")
    assert "团队叫什么名字" in joined(first)
    for answer, next_question in FILING_ANSWERS:
        assert next_question in joined(say(stack, sender, answer)), answer
    # a policy question mid-form: answered (with citations), then the pending question again
    mid = say(stack, sender, "备案以后可以申请活动场地吗？")
    assert mid[0]["citations"] and "做什么活动" in mid[-1]["text"]
    # a correction of an earlier answer
    assert "139****5678" in joined(say(stack, sender, "电话写错了，应该是13912345678"))
    confirm = say(stack, sender, "每天晚上跳广场舞，周末排练节目")
    text = joined(confirm)
    assert "社区群众活动团队" in text and "· 负责人手机：13912345678" in text
    assert any(c["clause_id"] == "cn-2022/四/（一）/2" for m in confirm for c in m["citations"])
    done = say(stack, sender, "确认提交")
    reference = re.search(r"BA-\d{8}-\d{4}", joined(done)).group(0)
    assert "预备案申请" in joined(done)
    record = httpx.get(f"{stack}/api/filings/{reference}", headers={"Authorization": f"Bearer {STAFF}"}).json()
    assert record["team_name"] == "夕阳红舞蹈队" and record["category"] == "文体活动类"
    assert record["leader_phone"] == "13912345678" and record["member_count"] == 25
    assert record["street"] == "新华路街道" and record["sender_id"] == sender_of(sender) and record["tier"] == "社区群众活动团队"


def test_cancel_submits_nothing(stack: str) -> None:
    sender = "web:e2e-cancel"
    say(stack, sender, "我要给我们队备案")
    say(stack, sender, "晨练太极队")
    assert "没有提交" in joined(say(stack, sender, "算了不办了"))
    listing = httpx.get(f"{stack}/api/filings", params={"sender_id": sender_of(sender)},
                        headers={"Authorization": f"Bearer {STAFF}"}).json()
    assert listing["total"] == 0


def test_free_question_goes_to_policy_qa(stack: str) -> None:
    messages = say(stack, "web:e2e-qa", "社区活动小组归谁管呀")
    assert messages and all("没完全明白" not in m["text"] for m in messages)

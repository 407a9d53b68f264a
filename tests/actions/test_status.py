"""Status lookup (actions/status.py) and the remembered handoff phone: exact events, real HTTP to a gateway stub."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.handoff import ActionHandoff, ActionRememberPhone
from actions.handoff_requests import offers_contact
from actions.status import UNAVAILABLE, ActionCheckStatus, asked_kind, find_reference
from tests.actions.conftest import make_tracker, run

FILING = {"reference": "BA-20261126-0001", "kind": "filing", "title": "备案申请", "label": "夕阳红舞蹈队",
          "status": "已联系", "updated_at": "2026-11-26 14:03", "resident_note": "请周三上午带名单到街道服务中心"}
HANDOFF = {"reference": "RG-20261125-0002", "kind": "handoff", "title": "转人工请求", "label": "",
           "status": "已提交", "updated_at": "2026-11-25 09:10", "resident_note": ""}


def lookups(gateway) -> list[dict]:  # noqa: ANN001
    return [body for path, body, _ in gateway.calls if path == "/internal/requests/lookup"]


@pytest.mark.parametrize("text, reference", [
    ("BA-20261126-0001 进度", "BA-20261126-0001"), ("ba20261126０００１怎么样了", "BA-20261126-0001"),
    ("ＺＸ－２０２６１１２５－０００２办好没", "ZX-20261125-0002"), ("rg-20261124-0007", "RG-20261124-0007"),
    ("查一下我的备案", None), ("BA-2026112-0001", None), ("ABA-20261126-0001", None)])
def test_find_reference(text: str, reference: str | None) -> None:
    assert find_reference(text) == reference


@pytest.mark.parametrize("text, kind", [("查一下我的备案", "filing"), ("注销办好了没", "deregistration"),
                                        ("撤销备案那个申请到哪一步了", "deregistration"),
                                        ("转人工那个有人理我吗", "handoff"), ("我的申请到哪一步了", None)])
def test_asked_kind(text: str, kind: str | None) -> None:
    assert asked_kind(text) == kind


def test_own_reference_shows_status_last_change_and_visible_note(domain, gateway) -> None:
    gateway.lookup_items = [FILING]
    events, messages = run(ActionCheckStatus(), make_tracker("ＢＡ－２０２６１１２６－０００１进度", intent="check_status"),
                           domain)
    assert events == []
    assert lookups(gateway) == [{"sender_id": "web:test", "reference": "BA-20261126-0001"}]
    assert gateway.calls[0][2]["X-Internal-Token"] == "test-internal"
    assert messages[0]["text"] == ("查询结果：\nBA-20261126-0001（备案申请「夕阳红舞蹈队」）：已联系，工作人员正在跟进；"
                                   "最近更新 2026-11-26 14:03。\n工作人员说明：请周三上午带名单到街道服务中心")


def test_unknown_reference_answer_names_only_what_was_typed(domain, gateway) -> None:
    """The gateway answers [] both for a reference of another sender and for one that does not exist,
    so the reply depends on the typed reference alone."""
    gateway.lookup_items = []
    events, messages = run(ActionCheckStatus(), make_tracker("BA-20261126-0009 进度", intent="check_status"), domain)
    assert events == []
    assert messages[0]["text"].startswith("没有查到编号为 BA-20261126-0009 的申请。请核对编号")
    assert "夕阳红" not in messages[0]["text"] and "已联系" not in messages[0]["text"]


def test_everyday_question_lists_the_senders_requests_of_that_kind(domain, gateway) -> None:
    gateway.lookup_items = [FILING]
    events, messages = run(ActionCheckStatus(), make_tracker("我上次交的备案怎么样了", intent="check_status"), domain)
    assert events == [] and lookups(gateway) == [{"sender_id": "web:test", "kind": "filing"}]
    assert messages[0]["text"].startswith("查询结果：\nBA-20261126-0001（备案申请「夕阳红舞蹈队」）：已联系")
    gateway.lookup_items = [FILING, HANDOFF]
    _events, messages = run(ActionCheckStatus(), make_tracker("我的申请到哪一步了", intent="check_status"), domain)
    assert lookups(gateway)[-1] == {"sender_id": "web:test"}
    assert messages[0]["text"].splitlines()[0] == "您最近的申请（最新在前）："
    assert "2. RG-20261125-0002（转人工请求）：已提交，等待工作人员查看；最近更新 2026-11-25 09:10。" in messages[0]["text"]


def test_nothing_submitted_yet(domain, gateway) -> None:
    _events, messages = run(ActionCheckStatus(), make_tracker("注销办好了没", intent="check_status"), domain)
    assert messages[0]["text"].startswith("在这里还没有查到您提交的注销/撤销备案申请。")


def test_a_procedure_question_read_as_check_status_is_answered_as_policy(domain, gateway) -> None:
    """「不备案会怎么样」 asks about the rules, not about an earlier request: answered with citations."""
    events, messages = run(ActionCheckStatus(), make_tracker("不备案会怎么样", intent="check_status"), domain)
    assert lookups(gateway) == [] and [c[0] for c in gateway.calls] == ["/api/ask"]
    assert messages[0]["custom"]["citations"]
    _events, _messages = run(ActionCheckStatus(), make_tracker("我们的备案呢", intent="check_status"), domain)
    assert lookups(gateway) == [{"sender_id": "web:test", "kind": "filing"}]
    for text in ("我提交的申请呢？", "我的申请有消息了吗"):
        run(ActionCheckStatus(), make_tracker(text, intent="check_status"), domain)
    assert len(lookups(gateway)) == 3


def test_gateway_down_is_said_plainly(domain, gateway) -> None:
    gateway.fail = True
    events, messages = run(ActionCheckStatus(), make_tracker("查一下我的备案", intent="check_status"), domain)
    assert events == [] and messages[0]["text"] == UNAVAILABLE


@pytest.mark.parametrize("text, offered", [("我的电话是13812345678", True), ("13812345678", True),
                                           ("手机号：138 1234 5678", True), ("转人工，电话13812345678", True),
                                           ("我的电话13812345678，备案要什么材料", False), ("转人工", False)])
def test_what_counts_as_offering_a_contact(text: str, offered: bool) -> None:
    assert offers_contact(text) is offered


def test_a_phone_offered_earlier_is_remembered_and_sent_with_a_later_handoff(domain, gateway) -> None:
    events, messages = run(ActionRememberPhone(), make_tracker("我的电话是13812345678", intent="inform"), domain)
    assert events == [SlotSet("contact_phone", "13812345678")] and messages == []
    events, _ = run(ActionRememberPhone(), make_tracker("我电话13812345678，备案要什么材料", intent="ask_policy"), domain)
    assert events == []
    # the earlier message as the tracker store gives it back (masked); the slot still holds the number
    later = make_tracker("转人工", intent="human_handoff", slots={"contact_phone": "13812345678"},
                         history=["我的电话是138****5678"])
    events, messages = run(ActionHandoff(), later, domain)
    assert events == []
    assert gateway.calls[-1][1]["data"] == {"message": "转人工", "recent_messages": ["我的电话是138****5678", "转人工"],
                                            "active_flow": None, "contact_phone": "13812345678"}
    assert "您留的手机号已一并记录" in messages[0]["text"]

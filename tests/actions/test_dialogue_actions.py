"""Policy QA, handoff and cancel actions (exact events, real HTTP to a gateway stub)."""
from __future__ import annotations

import pytest

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.cancel import ActionCancelFlow
from actions.handoff import ActionHandoff
from actions.policy_qa import NOT_FOUND, UNAVAILABLE, ActionPolicyQA
from tests.actions.conftest import make_tracker, run


def test_policy_qa_answers_with_citations(domain, gateway) -> None:
    events, messages = run(ActionPolicyQA(), make_tracker("活动团队谁来负责", intent="ask_policy"), domain)
    assert events == []
    assert messages[0]["text"] == "备案由街道（镇）负责实施。"
    assert messages[0]["custom"]["citations"][0]["clause_id"] == "cn-2022/四/（一）/2"


def test_policy_qa_is_honest_when_not_confident(domain, gateway) -> None:
    gateway.ask_answer = {"answer": "也许是 500 元", "confident": False, "citations": []}
    _events, messages = run(ActionPolicyQA(), make_tracker("开办补贴多少钱"), domain)
    assert messages[0]["text"] == NOT_FOUND and "500" not in messages[0]["text"]


def test_policy_qa_when_gateway_down(domain, gateway) -> None:
    gateway.fail = True
    _events, messages = run(ActionPolicyQA(), make_tracker("备案要啥材料"), domain)
    assert messages[0]["text"] == UNAVAILABLE


def test_handoff_stores_rg_request_and_is_honest(domain, gateway) -> None:
    tracker = make_tracker("转人工，电话13812345678", intent="human_handoff", history=["备案要多久"])
    events, messages = run(ActionHandoff(), tracker, domain)
    assert events == []
    assert gateway.calls[0][1] == {"kind": "handoff", "sender_id": "web:test", "data": {
        "message": "转人工，电话13812345678", "recent_messages": ["备案要多久", "转人工，电话13812345678"],
        "active_flow": None, "contact_phone": "13812345678"}}
    assert "RG-20261122-0001" in messages[0]["text"] and "不是实时人工客服" in messages[0]["text"]


def test_a_repeated_handoff_says_it_joined_the_first_request(domain, gateway) -> None:
    gateway.merged = True
    tracker = make_tracker("转人工 13812345678", intent="human_handoff", history=["我要找真人问问 能不能打个电话给我"])
    _, messages = run(ActionHandoff(), tracker, domain)
    assert messages[0]["text"].startswith("已补充到编号 RG-20261122-0001") and "没有另外登记" in messages[0]["text"]


def test_a_number_sent_right_after_a_handoff_joins_that_request(domain, gateway) -> None:
    """The handoff reply says 「直接回复手机号即可」: the bare number files into the same request."""
    tracker = make_tracker("13700002222", history=["转人工"])
    tracker.events.insert(-1, {"event": "bot", "text": "编号 RG-1：已登记转人工请求。…直接回复手机号即可"})
    gateway.merged = True
    _events, messages = run(ActionPolicyQA(), tracker, domain)
    assert gateway.calls[0][1]["data"]["contact_phone"] == "13700002222"
    assert messages[0]["text"].startswith("已补充到编号") and "手机号已一并记录" in messages[0]["text"]
    later = make_tracker("13700002222", history=["转人工", "备案要啥材料"])  # not right after: no request
    later.events.insert(1, {"event": "bot", "text": "编号 RG-1：已登记转人工请求。"})
    gateway.calls.clear()
    _events, messages = run(ActionPolicyQA(), later, domain)
    assert not any(c[0] == "/internal/requests" or c[1].get("kind") == "handoff" for c in gateway.calls if c[1])


def test_a_request_for_a_person_the_classifier_missed_files_the_handoff(domain, gateway) -> None:
    _events, messages = run(ActionPolicyQA(), make_tracker("这个太复杂了，能不能找个工作人员帮我填"), domain)
    assert gateway.calls[0][1]["kind"] == "handoff" and "RG-" in messages[0]["text"]


@pytest.mark.parametrize("text", ["楼下广场舞太吵了，该去哪里投诉？", "我们社会组织的人工资都不高，政府买服务吗",
                                  "民政局会派人来辅导吗？", "团队找不到负责人怎么办", "工作人员的培训有哪些"])
def test_a_question_with_words_of_handoff_in_it_is_answered(domain, gateway, text: str) -> None:
    run(ActionPolicyQA(), make_tracker(text, intent="ask_policy"), domain)
    assert [c[0] for c in gateway.calls] == ["/api/ask"], text


@pytest.mark.parametrize("text, asks", [("需要专业的人来带", False), ("你是真人还是机器人？", False),
                                        ("能不能派个人来看看", True), ("我要找真人", True)])
def test_people_in_a_sentence_are_no_request_for_a_person(text: str, asks: bool) -> None:
    from actions.handoff_requests import asks_for_a_person
    assert asks_for_a_person(text) is asks


def test_a_number_after_a_reply_that_filed_nothing_files_nothing(domain, gateway) -> None:
    from actions.handoff import NOT_ASKED
    tracker = make_tracker("13700002222", history=["三十来个人吧"])
    tracker.events.insert(-1, {"event": "bot", "text": NOT_ASKED})
    run(ActionPolicyQA(), tracker, domain)
    assert not any((c[1] or {}).get("kind") == "handoff" for c in gateway.calls)


def test_cancel_inside_a_form_submits_nothing(domain, gateway) -> None:
    tracker = make_tracker("不办了", intent="cancel", form="filing_form", slots={"team_name": "夕阳红"})
    events, messages = run(ActionCancelFlow(), tracker, domain)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("flow_after", None),
                      *[SlotSet(s, None) for s in domain["forms"]["filing_form"]["required_slots"]]]
    assert "没有提交" in messages[0]["text"] and gateway.calls == []  # nor is a self-check offered after it later


def test_answer_mistaken_for_cancel_is_taken_as_the_answer(domain, gateway) -> None:
    slots = {"team_name": "夕阳红舞蹈队", "requested_slot": "activity_place"}
    tracker = make_tracker("主要是七宝老街茶馆，下雨天就不搞了", intent="cancel", form="filing_form", slots=slots)
    events, messages = run(ActionCancelFlow(), tracker, domain)
    assert events == [SlotSet("activity_place", "主要是七宝老街茶馆，下雨天就不搞了"), FollowupAction("filing_form")]
    assert messages == []
    unclear = make_tracker("停车管理小组？", intent="cancel", form="filing_form",
                           slots={"team_name": "夕阳红", "requested_slot": "activity_place"})
    events, _ = run(ActionCancelFlow(), unclear, domain)
    assert events[-1] == FollowupAction("filing_form") and SlotSet("activity_place", "停车管理小组？") not in events


@pytest.mark.parametrize("text, cancel", [("取消", True), ("算了不弄了", True), ("先不填了，下次再说", True),
                                          ("主要是七宝老街茶馆，下雨天就不搞了", False), ("结束", True),
                                          ("不想说", False), ("不想填了", True),
                                          ("不办了会怎样", False), ("中途退出的话会有什么影响", False),
                                          ("不填了，能不能下次再说", True)])
def test_what_counts_as_cancel(text: str, cancel: bool) -> None:
    from actions.cancel import means_cancel

    assert means_cancel(text) is cancel


def test_an_answer_mistaken_for_handoff_inside_a_form_is_taken(domain, gateway) -> None:
    slots = {"dereg_org_type": "team", "requested_slot": "dereg_contact"}
    tracker = make_tracker("联系人戴晓敏，电话17757705326", intent="human_handoff", form="deregistration_form",
                           slots=slots)
    events, _ = run(ActionHandoff(), tracker, domain)
    assert SlotSet("dereg_contact", "17757705326") in events and gateway.calls == []


def test_call_me_at_the_contact_step_is_the_answer_and_files_no_handoff(domain, gateway) -> None:
    """「有事打电话给我」 is how a contact is given; only 人工/客服/真人 ask for a person whatever the step."""
    slots = {"dereg_org_type": "team", "requested_slot": "dereg_contact"}
    tracker = make_tracker("有事打电话给我，13812345678", intent="human_handoff", form="deregistration_form", slots=slots)
    events, _ = run(ActionHandoff(), tracker, domain)
    assert SlotSet("dereg_contact", "13812345678") in events and gateway.calls == []
    asked = make_tracker("转人工吧，13812345678", intent="human_handoff", form="deregistration_form", slots=slots)
    run(ActionHandoff(), asked, domain)
    assert [c[0] for c in gateway.calls] == ["/internal/requests"]


def test_policy_qa_when_gateway_is_too_slow(domain, gateway, monkeypatch) -> None:
    monkeypatch.setenv("GATEWAY_TIMEOUT_S", "0.2")
    gateway.delay_s = 1.0
    _events, messages = run(ActionPolicyQA(), make_tracker("备案要啥材料"), domain)
    assert messages[0]["text"] == UNAVAILABLE


def test_handoff_only_on_an_explicit_request(domain, gateway) -> None:
    from actions.handoff import NOT_ASKED
    from actions.handoff_requests import asks_for_a_person

    in_form = make_tracker("三十来个人吧", intent="human_handoff", form="filing_form", slots={"team_name": "夕阳红"})
    events, messages = run(ActionHandoff(), in_form, domain)
    assert events == [] and messages == [] and gateway.calls == []  # the form re-asks its question
    events, messages = run(ActionHandoff(), make_tracker("三十来个人吧", intent="human_handoff"), domain)
    assert events == [] and messages[0]["text"] == NOT_ASKED and gateway.calls == []
    for text in ("转人工", "/human_handoff", "能不能让工作人员联系我", "找真人", "我是居委干部，请工作人员回个电话",
                 "我在找街道的工作人员", "我是想找工作人员问问", "我们是想让工作人员帮忙看看", "作为居民我想找工作人员"):
        assert asks_for_a_person(text), text
    # the writer saying who they are asks for no one
    for text in ("您好，我是月坛街道的工作人员，现协助辖区一支群众团队办理预备案", "作为居委会工作人员，我想了解注销流程",
                 "我们是社区工作人员，帮居民的合唱团备个案"):
        assert not asks_for_a_person(text), text


def test_every_trained_handoff_phrasing_counts_as_explicit() -> None:
    import yaml

    from actions.handoff_requests import asks_for_a_person

    data = yaml.safe_load(open("bot/data/nlu/handoff.yml", encoding="utf-8"))
    examples = [line[2:].strip() for block in data["nlu"] if block.get("intent") == "human_handoff"
                for line in block["examples"].splitlines() if line.startswith("- ")]
    assert examples and not [e for e in examples if not asks_for_a_person(e)]


def test_a_weak_cancel_word_that_is_also_the_answer_is_the_answer(domain, gateway) -> None:
    slots = {"dereg_org_type": "team", "requested_slot": "dereg_reason"}
    tracker = make_tracker("不搞了，解散", intent="cancel", form="deregistration_form", slots=slots)
    events, _ = run(ActionCancelFlow(), tracker, domain)
    assert events == [SlotSet("dereg_reason", "dissolved"), FollowupAction("deregistration_form")]
    explicit = make_tracker("取消，不弄了", intent="cancel", form="deregistration_form", slots=slots)
    assert run(ActionCancelFlow(), explicit, domain)[0][0] == ActiveLoop(None)


def test_a_complaint_inside_a_form_files_a_handoff_not_a_team_name(domain, gateway) -> None:
    tracker = make_tracker("我要投诉", intent="human_handoff", form="filing_form", requested="team_name")
    events, messages = run(ActionHandoff(), tracker, domain)
    assert [c[0] for c in gateway.calls] == ["/internal/requests"] and "编号" in messages[0]["text"]

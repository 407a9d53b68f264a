"""Short follow-ups on the last policy answer (「那团队呢」「如果是备案类的呢」「下一条呢」): sent to /api/ask with the kept
context whatever intent NLU gave them, and never stored as a form's value (exact events, gateway stub)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.opening import ActionOpenFlow
from tests.actions.conftest import make_tracker, run, validate_form
from tests.actions.test_policy_qa import CONTEXT_EVENTS, PREVIOUS, SENT, answer

FOLLOW_UPS = ["那北京呢", "温州有吗", "下一条呢", "上一条讲啥", "最后一条呢", "第二阶段具体干啥", "备注那段说了啥",
              "那对老年人呢", "那团队呢", "如果是备案类的呢", "这个文件还有效吗", "谁发的", "文号多少", "那这个要多久"]
NOT_FOLLOW_UPS = ["那我们也想备案", "那帮我们备个案吧", "我要注销", "下一站舞蹈队", "团队之家", "下一条", "上一步",
                  "那个夕阳红舞蹈队呢", "那我们想备案呢", "怎么备案", "好的"]
NO_FLOW = SlotSet("flow_start", "none")


@pytest.mark.parametrize("text", FOLLOW_UPS)
def test_follow_ups_are_read_as_such(text: str) -> None:
    assert parsing.follows_up(text) and parsing.follows_up(text + "？")
    assert parsing.parse_team_name(text) is None


@pytest.mark.parametrize("text", NOT_FOLLOW_UPS)
def test_requests_names_and_answers_are_no_follow_ups(text: str) -> None:
    assert not parsing.follows_up(text)


@pytest.mark.parametrize("text", ["下一站舞蹈队", "团队之家"])
def test_team_names_that_start_like_a_follow_up_are_still_names(text: str) -> None:
    assert parsing.parse_team_name(text) == text


@pytest.mark.parametrize("text, intent, offered", [
    ("那团队呢", "affirm", None),  # was 「好的。还有其他需要帮忙的吗？」
    ("如果是备案类的呢", "start_filing", "filing"),  # was the filing form, started without asking
    ("下一条呢", "affirm", None),
    ("最后一条呢", "cancel", None),
    ("那对老年人呢", "check_support", None),
    ("第二阶段具体干啥", "start_filing", None),
    ("谁来管", "affirm", None),  # was 「好的。还有其他需要帮忙的吗？」 (found by the resident)
    ("那要多久啊", "affirm", None),
])
def test_a_misread_follow_up_gets_the_policy_answer_with_the_kept_context(domain, gateway, text, intent,
                                                                        offered) -> None:
    gateway.ask_answer = answer()
    events, messages = run(ActionOpenFlow(), make_tracker(text, intent=intent, slots=PREVIOUS), domain)
    assert [(path, body) for path, body, _ in gateway.calls] == [
        ("/api/ask", {"question": text, "region": None, "top_k": 3, "context": SENT})]
    offer = [SlotSet("flow_offer", offered)] if offered else []
    assert events == [*CONTEXT_EVENTS, *offer, NO_FLOW]
    assert messages[0]["text"] == "备案由街道（镇）负责实施。"


def test_a_follow_up_after_an_offer_drops_the_offer(domain, gateway) -> None:
    gateway.ask_answer = answer()
    tracker = make_tracker("那团队呢", intent="affirm", slots={**PREVIOUS, "flow_offer": "eligibility"})
    events, _ = run(ActionOpenFlow(), tracker, domain)
    assert events == [*CONTEXT_EVENTS, SlotSet("flow_offer", None), NO_FLOW]


@pytest.mark.parametrize("text, intent, flow", [
    ("那我们也想备案", "start_filing", "filing"),
    ("那帮我们备个案吧", "start_filing", "filing"),
    ("我要注销", "start_deregistration", "deregistration"),
])
def test_a_real_request_after_an_answer_still_starts_its_form(domain, gateway, text, intent, flow) -> None:
    events, _ = run(ActionOpenFlow(), make_tracker(text, intent=intent, slots=PREVIOUS), domain)
    assert not gateway.calls
    assert events == [SlotSet("flow_offer", None), SlotSet("flow_start", flow)]


def test_without_a_kept_answer_nothing_changes(domain, gateway) -> None:
    events, messages = run(ActionOpenFlow(), make_tracker("那团队呢", intent="affirm"), domain)
    assert not gateway.calls and events == [NO_FLOW]
    assert [m["response"] for m in messages] == ["utter_anything_else"]


@pytest.mark.parametrize("form, slot", [("filing_form", "team_name"), ("deregistration_form", "dereg_org_name")])
@pytest.mark.parametrize("text", ["下一条呢", "那团队呢", "如果是备案类的呢", "最后一条呢"])
def test_inside_a_form_a_follow_up_is_a_side_question_never_a_name(domain, gateway, form, slot, text) -> None:
    gateway.ask_answer = answer()
    events, _ = validate_form(form, slot, text, domain, intent="ask_policy", slots=PREVIOUS)
    assert events == [SlotSet(slot, None), *CONTEXT_EVENTS]
    assert gateway.calls[0][1]["context"] == SENT


@pytest.mark.parametrize("text", ["下一站舞蹈队", "团队之家"])
def test_inside_a_form_real_names_are_still_stored(domain, gateway, text) -> None:
    events, _ = validate_form("filing_form", "team_name", text, domain, slots=PREVIOUS)
    assert events == [SlotSet("team_name", text)] and not gateway.calls


def test_a_short_question_naming_a_flow_is_the_flow_s_own_question(domain, gateway) -> None:
    from actions.policy_qa import follows_up_answer

    assert not follows_up_answer(make_tracker("怎么备案", intent="start_filing", slots=PREVIOUS), "怎么备案")
    assert not follows_up_answer(make_tracker("好的", intent="affirm", slots=PREVIOUS), "好的")
    assert not follows_up_answer(make_tracker("谁来管", intent="affirm"), "谁来管")  # no answer before it

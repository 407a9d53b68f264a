"""A side question typed while a form waits for an answer is answered, never stored (issue 11 item 3).

For every slot of the three forms — free-text steps, option steps, yes/no steps and the final
confirmations — each side question of tests/actions/side_questions_every_step.yml (our own, many of them
with words that look like an option or a yes/no: 「评3A有啥用啊」「不备案行不行」) and each dev-half side
question of the phrasing bank is run through the form's validator with the earlier answers filled. The
validator must store nothing (no form slot gets a value) and send the text to /api/ask (the gateway
stub records it): the answer is given and the pending question asked again. The NLU intent given is
the misleading one (inform; affirm and deny at a yes/no step), so the words alone must tell a question.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.dialogue.bank import load_bank
from tests.actions.conftest import FORMS, make_tracker, run

F, D, E = "filing_form", "deregistration_form", "eligibility_form"
FILING = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "番禺居委", "member_count": 20, "activity_scope": "community", "leader_name": "王秀英",
          "leader_phone": "13812345678", "activity_place": "小区花园", "activities": "跳舞", "filing_confirmed": None}
DEREG = {"dereg_org_type": "team", "dereg_org_name": "夕阳红舞蹈队", "dereg_region": "长宁区新华路街道",
         "dereg_reason": "dissolved", "dereg_contact": "13812345678", "dereg_confirmed": None}
ELIG = {"region": "上海市长宁区", "org_kind": "备案类", "grade": "无", "service_fields": ["养老"],
        "newly_founded": True, "support_needs": ["资金"], "hires_key_groups": False, "has_party_org": None}
ANSWERS = {F: FILING, D: DEREG, E: ELIG}
YES_NO = {"filing_confirmed", "dereg_confirmed", "newly_founded", "hires_key_groups", "has_party_org"}
STEPS = [(form, slot) for form, answers in ANSWERS.items() for slot in answers]


def _questions() -> list[str]:
    """Our own list, then the bank's dev-half side questions without {placeholders}."""
    own = yaml.safe_load((Path(__file__).with_name("side_questions_every_step.yml")).read_text(encoding="utf-8"))
    bank = [str(q["text"]) for q in load_bank().half("dev").side_questions if "{" not in str(q["text"])]
    return list(dict.fromkeys([*own["side_questions"], *bank]))


QUESTIONS = _questions()


def _before(form: str, slot: str) -> dict:
    """The form's answers before `slot` (the pending question)."""
    keys = list(ANSWERS[form])
    return {k: ANSWERS[form][k] for k in keys[:keys.index(slot)]}


def _failure(form: str, slot: str, text: str, intent: str, gateway, domain: dict) -> str:
    """Why this side question at this step was mishandled; empty when it was answered and nothing stored."""
    gateway.calls.clear()
    tracker = make_tracker(text, intent=intent, requested=slot, form=form, slots=_before(form, slot))
    events, _messages = run(FORMS[form](), tracker, domain)
    stored = {e["name"]: e["value"] for e in events if e.get("event") == "slot" and e.get("name") in ANSWERS[form]
              and e.get("value") is not None}
    asked = [body.get("question") for path, body, _h in gateway.calls if path == "/api/ask"]
    if stored:
        return f"{text!r} ({intent}): stored {stored}"
    if not asked:
        return f"{text!r} ({intent}): not answered"
    return ""


def test_the_lists_are_there() -> None:
    assert len(QUESTIONS) >= 150 and all("{" not in q for q in QUESTIONS)


@pytest.mark.parametrize("form, slot", STEPS)
def test_a_side_question_at_every_step_is_answered_and_not_stored(form, slot, gateway, domain) -> None:
    intents = ("affirm", "deny") if slot in YES_NO else ("inform",)
    failures = [f for f in (_failure(form, slot, text, intent, gateway, domain) for text in QUESTIONS
                            for intent in intents) if f]
    assert not failures, f"{form}.{slot}: {len(failures)}/{len(QUESTIONS)}\n" + "\n".join(failures)


@pytest.mark.parametrize("form, slot", STEPS)
def test_a_side_question_nlu_read_as_cancel_is_answered_and_stops_nothing(form, slot, gateway, domain) -> None:
    """Inside a form the cancel intent goes to action_cancel_flow (the slot mappings skip it): a question with
    a weak stop word (「可以不填身份证吗」) is still a question, answered, and the form goes on."""
    from actions.cancel import ActionCancelFlow

    failures = []
    for text in QUESTIONS:
        gateway.calls.clear()
        tracker = make_tracker(text, intent="cancel", form=form, slots={**_before(form, slot), "requested_slot": slot})
        events, _messages = run(ActionCancelFlow(), tracker, domain)
        stopped = any(e.get("event") == "active_loop" and e.get("name") is None for e in events)
        stored = [e for e in events if e.get("name") in ANSWERS[form] and e.get("value") is not None]
        if stopped or stored or not [c for c in gateway.calls if c[0] == "/api/ask"]:
            failures.append(f"{text!r}: stopped={stopped} stored={stored}")
    assert not failures, f"{form}.{slot}:\n" + "\n".join(failures)


@pytest.mark.parametrize("form, slot, text, value", [
    (E, "grade", "3A", "3A"), (E, "grade", "评了3A", "3A"), (E, "grade", "没评过", "无"),
    (F, "filing_confirmed", "是的", True), (F, "filing_confirmed", "对，没问题", True), (F, "filing_confirmed", "确认", True),
    (D, "dereg_confirmed", "是的", True), (D, "dereg_confirmed", "可以，提交吧", True),
    (E, "newly_founded", "是的", True), (E, "newly_founded", "不是", False), (E, "hires_key_groups", "没有", False),
    (E, "has_party_org", "有的", True), (F, "category", "文体类", "文体活动类"), (F, "category", "公益慈善类", "公益慈善类"),
    (F, "activity_scope", "可以跨街道", "district"), (D, "dereg_reason", "解散了", "dissolved"),
    (D, "dereg_org_type", "街道备案的团队", "team"), (E, "org_kind", "备案类", "备案类"),
    (E, "support_needs", "资金和场地", ["资金", "场地"]), (E, "service_fields", "养老", ["养老"]),
])
def test_real_answers_at_those_steps_are_still_stored(form, slot, text, value, gateway, domain) -> None:
    intent = "affirm" if slot in YES_NO else "inform"
    tracker = make_tracker(text, intent=intent, requested=slot, form=form, slots=_before(form, slot))
    events, _messages = run(FORMS[form](), tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": slot, "value": value} in events or \
        any(e.get("name") == slot and e.get("value") == value for e in events)
    assert not [c for c in gateway.calls if c[0] == "/api/ask"]


@pytest.mark.parametrize("text, asks", [
    ("3A等级的好处", True), ("跨街道活动的规定", True), ("扶持资金一般几月份发下来", True), ("管理科在几楼", True),
    ("帮我查下居委会的电话", True), ("学习党的政策", False), ("宣传垃圾分类政策", False), ("每周活动两次", False),
    ("几个居委一起", False),
])
def test_keyword_queries_and_requests_ask_and_answers_do_not(text, asks) -> None:
    from actions import parsing

    assert parsing.looks_like_question(text) is asks


@pytest.mark.parametrize("text, remark", [("哈哈你好聪明啊", True), ("你们真厉害", True), ("您好，我们叫夕阳红舞蹈队", False)])
def test_a_remark_to_the_assistant_is_told_apart(text, remark) -> None:
    from actions import parsing

    assert parsing.remarks_to_bot(text) is remark


@pytest.mark.parametrize("form, slot, text", [
    (F, "activities", "宣传垃圾分类的政策"), (F, "activities", "教老年人防诈骗的办法"), (F, "activities", "教老人唱几首红歌"),
    (F, "activities", "帮几家困难户修水电"), (F, "activities", "每周六练几小时太极"), (F, "activities", "帮忙看一下孤寡老人"),
    (F, "activity_place", "小区几号楼下面的空地"), (F, "activity_place", "每月几号在居委会议室"),
    (F, "team_name", "迷你棒球队"), (F, "team_name", "几家亲邻里互助队"), (F, "community", "新华居委，你好棒"),
    (F, "filing_confirmed", "可以可以，你们真贴心"), (D, "dereg_reason", "合并到别的队了，按街道的规定"),
    (E, "support_needs", "钱倒有点紧张"), (E, "support_needs", "已经有一年多没经费了"),
])
def test_answers_that_look_like_questions_in_part_are_still_stored(form, slot, text, gateway, domain) -> None:
    """Found in review: 「…的政策/办法」 in a description, 几 as "a few", 帮忙看, a compliment after the answer."""
    intent = "affirm" if slot in YES_NO else "inform"
    tracker = make_tracker(text, intent=intent, requested=slot, form=form, slots=_before(form, slot))
    events, _messages = run(FORMS[form](), tracker, domain)
    assert any(e.get("name") == slot and e.get("value") not in (None, "") for e in events), (text, events)
    assert not [c for c in gateway.calls if c[0] == "/api/ask"]

"""Eligibility form: answers → profile (the rules engine itself is tested in tests/actions_rules)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import eligibility as E
from actions import eligibility_answers as A
from tests.actions.conftest import make_tracker, run


def validate(text: str, requested: str, domain: dict, intent: str = "nlu_fallback"):
    tracker = make_tracker(text, intent=intent, requested=requested, form="eligibility_form")
    return run(E.ValidateEligibilityForm(), tracker, domain)[0]


@pytest.mark.parametrize("text, region", [
    ("上海长宁", "上海市长宁区"), ("浦东", "上海市浦东新区"), ("就在上海", "上海市"), ("温州鹿城", "浙江省温州市"),
    ("北京朝阳", "北京市朝阳区"), ("广州", "广州"), ("常宁", "上海市长宁区"), ("常宁区", "上海市长宁区"), ("西湖区", "西湖区"), ("不知道", None),
])
def test_region(text: str, region) -> None:
    assert A.normalize_region(text) == region


@pytest.mark.parametrize("text, grade", [("3A", "3A"), ("AAAA", "4A"), ("五A", "5A"), ("没评过", A.NO_GRADE),
                                         ("没有评估等级", A.NO_GRADE), ("不清楚", None)])
def test_grade(text: str, grade) -> None:
    assert A.parse_grade(text) == grade


def test_slots_validated(domain) -> None:
    assert validate("我们是街道备案的团队", "org_kind", domain) == [SlotSet("org_kind", "备案类")]
    assert validate("为老服务和帮困", "service_fields", domain) == [SlotSet("service_fields", ["养老", "济困"])]
    assert validate("缺钱也缺地方", "support_needs", domain) == [SlotSet("support_needs", ["资金", "场地"])]
    assert validate("没有", "has_party_org", domain) == [SlotSet("has_party_org", False)]
    assert validate("啥意思", "newly_founded", domain, intent="chitchat") == [SlotSet("newly_founded", None)]


def test_profile_matches_the_engine_contract() -> None:
    slots = {"region": "上海市长宁区", "org_kind": "备案类", "grade": A.NO_GRADE, "service_fields": ["养老"],
             "newly_founded": True, "support_needs": ["场地"], "hires_key_groups": False, "has_party_org": False}
    assert E.profile_from(make_tracker(slots=slots)) == {
        "region": "上海市长宁区", "org_kind": "备案类", "grade": None, "fields": ["养老"], "newly_founded": True,
        "needs": ["场地"], "hires_key_groups": False, "has_party_org": False}


def test_result_uses_the_engine_and_cites_its_clauses(domain) -> None:
    import actions.eligibility_rules  # noqa: F401  the engine the result uses: a broken import must fail, not skip
    slots = {"region": "上海市长宁区", "org_kind": "备案类", "grade": A.NO_GRADE, "service_fields": ["养老"],
             "newly_founded": True, "support_needs": ["资金", "场地"], "hires_key_groups": False, "has_party_org": False}
    events, messages = run(E.ActionEligibilityResult(), make_tracker(slots=slots), domain)
    assert "不是审批结果" in messages[0]["text"]
    assert messages[0]["custom"]["citations"], "every measure shown must carry its clause"
    assert events == [SlotSet(s, None) for s in domain["forms"]["eligibility_form"]["required_slots"]]


def test_a_place_no_document_covers_ends_the_questions(domain) -> None:
    events = validate("杭州西湖区", "region", domain)
    assert events[0] == SlotSet("region", "杭州西湖区")
    assert {e["name"] for e in events} >= set(E.UNCOVERED_PROFILE)
    assert validate("上海长宁", "region", domain) == [SlotSet("region", "上海市长宁区")]


@pytest.mark.parametrize("text, told", [("才成立三个月", True), ("去年年底刚组建的", True), ("2010年就有了", False),
                                        ("我们是老队伍啦，快二十年了", False), ("是", None)])
def test_founded_recently_from_everyday_words(text: str, told) -> None:
    assert A.founded_recently(text) is told


@pytest.mark.parametrize("text, needs", [("资金跟场地都缺", ["资金", "场地"]), ("场地吧，钱倒还好", ["场地"]),
                                         ("都需要", ["资金", "场地", "人才", "项目"]), ("缺人", ["人才"])])
def test_needs_named_negated_or_all(text: str, needs) -> None:
    assert A.parse_needs(text) == needs


def test_no_such_grade_and_neither_kind() -> None:
    assert A.parse_grade("A") is None and A.parse_grade("6A") is None
    assert A.parse_org_kind("还没备案也没登记") is None


def test_an_item_added_later_joins_the_earlier_list(domain) -> None:
    tracker = make_tracker("再加一个，场地也缺", requested="hires_key_groups", form="eligibility_form",
                           slots={"support_needs": ["人才"]})
    events, messages = run(E.ValidateEligibilityForm(), tracker, domain)
    assert events == [SlotSet("support_needs", ["人才", "场地"]), SlotSet("hires_key_groups", None)]
    assert messages[0]["text"] == "好的，已加上：场地。"


def test_a_list_answer_is_replaced_and_a_question_at_a_yes_no_step_is_answered(domain, gateway) -> None:
    tracker = make_tracker("不要资金了，主要是缺场地", requested="hires_key_groups", form="eligibility_form",
                           slots={"support_needs": ["资金"]})
    events, messages = run(E.ValidateEligibilityForm(), tracker, domain)
    assert events == [SlotSet("support_needs", ["场地"]), SlotSet("hires_key_groups", None)]
    asked = make_tracker("搞活动要不要提前报备呀", requested="has_party_org", form="eligibility_form")
    events, messages = run(E.ValidateEligibilityForm(), asked, domain)
    assert events[0] == SlotSet("has_party_org", None) and messages[0]["custom"]["citations"]
    assert [c[0] for c in gateway.calls] == ["/api/ask"]


@pytest.mark.parametrize("slot", ["newly_founded", "hires_key_groups", "has_party_org"])
def test_an_acknowledgement_is_no_yes_at_a_question_of_fact(domain, gateway, slot: str) -> None:
    """「好的」 to 「有没有吸纳重点群体就业？」 is re-asked (it listed an employment subsidy); 「有的」「嗯」 answer."""
    for text in ("好的", "行", "OK", "好滴~", "好的好的", "嗯好的", "行行行", "收到了", "知道"):
        events, _messages = run(E.ValidateEligibilityForm(), make_tracker(text, intent="affirm", requested=slot,
                                                                         form="eligibility_form"), domain)
        assert events[0] == SlotSet(slot, None), text
    for text in ("有的", "嗯", "是的"):
        events, _messages = run(E.ValidateEligibilityForm(), make_tracker(text, intent="affirm", requested=slot,
                                                                         form="eligibility_form"), domain)
        assert events[0] == SlotSet(slot, True), text


@pytest.mark.parametrize("text, kind", [("没在民政局登记，只是备案", "备案类"), ("我们没登记", "备案类"),
                                        ("在民政局登记的民非", "法人类登记")])
def test_org_kind_with_a_negation(text: str, kind: str) -> None:
    assert A.parse_org_kind(text) == kind


def test_eligibility_readings_from_b8_dev() -> None:
    assert A.founded_recently("是初创组织，成立不到一年") is True and A.founded_recently("成立快两年了") is False
    assert A.parse_grade("一个A都没有，还没评过") == A.NO_GRADE and A.parse_grade("1A") == "1A"
    assert A.parse_needs("缺钱缺人缺项目，场地倒是有") == ["资金", "人才", "项目"]


def test_not_newly_founded() -> None:
    assert A.founded_recently("不是刚成立的") is False and A.founded_recently("不是新成立的，好多年了") is False


@pytest.mark.parametrize("text, slot, value", [
    ("说错了，我们不是新成立的，好多年了", "newly_founded", False),
    ("党组织那个选错了，我们没有党支部", "has_party_org", False),
])
def test_a_yes_no_answer_corrected_later_takes_the_new_answer(domain, text: str, slot: str, value: bool) -> None:
    """A correction that names a yes/no question is its new answer as a whole; the pending step is asked again."""
    tracker = make_tracker(text, requested="support_needs", form="eligibility_form", slots={slot: not value})
    events, messages = run(E.ValidateEligibilityForm(), tracker, domain)
    assert events == [SlotSet(slot, value), SlotSet("support_needs", None)]
    assert messages[0]["text"].startswith("好的，已更正")


def test_that_answer_was_wrong_corrects_the_answer_just_given(domain) -> None:
    """「刚才那项说错了，应该是：文体」 names no field: it is the last answered question before the pending one."""
    tracker = make_tracker("刚才那项说错了，应该是：文体", requested="newly_founded", form="eligibility_form",
                           slots={"region": "上海市长宁区", "org_kind": "备案类", "service_fields": ["其他"]})
    events, messages = run(E.ValidateEligibilityForm(), tracker, domain)
    assert events == [SlotSet("service_fields", ["文体"]), SlotSet("newly_founded", None)]
    assert messages[0]["text"] == "好的，已更正：服务领域改为「文体」。"


def test_a_yes_no_answer_with_a_few_in_it_is_an_answer(domain, gateway) -> None:
    tracker = make_tracker("没建，但有几个党员", requested="has_party_org", form="eligibility_form")
    events, _messages = run(E.ValidateEligibilityForm(), tracker, domain)
    assert events == [SlotSet("has_party_org", False)] and gateway.calls == []


def test_a_correction_names_the_question_its_longest_word_names_once_answered(domain) -> None:
    tracker = make_tracker("说错了，党支部已经成立了", requested="support_needs", form="eligibility_form",
                           slots={"newly_founded": True, "has_party_org": False})
    events, _messages = run(E.ValidateEligibilityForm(), tracker, domain)
    assert events == [SlotSet("has_party_org", True), SlotSet("support_needs", None)]
    unanswered = make_tracker("不对，我们刚成立的", requested="grade", form="eligibility_form",
                              slots={"region": "上海市长宁区", "org_kind": "备案类"})
    events, _messages = run(E.ValidateEligibilityForm(), unanswered, domain)
    assert all(e["name"] != "newly_founded" for e in events)

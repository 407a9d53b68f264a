"""Whole-sentence answers of the newer phrasings: the validator stores exactly the value meant, and a reply
that names no value (a landmark, a year, 「回头问了再告诉你」) is re-asked with nothing stored."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.eligibility_answers import mentioned_grade, parse_grade
from actions.opening import prefill
from tests.actions.conftest import validate_form as validate


@pytest.mark.parametrize("form, slot, text, value", [
    ("filing_form", "leader_name", "姓王名秀英", "王秀英"),
    ("filing_form", "leader_name", "王秀英，电话等会儿给你", "王秀英"),
    ("filing_form", "leader_name", "负责人嘛就是我王秀英", "王秀英"),
    ("filing_form", "leader_name", "王秀英（夕阳红负责人）", "王秀英"),
    ("filing_form", "leader_name", "登记王秀英的名字就行", "王秀英"),
    ("filing_form", "leader_name", "负责人姓名：王秀英", "王秀英"),
    ("filing_form", "community", "居委会的话是番禺居委会呀", "番禺居委会"),
    ("filing_form", "member_count", "一百零五个", 105),
    ("filing_form", "member_count", "2024年成立的，现在30人", 30),
    ("deregistration_form", "dereg_reason", "队员都走光了，队伍不存在了", "dissolved"),
    ("eligibility_form", "org_kind", "就是街道备个案的小队伍，不是法人", "备案类"),
    ("eligibility_form", "grade", "两A", "2A"),
    ("eligibility_form", "support_needs", "四样都缺😂钱、地方、人、项目", ["资金", "场地", "人才", "项目"]),
    ("eligibility_form", "support_needs", "需要场第和资金", ["资金", "场地"]),
])
def test_the_value_meant_is_stored(form, slot, text, value, domain) -> None:
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, value)] and messages == []


@pytest.mark.parametrize("form, slot, text", [
    ("filing_form", "community", "回头问了书记再告诉你"),
    ("filing_form", "community", "就是菜场对面那个"),
    ("filing_form", "member_count", "２０２４年成立的"),
    ("filing_form", "activity_place", "这个要问居委会"),
    ("filing_form", "activities", "跟名字上写的一样"),
])
def test_a_reply_naming_no_value_is_reasked(form, slot, text, domain) -> None:
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, None)] and "例如" in messages[0]["text"]


@pytest.mark.parametrize("text, answer", [("不知道", None), ("不太确定", None), ("回头问了再说", None),
                                          ("有的", True), ("没有", False)])
def test_yes_no_shares_the_non_answers(text: str, answer) -> None:
    assert parsing.parse_yes_no(text) is answer and parsing.is_non_answer(text) is (answer is None)


@pytest.mark.parametrize("text, grade", [("我们是4A级的社会组织", "4A"), ("去年评了两个A", "2A"), ("评了3A，缺钱", "3A"),
                                         ("我们队有6A", None), ("没有等级", None)])
def test_the_opening_reads_grades_with_the_grade_parser(text: str, grade) -> None:
    assert mentioned_grade(text) == grade
    assert prefill("eligibility", text).get("grade") == grade
    if grade:
        assert parse_grade(grade) == grade


@pytest.mark.parametrize("form, slot, text, value", [
    ("deregistration_form", "dereg_region", "虹桥镇，乐清市的", "乐清市虹桥镇"),
    ("deregistration_form", "dereg_region", "杭州市西湖区翠苑街道", "西湖区翠苑街道"),
    ("deregistration_form", "dereg_region", "普陀区，曹杨新村那边", "普陀区曹杨新村街道"),
    ("filing_form", "district", "成都武侯区", "武侯区"),
    ("filing_form", "street", "曹杨新村", "曹杨新村街道"),
    ("filing_form", "street", "虹桥", "虹桥街道"),
])
def test_places_keep_their_own_unit_and_drop_the_city(form, slot, text, value, domain) -> None:
    """虹桥镇 is not the listed 虹桥街道; a city outside the gazetteer is not part of the district."""
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, value)] and messages == []


@pytest.mark.parametrize("form, slot, text, reply", [
    ("deregistration_form", "dereg_region", "老城区那边", "例如「长宁区新华路街道」"),
    ("filing_form", "activities", "你说呢😄", "暂时不可用"),  # a question back goes to the (here unreachable) answers
])
def test_a_part_of_town_or_a_question_back_is_not_stored(form, slot, text, reply, domain) -> None:
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, None)] and reply in messages[0]["text"]


def test_an_opening_about_undoing_a_filing_starts_deregistration() -> None:
    from actions.opening import flow_of
    assert flow_of("deregistration", "我们队并到别的队了，之前的备案怎么撤") == "deregistration"
    assert flow_of("filing", "我们新成立了一个队，想备案") == "filing"


@pytest.mark.parametrize("text, flow", [("我们队想备案，有补贴吗", "filing"), ("备案后能拿什么补贴", "eligibility"),
                                        ("想了解备案后有什么补贴", "eligibility")])
def test_a_request_to_file_with_a_support_question_stays_filing(text: str, flow: str) -> None:
    from actions.opening import flow_of
    assert flow_of("filing", text) == flow

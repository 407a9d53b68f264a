"""Review of the b11 dev readings: answers the new rules misread, each with the exact input and a variation.

Side-question forms that also fit answers (「要的还是钱」「能用的场地没有」「十几个来着」「要不还是叫夕阳红吧」「给我们起个名叫
夕阳红」); a provisional name that names nothing (「先写成这样吧」「先叫啥好呢」) or is said after a put-off; a street's
stem taken off a 居委 named after it (「闵行梅陇三村居委会」 is no 三村居委会); 「那边新村那个居委」 points, names none;
「钱不太够」「钱哪够」 are needs; 「负责人系统管理员」 is no name."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.eligibility_answers import parse_needs
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F, E = "filing_form", "eligibility_form"


@pytest.mark.parametrize("text", [
    "要的还是钱", "需要场地还是资金都缺", "要场地还是钱 都要", "要跳舞还是唱歌都行", "要不还是叫夕阳红吧",
    "能用的场地没有", "能上网的没有", "可以 没有", "十几个来着", "二十几个来着", "几号楼来着 3号楼",
    "给我们起个名叫夕阳红",
])
def test_answers_that_look_like_the_new_side_questions_are_answers(text) -> None:
    assert parsing.looks_like_question(text) is False


@pytest.mark.parametrize("text", [
    "需要原件还是复印件", "负责人身份证要原件还是复印件", "你们这里能查到我们以前备过的案没", "可以线上办没有",
    "今天几号来着", "给我们队起个好听的名字呗",
])
def test_the_side_questions_of_the_batch_still_ask(text) -> None:
    assert parsing.looks_like_question(text) is True


def test_what_is_needed_said_with_haishi_is_stored(domain) -> None:
    events, _messages = validate(E, "support_needs", "要的还是钱", domain, slots=_before(E, "support_needs"))
    assert SlotSet("support_needs", ["资金"]) in events


def test_a_head_count_said_with_laizhe_is_no_side_question(domain) -> None:
    events, _messages = validate(F, "member_count", "十几个来着", domain, slots=_before(F, "member_count"))
    assert not any(e.get("name") == "qa_question" for e in events)


@pytest.mark.parametrize("text, name", [
    ("先写成这样吧", None), ("先定为这样吧", None), ("先叫啥好呢", None), ("先用居委会的名字吧", None),
    ("先叫一下吧", None),
    ("名字后面再说 先叫夕阳红吧", "夕阳红"), ("名字最后再说，先叫银龄合唱团", "银龄合唱团"),
    ("先叫夕阳红吧 以后再改", "夕阳红"), ("先叫阳光助老队吧 回头再改", "阳光助老队"),
    ("名字还没定好 先叫阳光助老队吧", "阳光助老队"), ("你先往下问吧 名字最后再说", None),
])
def test_provisional_names(text, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, community", [
    ("闵行梅陇三村居委会", "闵行梅陇三村居委会"), ("闵行古美西路居委会", "闵行古美西路居委会"),
    ("长宁新华路番禺居委会", "番禺居委会"), ("长宁北新泾新泾北苑居委会", "新泾北苑居委会"),
    ("那边新村那个居委", None), ("这块新村那个居委会", None), ("运光新村那个居委", "运光新村居委"),
])
def test_a_community_named_after_its_street_keeps_the_name(text, community) -> None:
    assert parsing.parse_community(text) == community


@pytest.mark.parametrize("text, needs", [
    ("钱不太够", ["资金"]), ("钱不怎么够", ["资金"]), ("钱哪够", ["资金"]), ("钱不大够", ["资金"]),
    ("钱也够", None), ("钱还够", None),
])
def test_money_not_quite_enough_is_a_need(text, needs) -> None:
    assert parse_needs(text) == needs


def test_money_not_enough_is_stored_as_a_need(domain) -> None:
    events, _messages = validate(E, "support_needs", "钱不太够", domain, slots=_before(E, "support_needs"))
    assert SlotSet("support_needs", ["资金"]) in events


@pytest.mark.parametrize("text, name", [("负责人系统管理员", None), ("队长系统管理员", None), ("负责人系王秀英同志", "王秀英")])
def test_xi_is_only_a_copula_before_a_name(text, name) -> None:
    assert parsing.parse_person(text) == name

"""Regressions a review found in the reading rules of af6713d (tests/actions/test_b10_dev_readings.py), each with
the reviewer's input and a variation: a road said by what it is (马路, 这条路, 门口那条路) names no 街道 or 居委, and
a 居委 is not named after a road with a direction (中山北路) or words before it (就在, 靠近); a street the resident
denies or asks about (「不是大宁路街道」「是不是大宁路那个街道」) is not stored; 南京路 is no typo of 南京西路; a
position word before 街 (对面街, 满大街) names no 街道; 群众, 群友, 车友, 组织成员, 排舞队员 are people, not groups;
money the team already has (有企业赞助, 街道有拨款, 铜钿够的) is no need; 停车场 and 物业's rooms are where a team
meets, not 社区治理 work; 寄养 and 寄存 are no errand; an opening's street of another district than the one
said (宝山区宝山路) is not pre-filled."""
from __future__ import annotations

import pytest

from actions import parsing
from actions.eligibility_answers import parse_fields, parse_needs
from actions.prefill import prefill
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F = "filing_form"


@pytest.mark.parametrize("text, street", [
    ("马路那个街道", None), ("对面马路那个街道", None), ("这条路那个街道", None), ("门口那条路那个街道", None),
    ("大马路那个街道", None), ("小路那个街道", None),
    ("不是大宁路街道", None), ("不是大宁路那个街道", None), ("是不是大宁路那个街道", None),
    ("南京路", "南京路"), ("石门路", "石门路"),
    ("对面街", "对面街"), ("隔壁街", "隔壁街"), ("满大街", "满大街"), ("扫大街", "扫大街"),
    # counter-examples: the commit's readings and the old ones
    ("大宁路那个街道", "大宁路街道"), ("四川北路那个街道", "四川北路街道"), ("不是大宁路街道，是临汾路街道", "临汾路街道"),
    ("南京西路", "南京西路街道"), ("石门二路", "石门二路街道"), ("天山街道", "天山路街道"), ("龙凤街", "龙凤街道"),
    ("应该是南郊街道吧", "南郊街道"),
])
def test_a_street_named_by_a_road_only_when_the_road_has_a_name(text, street) -> None:
    assert parsing.parse_street(text) == street


def test_a_generic_road_or_a_denied_street_is_not_stored(domain) -> None:
    for text in ("马路那个街道", "不是大宁路街道"):
        events, _messages = validate(F, "street", text, domain, slots={**_before(F, "street"), "district": "静安区"})
        assert not any(e.get("name") == "street" and e.get("value") for e in events), text


def test_a_denied_district_is_not_the_answer() -> None:
    assert parsing.parse_district("不是宝山区") is None and parsing.parse_district("不是宝山，是静安") == "静安区"


@pytest.mark.parametrize("text, community", [
    ("就在瞿溪路那个居委", None), ("靠近瞿溪路那个居委", None), ("中山北路那个居委会", None), ("外环路那个社区", None),
    ("高架路那个居委", None), ("隔壁路那个居委", None), ("那条小路那个居委会", None), ("沿着路那个社区", None),
    # counter-examples
    ("瞿溪路那个居委会", "瞿溪居委会"), ("我们是番禺路上的那个居委", "番禺居委"), ("三门路居委会", "三门路居委会"),
])
def test_a_community_is_named_after_a_named_road_only(text, community) -> None:
    assert parsing.parse_community(text) == community


@pytest.mark.parametrize("text, detail", [
    ("三十个群众", (30, False)), ("五十个群众", (50, False)), ("二十个群友", (20, False)), ("七八十个群友", (70, True)),
    ("二十个车友", (20, False)), ("二十个组织成员", (20, False)), ("十个连我在内", (10, False)),
    ("二十个排舞队员", (20, False)), ("三十个排练的", (30, False)),
    # counter-examples: counts of groups stay no head count
    ("一个班的人吧", None), ("两车人", None), ("两个组", None), ("一个队二十个人", (20, False)),
])
def test_people_words_after_a_count_are_people(text, detail) -> None:
    assert parsing.parse_count_detail(text) == detail


def test_a_count_of_group_members_is_stored(domain) -> None:
    events, _messages = validate(F, "member_count", "三十个群众", domain, slots=_before(F, "member_count"))
    assert {"event": "slot", "timestamp": None, "name": "member_count", "value": 30} in events


@pytest.mark.parametrize("text, needs", [
    ("有企业赞助，就是缺场地", ["场地"]), ("有赞助了，缺场地", ["场地"]), ("街道有拨款，缺人", ["人才"]),
    ("有钞票，缺人", ["人才"]), ("铜钿够的，缺地方", ["场地"]), ("拨款有的", None),
    # counter-examples: needs said with 有
    ("缺钞票", ["资金"]), ("有场地就好了", ["场地"]), ("有场地的话更好", ["场地"]), ("有钱就行", ["资金"]), ("想有个场地", ["场地"]),
    ("有点缺钱", ["资金"]), ("钱不够的", ["资金"]),
])
def test_money_the_team_has_is_no_need(text, needs) -> None:
    assert parse_needs(text) == needs


@pytest.mark.parametrize("text, fields", [
    ("在停车场跳广场舞", ["文体"]), ("在物业的活动室跳舞", ["文体"]), ("跟物业一起搞文艺活动", ["文体"]),
    # counter-examples: the governance work itself
    ("停车难的问题我们协调", ["社区治理"]), ("物业纠纷调解", ["社区治理"]), ("我们帮忙管停车", ["社区治理"]),
])
def test_where_a_team_meets_is_no_service_field(text, fields) -> None:
    assert parse_fields(text) == fields


@pytest.mark.parametrize("text, asks", [
    ("帮我们寄养的孩子补课", False), ("帮我寄存", False), ("帮我们寄存东西", False),
    ("帮我把表格寄到街道", True), ("帮我打印一下名单", True),  # counter-examples: errands
])
def test_fostering_and_storing_are_no_errand(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks


@pytest.mark.parametrize("text, values", [
    ("宝山区宝山路的舞蹈队想备案", {"category": "文体活动类", "district": "宝山区"}),
    ("徐汇区天山路的太极队想备案", {"category": "文体活动类", "district": "徐汇区"}),
    # counter-examples: the street of the district said
    ("静安区宝山路的舞蹈队想备案", {"category": "文体活动类", "district": "静安区", "street": "宝山路街道"}),
    ("长宁区天山路的太极队想备案", {"category": "文体活动类", "district": "长宁区", "street": "天山路街道"}),
])
def test_an_opening_prefills_no_street_of_another_district(text, values) -> None:
    assert prefill("filing", text) == values

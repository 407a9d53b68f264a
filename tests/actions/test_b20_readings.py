"""Readings the code-blind batch b20 asked for (its dev half), each with the reading it must not break: a check
of the value typed after it (「番禺居委会，没错吧？」「凉城3村居委会对吧」「…吧 应该是的」), 就 before a 居委, a character
retyped after a retraction (「三林园居委会…打错了，是苑，三林苑」), a listed street before 的 after 我们是 (where the team is,
not its name), the leader's name said at the team's question, 「还没找好地方」, 接班的人 as people, and a region followed
by a landmark it is near (「上海杨浦的，五角场附近」)."""
from __future__ import annotations

from typing import Any, Optional

import pytest

from actions.eligibility_answers import FIELD_OPTIONS, normalize_region, parse_fields, parse_needs
from actions.filing import parse_place
from actions.offers import offered_flow
from actions.opening import flow_of
from actions.parsing.communities import parse_community
from actions.parsing.corrections import respelled
from actions.parsing.names import parse_team_name
from actions.parsing.questions import without_checks_asked
from tests.actions.conftest import answers_before
from tests.actions.conftest import validate_form as validate

F, E = "filing_form", "eligibility_form"


def _stored(form: str, slot: str, text: str, domain: dict, **slots: Any) -> Any:
    events, _messages = validate(form, slot, text, domain, slots={**answers_before(form, slot), **slots})
    values = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == slot]
    return values[-1] if values else None


@pytest.mark.parametrize("reply,kept", [
    ("番禺居委会，没错吧？", "番禺居委会"), ("凉城3村居委会对吧", "凉城3村居委会"), ("番禺居委会，是吧", "番禺居委会"),
    ("哎 就番禺居委会吧 应该是的", "哎，就番禺居委会吧"), ("夕阳红舞蹈队，应该没错吧", "夕阳红舞蹈队"),
    # counter-examples: a denial, a lone 是吧, a value with nothing after it stay as typed
    ("番禺居委会不是吧", "番禺居委会不是吧"), ("是吧", "是吧"), ("番禺居委会", "番禺居委会"),
])
def test_a_check_of_the_value_after_it(reply: str, kept: str) -> None:
    assert without_checks_asked(reply) == kept


@pytest.mark.parametrize("reply,community", [
    ("就番禺居委会吧", "番禺居委会"), ("就在番禺居委会", "番禺居委会"),
    # counter-examples: 就在… before a sentence, or a road pointed at, is no name after 就
    ("我们就在九星村的地盘上活动，哈哈", None), ("就在瞿溪路那个居委", None),
])
def test_jiu_before_a_residents_committee(reply: str, community: Optional[str]) -> None:
    assert parse_community(reply) == community


@pytest.mark.parametrize("text,stored,slots", [
    ("番禺居委会，没错吧？", "番禺居委会", {}), ("凉城3村居委会对吧", "凉城三村居委会", {}),
    ("哎 就番禺居委会吧 应该是的", "番禺居委会", {}),
    ("三林园居委会…打错了，是苑，三林苑", "三林苑居委会", {"district": "浦东新区", "street": "三林镇"}),
    ("番禺居委会 哦不对 是凉城三村居委会", "凉城三村居委会", {}),  # counter-example: another name said instead, as before
])
def test_residents_committee_checked_or_retyped(domain, text: str, stored: str, slots: dict) -> None:
    assert _stored(F, "community", text, domain, **slots) == stored


@pytest.mark.parametrize("taken,said,name", [
    ("三林园居委会", "苑,三林苑", "三林苑居委会"), ("三林园居委会", "三林苑", "三林苑居委会"), ("古美街道", "古北", "古北街道"),
    # counter-examples: another value, the same start, a longer value, digits and a lone character are no retyping
    ("长宁区", "徐汇", None), ("番禺居委会", "番禺", None), ("夕阳红舞蹈队", "夕阳红舞蹈队伍", None),
    ("13812345678", "1391234", None), ("三林园居委会", "苑", None),
])
def test_a_character_retyped_after_a_retraction(taken: str, said: str, name: Optional[str]) -> None:
    assert respelled(taken, said) == name


@pytest.mark.parametrize("reply,name", [
    ("我们是新华路的夕阳红广场舞队", "夕阳红广场舞队"), ("我们是北新泾的新泾北苑爱心编织小组", "新泾北苑爱心编织小组"),
    ("我们是程家桥的程家桥书画社", "程家桥书画社"), ("我们是北新泾的平塘3对3篮球队", "平塘3对3篮球队"),
    ("队长叫王桂兰，队名叫夕阳红舞蹈队", "夕阳红舞蹈队"), ("夕阳红舞蹈队，队长叫王桂兰", "夕阳红舞蹈队"),
    # counter-examples: typed alone the place may be part of the name; a place no list holds stays; the leader is no team
    ("新华路的朋友合唱团", "新华路的朋友合唱团"), ("我们是阳光里的朋友合唱团", "阳光里的朋友合唱团"),
    ("队长叫王桂兰", None), ("负责人是李明", None), ("我们是新华路的", None),
])
def test_where_the_team_is_and_who_leads_it_are_no_part_of_its_name(reply: str, name: Optional[str]) -> None:
    assert parse_team_name(reply) == name


@pytest.mark.parametrize("reply,place", [
    ("还没找好地方", None), ("地方还没找好", None), ("场地暂时没定下来", None),
    ("小区花园", "小区花园"), ("还没找好地方，暂时在小区花园", "还没找好地方，暂时在小区花园"),  # counter-examples: a place
])
def test_no_place_found_yet_is_no_place(reply: str, place: Optional[str]) -> None:
    assert parse_place(reply) == place


@pytest.mark.parametrize("reply,needs", [
    ("年轻人不来，缺接班的人", ["人才"]), ("缺接班的人", ["人才"]),
    ("接班的人有了", None), ("钱不够", ["资金"]),  # counter-examples: a need had, another need
])
def test_successors_are_people(reply: str, needs: Optional[list[str]]) -> None:
    assert parse_needs(reply) == needs


@pytest.mark.parametrize("reply,region", [
    ("上海杨浦的，五角场附近", "上海市杨浦区"), ("杨浦区，五角场附近", "上海市杨浦区"), ("北京朝阳，望京附近", "北京市朝阳区"),
    # counter-examples: near a place is not in it, a landmark of another district, a question, a street no list holds
    ("上海附近", None), ("上海，苏州附近", None), ("上海长宁，五角场附近", None), ("不在上海，昆山附近", None),
    ("上海杨浦，五角场附近吗？", None), ("望京街道", None),
])
def test_a_region_and_a_landmark_near_it(reply: str, region: Optional[str]) -> None:
    assert normalize_region(reply) == region


@pytest.mark.parametrize("slot,text,stored", [
    ("support_needs", "年轻人不来，缺接班的人", ["人才"]), ("region", "上海杨浦的，五角场附近", "上海市杨浦区"),
])
def test_eligibility_answers_read_by_the_form(domain, slot: str, text: str, stored: Any) -> None:
    assert _stored(E, slot, text, domain) == stored


@pytest.mark.parametrize("slot,text", [("team_name", "队长叫王桂兰"), ("activity_place", "还没找好地方")])
def test_invalid_filing_replies_are_not_stored(domain, slot: str, text: str) -> None:
    assert _stored(F, slot, text, domain) is None


@pytest.mark.parametrize("reply,fields", [
    ("第1个", ["养老"]), ("６", ["社区治理"]), ("一、二、四", ["养老", "助残", "济困"]), ("选５和６", ["文体", "社区治理"]),
    ("2", ["助残"]),
    ("7", None), ("第7个", None), ("13812345678", None),  # beyond the six options, or a phone number: no field
])
def test_service_fields_by_the_numbers_of_the_options_the_question_lists(reply: str, fields: Optional[list]) -> None:
    assert parse_fields(reply) == fields


def test_the_service_fields_question_lists_its_options_in_the_order_they_are_numbered(domain: dict) -> None:
    buttons = domain["responses"]["utter_ask_service_fields"][0]["buttons"]
    assert tuple(b["title"] for b in buttons) == FIELD_OPTIONS


@pytest.mark.parametrize("reply,fields", [
    ("主要是1，还有5", ["养老", "文体"]), ("①⑤", ["养老", "文体"]), ("主要是1，还有7", None),
    ("我们那个队主要是陪孤寡老人，别的不搞", ["养老"]), ("帮孤寡老人和低保户", ["养老", "济困"]),
])
def test_option_numbers_among_words_and_old_people_living_alone(reply: str, fields: Optional[list]) -> None:
    assert parse_fields(reply) == fields


@pytest.mark.parametrize("text,flow", [
    ("备案跟注销是一个入口吗？我要的是备案", "filing"), ("我是要注销，不是备案", "deregistration"),
    ("我们是要做自查", "eligibility"),
])
def test_a_flow_said_outright_is_the_flow(text: str, flow: str) -> None:
    assert offered_flow(text) == flow and all(flow_of(intent, text) == flow
                                              for intent in ("filing", "deregistration", "eligibility"))

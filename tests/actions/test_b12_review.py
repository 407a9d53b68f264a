"""Review of the b12 dev readings: replies the new rules misread, each with the exact input and a counter-example.

A value taken back inside the reply: 「哦不是X」 run together is 「…哦，不是X」 (X denied), a remark on the value
taken back (「这是简称」「活动室在装修」) says nothing instead, a time or condition after it adds to it (「冬天在活
动室」), spoken 「写错了」「不对」 inside a description of what the team does are part of it, and a street taken back
at the street question is no district correction. Lead-ins before a name only before a team's name, never one
pointing at another team; a bracketed note that the person left keeps no name; 「写X不对」 tells what not to write;
还是 meaning "still" chooses nothing (「街道还是新华路」「选来选去还是文体类」); two choices and 「我不清楚」 in one
clause choose neither; the count now, not the count a few years back; a need no longer given, promised or given
too little is still one, and one given is no button tap; a correction of the pending field that only denies
(「不是花园」) or names the old value (「刚才说的是地点」) gives no value, and the field named in the clause with the correction
words is the one corrected (「番禺居委，街道写错了…」 at the 居委 question corrects the street); a 居委 inside 二村 is not one inside 十二村."""
from __future__ import annotations

import pytest

from actions import parsing
from actions.deregistration import parse_region
from actions.eligibility_answers import parse_needs, parse_org_kind
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"


def _stored(form: str, slot: str, text: str, domain) -> dict:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot" and e["name"] != "requested_slot"}


# a value taken back inside the reply -------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, stored", [
    (F, "district", "长宁区哦不是徐汇区", {"district": "长宁区"}),  # 「长宁区哦，不是徐汇区」
    (F, "activity_place", "小区花园哦不是活动室", {"activity_place": "小区花园哦不是活动室"}),
    (F, "team_name", "晚霞舞蹈队，不对，这是简称", {"team_name": None}),  # the full name not said yet
    (F, "team_name", "夕阳红舞蹈队 哦不 夕阳红是别的队", {"team_name": None}),
    (F, "activity_place", "居委活动室 哦不对 活动室在装修", {"activity_place": None}),
    (F, "activities", "跳舞 哦不对 现在不跳了", {"activities": None}),
    (F, "leader_name", "王秀英 哦不对 她是副的", {"leader_name": None}),
    (F, "street", "新华路 哦不对 天山路", {"street": "天山路街道"}),
    (F, "street", "新华路街道 哦不对 天山路街道", {"street": "天山路街道"}),
    # counter-examples: a new value after the remark, the name extended, a plain retraction
    (F, "team_name", "夕阳红 哦不对 夕阳红是以前的名字 现在叫晚霞舞蹈队", {"team_name": "晚霞舞蹈队"}),
    (F, "team_name", "晚霞 哦不对 晚霞舞蹈队", {"team_name": "晚霞舞蹈队"}),
    (F, "team_name", "晚霞，不对，全称是晚霞舞蹈队", {"team_name": "晚霞舞蹈队"}),
    (E, "support_needs", "钱 哦不对 钱也缺 场地也缺", {"support_needs": ["资金", "场地"]}),
    (E, "support_needs", "钱 哦不对 钱也要", {"support_needs": ["资金"]}),
    (F, "district", "长宁区哦，不是，徐汇区", {"district": "徐汇区"}),
])
def test_what_is_said_after_taking_a_value_back(form, slot, text, stored, domain) -> None:
    assert _stored(form, slot, text, domain) == stored


@pytest.mark.parametrize("slot, text, kept", [
    ("activity_place", "小区花园 哦不对 冬天在活动室", "小区花园"), ("activity_place", "花园，哦不对，天冷了就去活动室", "花园"),
    ("activities", "跳广场舞，哦不对，周末还打太极", "跳广场舞"), ("activities", "跳广场舞 哦不对 有时候也唱歌", "跳广场舞"),
    ("activities", "教小朋友写字 写错了 就改", "教小朋友写字"),
    ("activities", "纠正大家跳舞的动作 姿势 不对 我们就帮忙纠正", "纠正大家跳舞的动作"),
])
def test_an_added_condition_or_a_spoken_remark_keeps_the_first_part(slot, text, kept, domain) -> None:
    assert kept in (_stored(F, slot, text, domain)[slot] or "")


def test_a_retraction_with_punctuation_still_replaces_a_description(domain) -> None:
    assert _stored(F, "activity_place", "小区花园，哦不是，居委活动室", domain) == {"activity_place": "居委活动室"}


# names and people ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("我们跳的是广场舞", None), ("我们主要做的是助老服务", None), ("我们搞的是志愿巡逻", None),
    ("隔壁小区的是夕阳红舞蹈队", None), ("别人家的是夕阳红舞蹈队", None), ("原来的是夕阳红舞蹈队", None),
    ("要销掉的是下面的舞蹈小组", None), ("居委会那边起", None),
    # counter-examples: a lead-in before a team's name, ours after another's
    ("我们报的就是晚霞舞蹈队", "晚霞舞蹈队"), ("证书上印的是康乐门球队", "康乐门球队"),
    ("隔壁小区的是夕阳红舞蹈队，我们的是晚霞舞蹈队", "晚霞舞蹈队"), ("河那边合唱团", "河那边合唱团"),
])
def test_a_lead_in_only_before_our_teams_name(text, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, name", [
    ("钱宝根（已去世，现在王秀英管）", None), ("钱宝根（去年走了，现在是王秀英）", None), ("钱宝根（老队长，已经不管了）", None),
    ("钱宝根（老队长，干了十年）", "钱宝根"), ("王秀英（她女儿代填）", "王秀英"),  # counter-examples
])
def test_a_note_that_the_person_left_keeps_no_name(text, name) -> None:
    assert parsing.parse_person(text) == name


# places ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, district", [
    ("我们归徐汇，写长宁不对", "徐汇区"), ("住徐汇，写长宁不行", "徐汇区"), ("徐汇，写长宁的话就错了", "徐汇区"),
    ("家在普陀，活动都在长宁，填长宁吧", "长宁区"), ("那就写长宁吧", "长宁区"),  # counter-examples
])
def test_what_not_to_write_is_no_place_to_write(text, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, region", [
    ("现在还是长宁区新华路街道", "长宁区新华路街道"), ("长宁区，街道还是新华路", "长宁区新华路街道"),
    ("上海长宁，街道是新华路还是天山路记不清了", "长宁区"), ("长宁区还是徐汇区", None),  # counter-examples
])
def test_haishi_meaning_still_keeps_the_street(text, region) -> None:
    assert parse_region(text) == region


# questions -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, asks", [
    ("选的还是文体类", False), ("选来选去还是文体类", False), ("选了半天还是文体类吧", False), ("报的还是文体类", False),
    ("归口还是长宁区", False), ("填表的还是王秀英", False), ("填的还是上海长宁", False), ("报上去的还是夕阳红舞蹈队", False),
    ("选文体类还是公益类好", True), ("报备案还是登记", True), ("归长宁还是徐汇管", True),  # counter-examples
])
def test_haishi_meaning_still_asks_nothing(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks


def test_a_category_still_chosen_is_stored(domain) -> None:
    assert _stored(F, "category", "选了半天还是文体类吧", domain) == {"category": "文体活动类"}


@pytest.mark.parametrize("form, slot, text, stored", [
    (F, "activity_scope", "本居委还是街道范围我不知道", {"activity_scope": None}),
    (D, "dereg_org_type", "社会组织还是团队我分不清", {"dereg_org_type": None}),
    (E, "org_kind", "备案类还是法人类我不清楚", {"org_kind": None}),
    (E, "support_needs", "缺钱还是缺场地我也说不清", {"support_needs": None}),
    (E, "region", "北京西城，街道是德胜还是新街口我搞不清了", {"region": "北京市西城区"}),  # counter-example: the rest answers
])
def test_two_choices_and_not_knowing_which_is_no_answer(form, slot, text, stored, domain) -> None:
    assert _stored(form, slot, text, domain) == stored


@pytest.mark.parametrize("text, count", [
    ("前几年有30个，现在20个", 20), ("前几个月30个人，现在就剩20个了", 20), ("以前有30个，现在20个", 20),
    ("我们几个，大概8个", 8), ("最后几个也不来了，现在就10个", 10), ("30个，现在也差不多", 30),  # counter-examples
])
def test_the_count_now_not_the_count_before(text, count, domain) -> None:
    assert _stored(F, "member_count", text, domain) == {"member_count": count}


# needs and the kind ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, needs", [
    ("钱现在没人给了", ["资金"]), ("钱街道不怎么给了", ["资金"]), ("钱以前街道给了，现在停了", ["资金"]),
    ("老师说好派了，还没来", ["人才"]), ("钱是给了，但是不够", ["资金"]), ("场地得租了，缺钱", ["资金", "场地"]),
    ("钱街道已经给了", None), ("场地街道借给我们了，缺钱", ["资金"]), ("人手居委派了，钱没给", ["资金"]),  # counter-examples
])
def test_a_need_no_longer_given_or_only_promised_is_a_need(text, needs) -> None:
    assert parse_needs(text) == needs


@pytest.mark.parametrize("text", ["场地居委借给我们了", "场地给了，钱也给了", "场地不缺", "场地有了"])
def test_a_need_given_is_no_button_tapped(text, domain) -> None:
    assert _stored(E, "support_needs", text, domain) == {"support_needs": None}


def test_a_certificate_had_still_names_the_kind(domain) -> None:
    assert _stored(D, "dereg_org_type", "登记证有了", domain) == {"dereg_org_type": "registered"}  # counter-example


def test_neither_registered_nor_filed_is_neither_kind() -> None:
    assert parse_org_kind("没去民政局登记，也没备案") is None
    assert parse_org_kind("没去民政局登记，在街道备过案") == "备案类"  # counter-example


# corrections of the pending field --------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, stored", [
    (F, "activity_place", "地方说错了，不是花园", {"activity_place": None}),
    (F, "team_name", "名字不对，应该是居委会那边起", {"team_name": None}),
    (F, "district", "区写错了，不是长宁", {"district": None}),
    (F, "activities", "内容写错了，刚才说的是地点", {"activities": None}),
    (F, "activity_place", "地点不对，刚才那是活动内容", {"activity_place": None}),
    (F, "activity_place", "地方搞错了，应该是居委活动室，不是花园", {"activity_place": "居委活动室"}),
    (E, "support_needs", "需求写错了，不是钱", {"support_needs": None}),
    (F, "community", "居委写错了，是番禺居委不是新华居委", {"community": "番禺居委"}),
    # counter-examples: a value after the correction
    (F, "activity_place", "地点改成居委活动室", {"activity_place": "居委活动室"}),
    (F, "street", "街道说错了，是天山路街道", {"street": "天山路街道"}),
])
def test_a_correction_that_only_denies_gives_no_value(form, slot, text, stored, domain) -> None:
    assert _stored(form, slot, text, domain) == stored


def test_dont_submit_yet_is_no_place(domain) -> None:
    stored = _stored(F, "filing_confirmed", "还有个地方不对，你先别提交", domain)  # 「你先别提交」 was stored as the place
    assert stored.get("activity_place") is None and stored["filing_confirmed"] is None


@pytest.mark.parametrize("form, slot, text, stored", [
    (F, "community", "番禺居委，街道写错了，是天山路街道", {"street": "天山路街道", "community": None, "filing_confirmed": None}),
    (F, "leader_name", "王秀英，队长电话写错了，是13912345678",
     {"leader_phone": "13912345678", "leader_name": None, "filing_confirmed": None}),
    (F, "activities", "活动内容是跳舞，刚才人数说错了，是25个", {"member_count": 25, "activities": None, "filing_confirmed": None}),
    (D, "dereg_region", "长宁区新华路街道，名称写错了，是晚霞舞蹈队",
     {"dereg_org_name": "晚霞舞蹈队", "dereg_region": None, "dereg_confirmed": None}),
    (F, "street", "新华路街道，居委写错了，是番禺居委", {"community": "番禺居委", "street": None, "filing_confirmed": None}),
    (F, "activity_place", "场地是居委借的，地方写错了，是居委活动室", {"activity_place": "居委活动室"}),
    (F, "member_count", "人数说错了，25个，不是20", {"member_count": 25}),
    (F, "member_count", "25，人数刚才说错了", {"member_count": 25}),
    (E, "region", "上海长宁，地区说错了？", {"region": None}),  # counter-example: it asks
])
def test_the_field_named_where_the_correction_is_said(form, slot, text, stored, domain) -> None:
    assert _stored(form, slot, text, domain) == stored


# 居委 -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, community", [
    ("田林十二村，居委会在二村里面", "田林十二村"), ("2号桥村", "2号桥村"),
    ("田林十二村，居委会就在十二村里面", "田林十二村居委会"), ("我住12号楼", None),  # counter-examples
])
def test_a_community_inside_another_estate_and_a_village_named_with_hao(text, community) -> None:
    assert parsing.parse_community(text) == community

"""The b10 batch of the phrasing bank (dev half only), read by the form validators, and the reading rules
it led to, each with counter-examples that keep their old reading: a 街道 pointed at by its road
(「大宁路那个街道」) and a 居委 by the road it sits on (「瞿溪路那个居委会」 → 瞿溪居委会); the streets of 静安区 and
杨浦区 in the gazetteer (延吉 → 延吉新村街道), a district's name at the street question no typo of a street;
「龙凤街」 is 龙凤街道, a kind of street (步行街) is not; 「百把人」「千把人」 are rough counts (with the note),
「一个班的人」 counts groups, not people; a compound surname alone (上官) and a surname with 生/太 (司徒生, 陈生)
are no full name; 「一个跳舞的队」 describes a team without naming it; everyday words for the service fields
(小囡放学, 长者, 平安巡逻) and for money (钞票); 垃圾分类 among governance work is 社区治理; 「问居委去」 points
elsewhere; 「服务三十多户居民」 names no field; 「帮我把队员名单打印出来」 asks an errand of the bot.

The bank figures are measured by tests/actions/bank_readings.py; tests/actions/test_bank_dev_readings.py lists
what is left, so that any new miss fails."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.asking import ASK_ACTIONS
from actions.eligibility_answers import parse_fields, parse_needs
from corpus import vocabulary as V
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import make_tracker, run
from tests.actions.conftest import validate_form as validate


F, D, E = "filing_form", "deregistration_form", "eligibility_form"





# streets and communities ------------------------------------------------------------------------------------
def test_the_gazetteer_lists_the_streets_of_jingan_and_yangpu() -> None:
    assert len(V.streets("静安区")) == 14 and V.streets("静安区")[-1] == "彭浦镇"
    assert len(V.streets("杨浦区")) == 12 and V.district_of_street("延吉新村街道") == "杨浦区"
    assert V.district_of_street("大宁路街道") == "静安区" and V.streets("朝阳区") == ()


@pytest.mark.parametrize("text, street", [
    ("大宁路那个街道", "大宁路街道"), ("临汾路的那个街道", "临汾路街道"), ("古北路那个街道", "古北路街道"),
    ("延吉", "延吉新村街道"), ("长白", "长白新村街道"), ("曹家渡", "曹家渡街道"), ("五角场", "五角场街道"),
    ("龙凤街", "龙凤街道"), ("沙园街", "沙园街道"), ("虹桥街", "虹桥街道"),
    # counter-examples: the old readings
    ("天山", "天山路街道"), ("新泾镇", "新泾镇"), ("步行街", "步行街"), ("商业街", "商业街"), ("老街", "老街"),
    ("我们小区门口那个街道", None), ("静安", None), ("宝山", None), ("长宁", None),
])
def test_a_street_by_its_road_its_stem_or_its_short_name(text, street) -> None:
    assert parsing.parse_street(text) == street


@pytest.mark.parametrize("text, district", [
    ("宝山路街道", "静安区"), ("大宁路", "静安区"), ("延吉新村街道", "杨浦区"),
    ("宝山", "宝山区"), ("宝山区", "宝山区"), ("静安", "静安区"),  # counter-examples: the district itself
])
def test_a_street_named_after_another_district_gives_its_own(text, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, community", [
    ("瞿溪路那个居委会", "瞿溪居委会"), ("我们是番禺路上的那个居委", "番禺居委"), ("凯旋路那个社区", "凯旋社区"),
    # counter-examples: a 居委 named with its 路, and places that name none
    ("三门路居委会", "三门路居委会"), ("大马路那个居委会", None), ("马路对面那个居委会", None), ("菜场对面那个居委会", None),
    ("这条路那个居委会", None), ("路口那个居委会", None),
])
def test_a_community_by_the_road_it_sits_on(text, community) -> None:
    assert parsing.parse_community(text) == community


# counts ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, detail", [
    ("百把人", (100, True)), ("千把人", (1000, True)), ("两百把人", (200, True)), ("十来个", (10, True)),
    ("一个队二十个人", (20, False)), ("一个班三十个人", (30, False)),
    # counter-examples: no head count, or the old one
    ("一个班的人吧", None), ("两桌人", None), ("两车人", None), ("一把扇子", None), ("一把人", None), ("两个组", None),
    ("三十个队员", (30, False)), ("十个组员", (10, False)), ("三个人", (3, False)),
])
def test_rough_counts_and_counts_of_groups(text, detail) -> None:
    assert parsing.parse_count_detail(text) == detail


def test_a_rough_count_is_stored_with_the_note(domain) -> None:
    events, _messages = validate(F, "member_count", "百把人", domain, slots=_before(F, "member_count"))
    assert SlotSet("member_count", 100) in events
    tracker = make_tracker("百把人", form=F, slots={"member_count": 100})
    _events, asked = run(ASK_ACTIONS["activity_scope"](), tracker, domain)
    assert asked[0]["text"].splitlines()[0] == "人数先按大约 100 记下了；知道准确数的话，随时说「人数改成……」。"
    events, _messages = validate(F, "member_count", "一个班的人吧", domain, slots=_before(F, "member_count"))
    assert not any(e.get("name") == "member_count" and e.get("value") is not None for e in events)


# names -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("上官", None), ("司徒生", None), ("陈生", None), ("李太", None), ("负责人是欧阳", None), ("南宫老师", None),
    # counter-examples: full names, also with 生 in them
    ("王建生", "王建生"), ("陈永生", "陈永生"), ("司徒明", "司徒明"), ("上官婉儿", "上官婉儿"), ("欧阳春生", "欧阳春生"),
    ("方生平", "方生平"), ("欧阳娜娜老师", "欧阳娜娜"),
])
def test_a_surname_alone_or_with_a_title_is_no_name(text, name) -> None:
    assert parsing.parse_person(text) == name


@pytest.mark.parametrize("text, name", [
    ("一个跳舞的队", None), ("一支唱歌的队伍", None), ("就是一个老年人跳舞的团队", None),
    # counter-examples: names, also ones that start with 一 or 个
    ("一个跳舞的队，叫夕阳红舞蹈队", "夕阳红舞蹈队"), ("一心志愿队", "一心志愿队"), ("一家亲舞蹈队", "一家亲舞蹈队"),
    ("一个都不能少志愿队", "一个都不能少志愿队"), ("个个乐的队", "个个乐的队"),
])
def test_one_team_of_a_kind_is_no_name(text, name) -> None:
    assert parsing.parse_team_name(text) == name


# the self-check's fields and needs ------------------------------------------------------------------------
@pytest.mark.parametrize("text, fields", [
    ("小囡放学以后没人管，我们帮着看", ["儿童"]), ("长者服务", ["养老"]), ("银发课堂", ["养老"]),
    ("垃圾分类、平安巡逻这些", ["社区治理"]), ("垃圾分类、调解纠纷", ["社区治理"]), ("治安巡逻", ["社区治理"]),
    # counter-examples: 垃圾分类 alone or with other green work stays 环保; no field named
    ("垃圾分类", ["环保"]), ("垃圾分类和绿化", ["环保"]), ("垃圾分类、给老人送饭", ["养老", "环保"]),
    ("问居委去", None), ("你问街道吧", None), ("我们服务三十多户居民", None), ("服务对象是居民", None),
    ("服务三十多户老人", ["养老"]),
])
def test_everyday_words_for_the_service_fields(text, fields) -> None:
    assert parse_fields(text) == fields


@pytest.mark.parametrize("text, needs", [
    ("缺钞票", ["资金"]), ("缺铜钿", ["资金"]), ("场地和钞票", ["资金", "场地"]),
    ("钞票不缺", None), ("钞票倒是有", None),  # counter-examples: money said not to be needed
])
def test_everyday_words_for_money(text, needs) -> None:
    assert parse_needs(text) == needs


@pytest.mark.parametrize("text", ["问居委去", "去问书记", "你问街道吧"])
def test_pointing_at_someone_else_answers_nothing(text) -> None:
    assert parsing.is_non_answer(text)


@pytest.mark.parametrize("text", ["问过居委了，是养老", "问居委会要场地", "居委会"])
def test_asking_someone_as_part_of_an_answer_is_still_an_answer(text) -> None:
    assert not parsing.is_non_answer(text)


# side requests -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, asks", [
    ("帮我把队员名单打印出来", True), ("帮我打印一下名单", True), ("能帮我们把表格寄过去", True),
    # counter-examples: answers that mention printing, and a change asked of an answer
    ("名单我自己打印", False), ("打印店楼上的活动室", False), ("帮我把名字改成夕阳红", False), ("寄养家庭的孩子", False),
])
def test_an_errand_asked_of_the_bot_is_a_side_request(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks


def test_an_errand_at_a_free_text_step_is_not_stored(domain) -> None:
    events, _messages = validate(F, "activities", "帮我把队员名单打印出来", domain, slots=_before(F, "activities"))
    assert not any(e.get("name") == "activities" and e.get("value") for e in events)

"""Paraphrases written for the structural-reading pass (not taken from the phrasing bank): each group is one
class of reply the parsers misread before, said in wordings of our own — a place named relative to another
(「…那边的…居委」), a larger place in brackets, a hedge or a topic before the value (「应该是…吧」「街道的话…」),
a cause before the team's state, a denial before the answer (「不是…，是…」「没在民政局登记」), a scope said
relative to a unit (「不跨街道」), lists of option numbers in words, everyday words for a service field, and
corrections that name a field without 改/错 (「电话换一个」「人数不是20，是28」)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from tests.actions.conftest import EARLIER_ANSWERS as EARLIER
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"


@pytest.mark.parametrize("form, slot, text, value", [
    # a 居委 named after a nearby place (那边的/附近的/一带的/旁边的)
    (F, "community", "徐家汇附近的汇站居委会", "汇站居委会"), (F, "community", "天山那块的天山二村居委", "天山二村居委"),
    (F, "community", "就在古北旁边的荣华居委会", "荣华居委会"), (F, "community", "曹家渡一带的三和居委", "三和居委"),
    # a larger place in brackets after the 居委
    (F, "community", "番禺居委（新华路街道）", "番禺居委"), (F, "community", "居委会：荣华居委会(虹桥街道)", "荣华居委会"),
    (F, "community", "天山二村居委（长宁区天山路街道）", "天山二村居委"), (F, "community", "三星村（华漕镇）", "三星村"),
    # a hedge or a topic before a place, a 叫 before the name
    (F, "street", "应该是天山路街道吧，归那里管", "天山路街道"), (F, "street", "街道的话…华漕镇吧", "华漕镇"),
    (F, "street", "好像是江苏路街道", "江苏路街道"), (F, "street", "我记得是周家桥", "周家桥街道"),
    (F, "street", "我们那个街道叫江苏路", "江苏路街道"), (F, "street", "没有街道，是镇，叫华漕镇", "华漕镇"),
    (F, "district", "区的话，徐汇区吧", "徐汇区"), (F, "community", "居委的话应该是番禺居委", "番禺居委"),
    (F, "community", "村里的，叫三星村", "三星村"),
    (D, "dereg_region", "我们在田林街道，徐汇区那个", "徐汇区田林街道"),
    (D, "dereg_region", "江苏路街道，长宁区这个", "长宁区江苏路街道"),
    # a topic before any other value
    (F, "team_name", "名字的话…星光合唱团吧", "星光合唱团"), (F, "team_name", "队名嘛，星光合唱团", "星光合唱团"),
    (F, "activity_place", "地点嘛，小区中心花园", "小区中心花园"), (F, "leader_name", "负责人的话，李建国吧", "李建国"),
    (D, "dereg_org_name", "名称的话…星光合唱团", "星光合唱团"),
    # a person's name after 找/联系, or with 同志
    (F, "leader_name", "找李建国就行", "李建国"), (F, "leader_name", "陈国华同志", "陈国华"),
    (F, "leader_name", "应该写张红梅", "张红梅"), (F, "leader_name", "联系刘芳就好", "刘芳"),
    # the category whose words cover more of what the team does
    (F, "category", "帮空巢老人上门理发", "生活服务类"), (F, "category", "给困难家庭上门打扫卫生", "生活服务类"),
    (F, "category", "组织独居老人一起唱歌跳舞", "文体活动类"),
])
def test_a_place_name_or_category_is_read_structurally(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("form, slot, text, value", [
    # the team's state after its cause (以后/之后/后来), a thing gone that is not the team
    (D, "dereg_reason", "老师走了以后就再没活动过", "inactive"), (D, "dereg_reason", "经费没了之后大家就散了", "dissolved"),
    (D, "dereg_reason", "场子被收回，后来跟隔壁队合并了", "merged"), (D, "dereg_reason", "活动室收回了，大家也就不来了", "inactive"),
    (D, "dereg_reason", "其实就是没什么人参加了", "inactive"), (D, "dereg_reason", "一年到头也搞不了几次活动", "inactive"),
    (D, "dereg_reason", "跟别的团队合二为一了", "merged"), (D, "dereg_reason", "成员都加入了隔壁的合唱团", "merged"),
    (D, "dereg_reason", "不是不活动，是散了", "dissolved"),
    # a denial before the kind meant; a split verb (备了个案, 备的案)
    (D, "dereg_org_type", "不是民政局登记的，是街道备案的队伍", "team"),
    (D, "dereg_org_type", "就是居委的兴趣小组，没备过案", "group"), (D, "dereg_org_type", "在镇上备的案", "team"),
    (E, "org_kind", "不是法人，是街道备的案", "备案类"), (E, "org_kind", "就街道备了个案", "备案类"),
    # scope said relative to a unit
    (F, "activity_scope", "不跨街道", "street"), (F, "activity_scope", "不出居委", "community"),
    (F, "activity_scope", "不光我们小区，隔壁小区也来", "street"), (F, "activity_scope", "别的街道也有人来", "district"),
    (F, "activity_scope", "本居委以外的人也有", "street"), (F, "activity_scope", "就咱们这个居民区", "community"),
    # option numbers in words, 什么都缺, everyday words for a field, grades never assessed
    (E, "support_needs", "一和三", ["资金", "人才"]), (E, "support_needs", "第二个和第四个", ["场地", "项目"]),
    (E, "support_needs", "选2跟4", ["场地", "项目"]), (E, "support_needs", "我们啥都缺", ["资金", "场地", "人才", "项目"]),
    (E, "support_needs", "最缺的是场地，其次是人", ["场地", "人才"]), (E, "support_needs", "钱，然后是人", ["资金", "人才"]),
    (E, "service_fields", "低保家庭", ["济困"]), (E, "service_fields", "困难户和残疾人", ["助残", "济困"]),
    (E, "service_fields", "帮小孩和老人", ["养老", "儿童"]),
    (E, "grade", "没参评", "无"), (E, "grade", "从没申请过评级", "无"),
])
def test_a_choice_is_read_past_causes_denials_and_relative_words(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("form, slot, text", [
    (D, "dereg_reason", "活动室拆了"),  # only a cause: which exit is not said
    (D, "dereg_org_type", "没在民政局登记"),  # not registered, but a team or a group?
    (E, "org_kind", "不是法人"), (E, "org_kind", "不是备案的"),  # only what it is not
    (F, "activity_scope", "没有跨区"),  # within the district says too little
    (F, "street", "是镇"),
])
def test_a_denial_or_a_cause_alone_is_asked_again(form, slot, text, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, None) in events and not any(e.get("name") == slot and e.get("value") for e in events)


@pytest.mark.parametrize("form, pending, text, slot, value", [
    (D, "dereg_confirmed", "手机号变了，新的是13900001111", "dereg_contact", "13900001111"),
    (D, "dereg_confirmed", "联系电话要换一下，打13900001111", "dereg_contact", "13900001111"),
    (F, "filing_confirmed", "电话换了，现在用13900001111", "leader_phone", "13900001111"),
    (F, "leader_phone", "人数不是20，是28", "member_count", 28),
    (F, "leader_phone", "街道不是新华路，是江苏路", "street", "江苏路街道"),
    (F, "activity_place", "我们其实有40个人", "member_count", 40),
    (F, "activities", "负责人不是我，是李建国", "leader_name", "李建国"),
])
def test_a_correction_naming_its_field_without_cuo_or_gai(form, pending, text, slot, value, domain) -> None:
    events, _messages = validate(form, pending, text, domain, slots=dict(EARLIER[form]))
    assert SlotSet(slot, value) in events and SlotSet(pending, None) in events


@pytest.mark.parametrize("form, slot, text, value", [
    (F, "activity_place", "不是在小区，是在居委活动室", "在居委活动室"),  # the pending answer, set against another
    (F, "community", "应该是荣华居委吧", "荣华居委"),  # a hedge, not a correction of the scope
    (F, "category", "其实是生活服务类", "生活服务类"),
    (D, "dereg_reason", "不是解散，是好几年没搞活动了", "inactive"),
    (D, "dereg_region", "田林街道，区应该是徐汇区", "徐汇区田林街道"),  # the hedge in the second piece keeps the first
])
def test_a_hedged_answer_fills_the_pending_question(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, value) in events and len([e for e in events if e.get("value") is not None]) == 1


@pytest.mark.parametrize("text, asks", [
    ("项目这一项不太明白", True), ("人才那个选项没看懂", True), ("备案类啥意思", True),
    ("暂时不缺什么", False), ("没啥特别需要的", False), ("我们什么都缺", False), ("一年也搞不了几次活动", False),
    ("徐汇区有专门的场地补贴没", True), ("公益类的有扶持没有", True), ("有几个党员，支部没有", False),
])
def test_not_understanding_asks_and_nothing_much_does_not(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks


@pytest.mark.parametrize("form, pending, text, slot, value", [
    # a field then 改/换 without 成 (「人数改30」「场地换到…了」)
    (F, "filing_confirmed", "人数改32", "member_count", 32),
    (F, "filing_confirmed", "活动地点改到社区文化中心", "activity_place", "社区文化中心"),
    (F, "filing_confirmed", "场地换到居委活动室了", "activity_place", "居委活动室"),
    (F, "filing_confirmed", "街道换成江苏路", "street", "江苏路街道"),
])
def test_a_field_changed_with_gai_or_huan_alone(form, pending, text, slot, value, domain) -> None:
    events, _messages = validate(form, pending, text, domain, slots=dict(EARLIER[form]))
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("form, slot, text, value", [
    # a name before a remark on what the person does (在带/牵头/担任), or after 的叫/的是
    (F, "leader_name", "我们那个领头的叫李建国", "李建国"), (F, "leader_name", "是李建国叔叔在带", "李建国"),
    (F, "leader_name", "现在是李建国在张罗", "李建国"), (F, "leader_name", "负责人由李建国担任", "李建国"),
    # a 居委 with a remark on how sure, a 管我们 after it, a 那个 before it
    (F, "community", "荣华居委会吧，我也说不准", "荣华居委会"), (F, "community", "荣华居委会管着我们", "荣华居委会"),
    (F, "community", "就是那个天山二村居委", "天山二村居委"),
    (F, "street", "江苏路那边，江苏路街道", "江苏路街道"),
    # the main category said after the others (主要是/最主要还是)
    (F, "category", "文体公益都有点，主要是公益", "公益慈善类"), (F, "category", "偶尔唱歌，最主要还是帮困", "公益慈善类"),
])
def test_the_value_is_kept_apart_from_remarks_around_it(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("slot, text", [("leader_name", "队长不是李建国"), ("community", "说不准，回头问问居委")])
def test_a_denied_name_or_only_a_doubt_is_not_stored(slot, text, domain) -> None:
    events, _messages = validate(F, slot, text, domain, slots=_before(F, slot))
    assert not any(e.get("name") == slot and e.get("value") for e in events)


@pytest.mark.parametrize("form, slot, text, value", [
    (E, "newly_founded", "三年多了", False), (E, "newly_founded", "成立两年了", False), (E, "newly_founded", "十几年了", False),
    (D, "dereg_org_name", "社区的舞蹈队", None), (D, "dereg_org_name", "我们小区的合唱团", None),  # a kind, no name
    (D, "dereg_org_name", "社区舞蹈队", "社区舞蹈队"),
])
def test_years_counted_and_a_team_described_without_a_name(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("text", ["李建国，就是我本人", "就是我自己，李建国", "李建国，是我本人"])
def test_a_name_said_with_myself_is_the_name(text, domain) -> None:
    events, _messages = validate(F, "leader_name", text, domain, slots=_before(F, "leader_name"))
    assert SlotSet("leader_name", "李建国") in events


@pytest.mark.parametrize("text, name", [("星光合唱团（暂定）", "星光合唱团"), ("星光合唱团(临时名)", "星光合唱团"),
                                        ("睦邻服务中心（筹）", "睦邻服务中心(筹)")])
def test_a_remark_in_brackets_is_no_part_of_a_name(text, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("reply", ["不用了", "算了吧", "先不填了", "不想说", "那不用了哈"])
def test_declining_is_never_stored_as_a_name_or_a_description(reply: str) -> None:
    """A resident tried: a filing form started by mistake, 「不用了」 became the team's name."""
    assert parsing.parse_team_name(reply) is None and parsing.parse_person(reply) is None
    assert parsing.free_text(reply) is None
    assert parsing.parse_yes_no("不用了") is False  # at a yes/no question it is the answer no


@pytest.mark.parametrize("reply", ["助老 买菜 陪聊", "唱歌，跳舞，打拳"])
def test_a_list_of_words_is_not_a_leaders_name(reply: str) -> None:
    assert parsing.parse_person(reply) is None


@pytest.mark.parametrize("form, slot", [(F, "filing_confirmed"), (D, "dereg_confirmed")])
@pytest.mark.parametrize("text", ["等等 我先问问队长 先不提交了", "明天再提交吧", "我问问书记再说"])
def test_putting_the_confirmation_off_keeps_everything_and_says_how_to_come_back(form, slot, text, domain) -> None:
    from actions.common import ON_HOLD

    events, messages = validate(form, slot, text, domain, slots=_before(form, slot))
    assert SlotSet(slot, None) in events and not any(e.get("name") == slot and e.get("value") for e in events)
    assert [m["text"] for m in messages] == [ON_HOLD]


@pytest.mark.parametrize("text, street", [("长宁区新华路街道的", "新华路街道"), ("温州鹿城区五马街道", "五马街道")])
def test_a_district_answer_that_also_names_the_street_fills_both_and_says_so(text, street, domain) -> None:
    events, messages = validate(F, "district", text, domain, slots=_before(F, "district"))
    assert SlotSet("street", street) in events and f"记为「{street}」" in messages[-1]["text"]


def test_a_district_answer_alone_or_an_earlier_street_is_left_as_it_is(domain) -> None:
    events, messages = validate(F, "district", "长宁区", domain, slots=_before(F, "district"))
    assert not any(e.get("name") == "street" for e in events) and messages == []
    earlier = {**_before(F, "district"), "street": "仙霞新村街道"}
    events, _ = validate(F, "district", "长宁区新华路街道的", domain, slots=earlier)
    assert not any(e.get("name") == "street" for e in events)


@pytest.mark.parametrize("reply", ["可能是老年人多", "大概在小区花园"])
def test_what_a_hedge_leaves_behind_is_no_name(reply: str) -> None:
    assert parsing.parse_person(reply) is None


@pytest.mark.parametrize("reply", ["成立不到两年", "还没两年"])
def test_less_than_two_years_is_not_read_as_two_years(reply: str) -> None:
    from actions.eligibility_answers import founded_recently

    assert founded_recently(reply) is not False


def test_service_fields_come_from_their_own_words_only() -> None:
    from actions.eligibility_answers import parse_fields

    assert parse_fields("主要助老，别的再商量") == ["养老"] and parse_fields("帮低保户") == ["济困"]

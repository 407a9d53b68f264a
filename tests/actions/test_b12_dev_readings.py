"""The b12 batch of the phrasing bank (dev half only), read by the form validators, and the reading rules
it led to, each with its own examples and counter-examples that keep their old reading: a value taken back
inside the reply (「长宁区 哦不对 是徐汇」), one mechanism for every slot (actions/form_reading.without_retracted);
a clause ending in 的 before a team's name (「要销掉的就是…」「上面印的是…」), 就 before one, a bracketed state after
one (「（已停止活动）」) and the question's word echoed (「队名？…」); a bracketed note after a person's name; 「我们几
个」「最后几个」 ask nothing, a choice followed by 「我搞不清了」 states a doubt, 「选A还是B好」 and hearsay with a
「？」 ask; 「请提交」 confirms; 「没去民政局登记」 is the filed kind; a need given or lent (「地方居委借给我们了」) is none,
「人都缺」 is people; a region's unsure part left out; 「填X吧」 names the place to write; a 居委 said to sit inside the
estate just named takes its name, a house number names none; 「跟…一个意思」 points elsewhere; places after
「所属区县为」「具体是」「本团队登记于…辖区」. Corrections the simulated conversations of b12 used: a change of mind
(「类别再想想，还是…吧」), 「名字前面还有几个字」, 岔 for 错, 「写成/改填」, 「更正：我们是…」, and a correction naming the
pending question's own field answers it (「名字写错了，应该是…」 at the name question no longer changes the type).

The bank figures are measured by tests/actions/bank_readings.py; tests/actions/test_bank_dev_readings.py lists
what is left, so that any new miss fails."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.deregistration import map_reason, parse_region
from actions.eligibility_answers import parse_needs, parse_org_kind
from actions.filing import parse_activities
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"


def _stored(form: str, slot: str, text: str, domain) -> dict:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot" and e["name"] != "requested_slot"}


# a value taken back inside the reply ------------------------------------------------------------------------
@pytest.mark.parametrize("text, found", [
    ("徐汇区 哦不对 是静安区", ("徐汇区", "静安区")), ("合并……不对，大家散伙了", ("合并", "大家散伙了")),
    ("钱宝根，根是树根的根 噢不是 是根本的根", ("钱宝根，根是树根的根", "根本的根")), ("二十个 口误 二十六个", ("二十个", "二十六个")),
    # counter-examples: an earlier answer taken back, nothing said instead, 不对/不过 inside words, something added
    ("不对，刚才电话写错了", None), ("静安区，不对", None), ("对，不对外开放", None), ("静安区，哦不过我们在徐汇活动", None),
    ("刚才那个 说错了 是30", None), ("每周跳舞 哦不 还打太极", None),
])
def test_a_retraction_inside_a_reply(text, found) -> None:
    assert parsing.retraction(text) == found


@pytest.mark.parametrize("form, slot, text, stored", [
    (F, "district", "静安区 哦不对 是普陀区", {"district": "普陀区"}),
    (F, "activity_scope", "就小区里 哦不对 整个街道的都来", {"activity_scope": "street"}),
    (F, "activity_place", "小区花园，哦不是，居委活动室", {"activity_place": "居委活动室"}),
    (F, "leader_name", "钱宝根，根是树根的根 噢不是 是根本的根", {"leader_name": "钱宝根"}),  # a remark taken back
    (F, "member_count", "二十个 口误 二十六个", {"member_count": 26}),
    (D, "dereg_reason", "合并……不对，大家散伙了", {"dereg_reason": "dissolved"}),
    (E, "region", "北京朝阳 哦不对 是北京海淀", {"region": "北京市海淀区"}),
    (E, "org_kind", "备案类 哦不对 我们在民政局登记过 是法人", {"org_kind": "法人类登记"}),
    (E, "support_needs", "场地 哦不对 场地有了 缺老师", {"support_needs": ["人才"]}),
    # counter-examples: a count taken back at the place question corrects the count; nothing said instead is not stored;
    # an earlier answer named by its field is corrected as before
    (F, "activity_place", "20人 说错了 是26人", {"member_count": 26, "activity_place": None, "filing_confirmed": None}),
    (F, "team_name", "晚霞舞蹈队 哦不对 我再想想", {"team_name": None}),
    (F, "activity_place", "电话 错了 是13912345678", {"leader_phone": "13912345678", "activity_place": None, "filing_confirmed": None}),
    (F, "district", "晚霞队 哦不对 名字是晚霞舞蹈队", {"team_name": "晚霞舞蹈队", "district": None, "filing_confirmed": None}),
])
def test_a_retracted_value_is_read_as_what_is_said_instead(form, slot, text, stored, domain) -> None:
    assert _stored(form, slot, text, domain) == stored


# team names ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("我们报的就是晚霞舞蹈队", "晚霞舞蹈队"), ("回执上写的是康乐门球队，别弄错了", "康乐门球队"), ("就晚霞舞蹈队嘛", "晚霞舞蹈队"),
    ("名称：康乐门球队（已解散）", "康乐门球队"), ("队名？晚霞舞蹈队", "晚霞舞蹈队"),
    ("我们几个老邻居搞的队，名字叫邻里守望站", "邻里守望站"),
    # counter-examples: 就 starting a name, a bracket that is part of the name, a pointer with no name, an echo alone
    ("就业援助志愿队", "就业援助志愿队"), ("就医陪护小组", "就医陪护小组"), ("康乐服务中心（筹）", "康乐服务中心(筹)"),
    ("晚霞舞蹈队（老年组）", "晚霞舞蹈队(老年组)"), ("我们要的是这个", None), ("名称？", None),
])
def test_team_names_after_lead_ins_and_before_bracketed_states(text, name) -> None:
    assert parsing.parse_team_name(text) == name


# leaders ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("负责人：钱宝根（老队长，干了十年）", "钱宝根"), ("钱宝根（电话等会儿给你）", "钱宝根"),
    ("我们会长（不方便透露）", None), ("钱阿姨（退休老师）", None),  # counter-examples: no name outside the brackets
])
def test_a_bracketed_note_after_a_person(text, name) -> None:
    assert parsing.parse_person(text) == name


# what asks and what does not -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, asks", [
    ("我们几个老邻居搞的", False), ("最后几个也不来了", False), ("前几天刚开过会", False),
    ("街道是新华路还是天山路我记不清了", False), ("听说要注销，所以来办", False),
    ("选文体类还是公益类好", True), ("听说备案以后每年都要年检？", True),
    # counter-examples: still questions
    ("你们几点开门", True), ("我们几个人能备案吗", True), ("是新华路还是天山路", True),
])
def test_few_of_us_a_stated_doubt_a_choice_and_hearsay(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks


def test_hearsay_asked_back_asks_in_words_and_a_plain_answer_does_not() -> None:
    assert parsing.asks_in_words("听说备案以后每年都要年检？") and not parsing.asks_in_words("长宁区吧？")


def test_a_reason_after_the_last_few_who_left() -> None:
    assert map_reason("唱的人越来越少，最后几个也不来了，干脆解散吧") == "dissolved"
    assert map_reason("最后几个也不来了") == "inactive"  # counter-example: no decision, the team is only inactive


# confirmation, kind, needs ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, answer", [
    ("都看过了，请提交", True), ("麻烦帮我提交", True),
    ("请先别提交", False), ("请问提交后多久有结果", None), ("请提交前再让我看一下", None),  # counter-examples
])
def test_a_request_to_submit_confirms(text, answer) -> None:
    assert parsing.parse_yes_no(text) is answer


@pytest.mark.parametrize("text, kind", [("我们没到民政局注册过", "备案类"), ("我们去民政局登记过", "法人类登记")])
def test_a_registration_not_gone_to_is_the_filed_kind(text, kind) -> None:
    assert parse_org_kind(text) == kind


@pytest.mark.parametrize("text, needs", [
    ("场地街道借给我们了，缺钱", ["资金"]), ("钱批下来了 缺场地", ["场地"]), ("钱和场地都缺", ["资金", "场地"]),
    ("老师和人都缺", ["人才"]),
    # counter-examples: not given, or given too little, is still a need
    ("街道不给了，缺钱", ["资金"]), ("缺的老师还没派来", ["人才"]), ("希望居委借给我们一间屋子", ["场地"]), ("钱给了一点，不够", ["资金"]),
])
def test_a_need_given_or_lent_is_no_need(text, needs) -> None:
    assert parse_needs(text) == needs


# places ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, region", [
    ("上海长宁，街道是新华路还是天山路记不清了", "长宁区"), ("长宁区，街道要问问队长", "长宁区"),
    # counter-examples: nothing sure is said; 还是 meaning "still" chooses nothing
    ("长宁区还是徐汇区", None), ("新华路还是天山路我不确定", None), ("我们还是在长宁区新华路街道", "长宁区新华路街道"),
])
def test_the_unsure_part_of_a_region_is_left_out(text, region) -> None:
    assert parse_region(text) == region


@pytest.mark.parametrize("text, district", [
    ("家在普陀，活动都在长宁，填长宁吧", "长宁区"), ("住闵行，但是按静安填", "静安区"), ("写长宁就行", "长宁区"),
    ("长宁区", "长宁区"), ("就写这个吧", None),  # counter-examples
])
def test_the_place_to_write_down(text, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, community", [
    ("曹杨一村，居委会就设在一村里面", "曹杨一村居委会"),
    # counter-examples: the 居委 in another estate, or nowhere named; a house number; a 居委 named with one
    ("曹杨一村，居委会在二村里面", "曹杨一村"), ("居委会就在小区里", None), ("我家在康健新村12号楼", None), ("5栋2单元", None),
    ("番禺居委会，我住5号楼", "番禺居委会"), ("古龙1村", "古龙一村"),
])
def test_a_community_inside_its_estate_and_house_numbers(text, community) -> None:
    assert parsing.parse_community(text) == community


# non-answers -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["跟团队名字一个意思", "和上一个是一回事", "同名字一码事"])
def test_the_same_as_another_answer_is_no_answer(text) -> None:
    assert parsing.is_non_answer(text) and parse_activities(text) is None


def test_together_with_someone_is_still_an_activity() -> None:
    assert parse_activities("跟老人一起唱歌") == "跟老人一起唱歌"  # counter-example: 跟 without 一个意思


def test_a_retraction_at_the_district_also_gives_the_street_said_after_it(domain) -> None:
    events, _messages = validate(F, "district", "静安区 哦不对 是长宁区，新华路那块", domain, slots=_before(F, "district"))
    assert SlotSet("district", "长宁区") in events and SlotSet("street", "新华路街道") in events


@pytest.mark.parametrize("text, district", [
    ("所属区县为余杭区", "余杭区"), ("登记在长宁区", "长宁区"),
    ("所属区县", None), ("具体点说", None),  # counter-examples: the label alone, no place
])
def test_a_place_after_its_form_label(text, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, region", [
    ("本团队登记于浦东新区陆家嘴街道辖区", "浦东新区陆家嘴街道"), ("杭州拱墅区嘛，具体是米市巷街道，离菜场不远", "拱墅区米市巷街道"),
    ("长宁区新华路街道", "长宁区新华路街道"), ("米市巷街道", "米市巷街道"),  # counter-examples: the old reading, 市 inside a name
])
def test_a_region_after_lead_ins(text, region) -> None:
    assert parse_region(text) == region


# corrections -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, stored", [
    (F, "member_count", "类别想了想，还是公益慈善类吧", {"category": "公益慈善类", "member_count": None, "filing_confirmed": None}),
    (D, "dereg_region", "名字后面还差两个字，全称是晚霞舞蹈队", {"dereg_org_name": "晚霞舞蹈队", "dereg_region": None,
                                                          "dereg_confirmed": None}),
    (F, "community", "街道填岔了，是天山路街道", {"street": "天山路街道", "community": None, "filing_confirmed": None}),
    (F, "leader_phone", "活动内容写成打太极吧，刚才没说清", {"activities": "打太极", "leader_phone": None, "filing_confirmed": None}),
    (F, "activities", "负责人改填钱宝根", {"leader_name": "钱宝根", "activities": None, "filing_confirmed": None}),
    # counter-examples: at the name question a correction naming the name answers it (the team's type stays); 岔 and
    # 写成 without a field are plain answers; thinking it over names no value
    (D, "dereg_org_name", "名字写错了，应该是晚霞舞蹈队", {"dereg_org_name": "晚霞舞蹈队"}),
    (F, "activity_place", "岔路口那边的花园", {"activity_place": "岔路口那边的花园"}),
    (F, "activities", "写毛笔字，写成对联送给邻居", {"activities": "写毛笔字，写成对联送给邻居"}),
    (F, "team_name", "名字我再想想", {"team_name": None}),
])
def test_corrections_the_b12_conversations_used(form, slot, text, stored, domain) -> None:
    assert _stored(form, slot, text, domain) == stored


def test_thinking_it_over_without_a_field_corrects_nothing(domain) -> None:
    stored = _stored(F, "activities", "想了想，还是跳广场舞吧", domain)  # counter-example: no field named, the pending answer
    assert "category" not in stored and stored["activities"]


def test_a_correction_labelled_gengzheng_names_the_kind(domain) -> None:
    slots = {**_before(E, "service_fields"), "org_kind": "法人类登记"}
    events, _messages = validate(E, "service_fields", "更正：我们只是在街道备过案的队伍，不是法人", domain, slots=slots)
    assert SlotSet("org_kind", "备案类") in events and SlotSet("service_fields", ["其他"]) not in events


@pytest.mark.parametrize("text, needs", [("钱街道刚批了经费，缺场地", ["场地"]), ("希望批点经费", ["资金"])])
def test_funds_granted_are_no_need(text, needs) -> None:
    assert parse_needs(text) == needs

"""The b9 batch of the phrasing bank (dev half only), read by the form validators, and the reading rules
it led to: a quoted word the team's kind follows, 「就两个字：晚霞」, 「…就叫这个」 and a nickname said in the
same breath are no part of a name; a remark in brackets (「（已经散了）」) and where a name is written
(「名字在回执上」) are none; 2️⃣ is 2; 嗯呐 is a filler and a 呀 a pause; 无误/同意提交 confirm; 廿 is 二十;
几个小区 in a statement asks nothing, several scopes 「都有可能」 choose none; a town before its village is
the street, 「那块儿」 says where; 古龙1村 is 古龙一村; 没搞过啥活动 is inactive; 报了个备 is filed; 孤老 are
elderly; 没人带 asks for people; a lone A is no grade. Side questions: 哪五社, 几号截止, 算A还是B and 你是AI吧
ask. Corrections: 是A不是B, 重新说, 正确的叫. Cancels: putting the whole flow off. Openings: every field
the clauses name by whom they serve, a team's own name only, a party branch, a street by the start of
its stem.

The bank figures are measured by tests/actions/bank_readings.py; tests/actions/test_bank_dev_readings.py lists
what is left, so that any new miss fails."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.cancel import means_cancel
from actions.deregistration import map_reason
from actions.eligibility_answers import parse_fields, parse_grade, parse_needs, parse_org_kind
from actions.filing import map_scope
from actions.prefill import prefill
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"
ELIGIBILITY = {"region": "上海市长宁区", "org_kind": "备案类", "grade": "无", "service_fields": ["养老"],
               "newly_founded": True, "support_needs": ["资金"], "hires_key_groups": False}





@pytest.mark.parametrize("text, name", [
    ("叫“银杏”合唱团", "银杏合唱团"), ("就叫「松鹤」门球队吧", "松鹤门球队"), ("队名就定“百灵鸟合唱团”了", "百灵鸟合唱团"),
    ("名字三个字：红玫瑰", "红玫瑰"), ("名字叫：夕阳红舞蹈队", "夕阳红舞蹈队"),
    ("大家一商量起名叫晨光健身队就叫这个", "晨光健身队"),
    ("我们呢就是那个银龄合唱团嘛大家都叫合唱团", "银龄合唱团"), ("就是那个康乐门球队，平时叫门球队", "康乐门球队"),
    ("红枫编织组（已经不活动了）", "红枫编织组"), ("红枫编织组（筹）", "红枫编织组(筹)"),
    ("夕阳红舞蹈队，名字在回执上也有", "夕阳红舞蹈队"),
])
def test_a_team_name_without_the_words_around_it(text, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text", ["名字写在证书上，我翻翻", "队名在登记表里", "名字我找找"])
def test_where_a_name_is_written_is_no_name(text) -> None:
    assert parsing.parse_team_name(text) is None


@pytest.mark.parametrize("form, slot, text, value", [
    (F, "activity_scope", "3️⃣", "district"), (D, "dereg_org_type", "1️⃣", "registered"), (F, "activity_scope", "2", "street"),
])
def test_a_keycap_digit_picks_that_option(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain)
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("text, name", [
    ("嗯呐 李建国", "李建国"), ("嗯哪，王秀英", "王秀英"), ("我叫周德明啊电话一会儿发你", "周德明"),
    ("负责人是孙凤英呀她管得多", "孙凤英"),
])
def test_a_filler_before_and_a_pause_after_a_name(text, name) -> None:
    assert parsing.parse_person(text) == name


@pytest.mark.parametrize("text, answer", [
    ("核对无误，同意提交", True), ("信息无误", True), ("同意注销", True), ("确认无误", True),
    ("信息有误", False), ("不同意提交", False),
])
def test_no_error_and_agreeing_confirm_and_their_opposites_do_not(text, answer) -> None:
    assert (parsing.parse_yes_no(text) is True) is answer


@pytest.mark.parametrize("text, count", [("廿来个", 20), ("廿五个人", 25), ("卅来人", 30), ("二十来个", 20)])
def test_the_old_characters_for_twenty_and_thirty(text, count) -> None:
    assert parsing.parse_count(text) == count


@pytest.mark.parametrize("text, scope", [
    ("附近几个小区都有人来，反正都在一个街道里", "street"), ("全区都有可能有人来", "district"),
    ("小区、街道、全区都有可能", None), ("本居委和跨街道都有可能吧", None), ("几个小区一起活动算跨居委吗", None),
])
def test_several_communities_said_and_several_scopes_left_open(text, scope) -> None:
    assert map_scope(text) == scope


@pytest.mark.parametrize("text, street", [
    ("七宝镇九星村那边", "七宝镇"), ("华漕镇许浦村", "华漕镇"), ("双井那块儿", "双井"), ("田林那片儿", "田林街道"),
])
def test_a_town_before_its_village_and_where_said_loosely(text, street) -> None:
    assert parsing.parse_street(text) == street


@pytest.mark.parametrize("text, community", [
    ("古龙1村居委会", "古龙一村居委会"), ("莲花12村", "莲花十二村"), ("田林20村居委", "田林二十村居委"), ("3号楼", None),
])
def test_a_numbered_village_is_named_in_chinese_numerals(text, community) -> None:
    assert parsing.parse_community(text) == community


@pytest.mark.parametrize("text, reason", [
    ("这两年基本没搞过啥活动", "inactive"), ("一年多没练过啥", "inactive"), ("去年起就没办过什么活动", "inactive"),
    ("你们最近搞过啥活动", None),
])
def test_no_activity_said_with_sha(text, reason) -> None:
    assert map_reason(text) == reason


def test_asking_what_activities_they_did_still_asks() -> None:
    assert parsing.looks_like_question("你们搞过啥活动")
    assert not parsing.looks_like_question("没搞过啥活动")


@pytest.mark.parametrize("text, kind", [("我们就在街道报了个备", "备案类"), ("报过备的，不是啥法人", "备案类"),
                                        ("我们是社工事务所", "法人类登记")])
def test_org_kinds_in_everyday_words(text, kind) -> None:
    assert parse_org_kind(text) == kind


@pytest.mark.parametrize("text, fields", [("陪孤老聊聊天", ["养老"]), ("给独居老人送饭", ["养老"]), ("帮困难户", ["济困"])])
def test_fields_named_by_whom_they_serve(text, fields) -> None:
    assert parse_fields(text) == fields


@pytest.mark.parametrize("text, needs", [("没人带我们", ["人才"]), ("没人教，也缺钱", ["资金", "人才"]),
                                         ("人带得动，就是缺钱", ["资金"])])
def test_no_one_to_lead_is_a_need_for_people(text, needs) -> None:
    assert parse_needs(text) == needs


@pytest.mark.parametrize("text, grade", [("A级", None), ("六个A", None), ("评了A级", None), ("AAA", "3A"), ("三个A", "3A")])
def test_a_lone_a_or_more_than_five_is_no_grade(text, grade) -> None:
    assert parse_grade(text) == grade


@pytest.mark.parametrize("text, asks", [
    ("三社联动是哪三社", True), ("补贴几号开始申报", True), ("这种算文体还是公益", True),
    ("几个小区的人一起跳，都在一个街道", False), ("我们属于文体类", False),
])
def test_asking_which_of_a_number_when_and_which_of_two(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks


@pytest.mark.parametrize("text, remark", [("你是机器人吧", True), ("您是真人吗？", True), ("你是AI吧😄", True),
                                          ("你是负责人吗", False), ("我是负责人", False)])
def test_what_the_assistant_is_asked_of_it(text, remark) -> None:
    assert parsing.remarks_to_bot(text) is remark


@pytest.mark.parametrize("form, pending, slots, text, slot, value", [
    (E, "grade", {"region": "上海市长宁区", "org_kind": "备案类"}, "哦，是上海徐汇不是长宁", "region", "上海市徐汇区"),
    (E, "has_party_org", ELIGIBILITY, "需要的东西重新说一下，是场地", "support_needs", ["场地"]),
    (F, "district", {"team_name": "夕阳红舞蹈队", "category": "文体活动类"}, "队名打快了，正确的叫夕阳红腰鼓队",
     "team_name", "夕阳红腰鼓队"),
])
def test_corrections_said_the_other_way_round_or_again(form, pending, slots, text, slot, value, domain) -> None:
    events, _messages = validate(form, pending, text, domain, slots=slots)
    assert SlotSet(slot, value) in events and SlotSet(pending, None) in events


def test_what_it_is_then_what_it_is_not_answers_the_pending_question(domain) -> None:
    events, _messages = validate(E, "org_kind", "是备案的不是登记的", domain, slots={"region": "上海市长宁区"})
    assert SlotSet("org_kind", "备案类") in events


@pytest.mark.parametrize("text, cancels", [
    ("唉算了，等我孙女放假回来帮我填", True), ("登记的事过了年再说吧", True), ("自查先放一放", True), ("停，别再问了", True),
    ("这次暂不继续", True), ("人数回头再告诉你", False), ("等我问问队长再提交", False), ("停车场边上的空地", False),
])
def test_putting_the_whole_flow_off_cancels_it(text, cancels) -> None:
    assert means_cancel(text) is cancels


@pytest.mark.parametrize("flow, text, values", [
    ("eligibility", "我们给独居老人送餐，也帮残疾人", {"service_fields": ["养老", "助残"]}),
    ("eligibility", "帮我们红枫合唱团查查能不能拿补贴", {}),
    ("eligibility", "我们队建了党支部，想看看有啥扶持", {"has_party_org": True}),
    ("eligibility", "我们还没有党支部，有啥扶持", {}),
    ("filing", "北京朝阳的楼组长议事会想备案", {"category": "社区事务类", "district": "朝阳区"}),
    ("filing", "普陀长风这边的，队名叫长风晨练合唱团，想备案", {"team_name": "长风晨练合唱团", "category": "文体活动类",
                                                    "district": "普陀区"}),
])
def test_what_an_opening_says_of_the_team(flow, text, values) -> None:
    said = prefill(flow, text)
    assert {k: v for k, v in said.items() if k in ("service_fields", "has_party_org", "team_name", "district",
                                                   "category")} == values


def test_a_street_named_by_the_start_of_its_stem_after_its_district() -> None:
    assert parsing.street_after_district("长宁天山的太极拳队", "长宁区") == "天山路街道"
    assert parsing.street_after_district("长宁新华的舞蹈队", "长宁区") in (None, "新华路街道")


@pytest.mark.parametrize("form, slot, text", [
    (F, "team_name", "登记的事过了年再说"), (F, "category", "这事等开春再说吧"), (F, "activities", "等我儿子放假回来帮我填"),
    (E, "service_fields", "自查先搁一搁"),
])
def test_putting_the_matter_off_is_no_value(form, slot, text, domain) -> None:
    events, _messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, None)]


@pytest.mark.parametrize("form, slot, text, value", [
    (F, "activities", "下雨天就不搞了，平时跳广场舞", "下雨天就不搞了，平时跳广场舞"), (F, "team_name", "再说一遍，叫红枫合唱团", "红枫合唱团"),
])
def test_answers_with_later_or_again_words_are_still_stored(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain)
    assert SlotSet(slot, value) in events


def test_found_in_the_dev_eval_a_label_a_named_category_and_a_typed_field() -> None:
    """「所在区及街道：…」 is a form's label before the place; a category named before 「主要是…」 is the answer;
    「社区治里」 is one sound off 社区治理 (「公益和文体都沾点，主要是公益」 still takes the main one)."""
    from actions.deregistration import parse_region
    from actions.filing import map_category
    assert parse_region("所在区及街道：朝阳区双井街道") == "朝阳区双井街道"
    assert map_category("社区事务类，主要是协助居委会做事情") == "社区事务类"
    assert map_category("公益和文体都沾点，主要是公益") == "公益慈善类"
    assert parse_fields("社区治里") == ["社区治理"] and parse_fields("帮居民修电器") == ["其他"]

"""The b8 batch of the phrasing bank (dev half only), read by the form validators, and the reading rules
it led to: a count said roughly is told back, a landline where a mobile is asked gets its own message,
「一百五」 is 150, 「几十个」 no number, a name after 「我们楼的」 or before 「一个」, a city no district, a
count of 居委 or a 物业公司 no 居委, a name that cannot be remembered no name.

The bank figures are measured by tests/actions/bank_readings.py; the few readings still missed belong to
parsers outside actions/parsing (categories, grades, founding, needs, fields: filing_config.yml and
actions/eligibility_answers.py) and are listed in tests/actions/test_bank_dev_readings.py so that any new
miss fails."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.asking import ASK_ACTIONS
from tests.actions.conftest import make_tracker, run
from tests.actions.conftest import validate_form as validate

F, D = "filing_form", "deregistration_form"





@pytest.mark.parametrize("text, count, rough", [
    ("差不多一百五", 150, True), ("两千三", 2300, False), ("一百零五", 105, False), ("一百二十个", 120, False),
    ("二十来个", 20, True), ("十几个人", 10, True), ("二十几个老姐妹", 20, True),
])
def test_counts_said_in_words(text, count, rough) -> None:
    assert parsing.parse_count_detail(text) == (count, rough)


@pytest.mark.parametrize("text", ["几十个吧", "好几十号人", "几百个"])
def test_a_count_with_no_number_said_is_none(text) -> None:
    assert parsing.parse_count_detail(text) is None


@pytest.mark.parametrize("text, rough", [("二十来个", True), ("十几个人吧", True), ("三十左右", True), ("28", False)])
def test_a_rough_count_is_stored_and_told_back_before_the_next_question(text, rough, domain) -> None:
    events, messages = validate(F, "member_count", text, domain)
    value = parsing.parse_count(text)
    assert SlotSet("member_count", value) in events and messages == []
    tracker = make_tracker(text, form=F, slots={"member_count": value})
    _events, asked = run(ASK_ACTIONS["activity_scope"](), tracker, domain)
    first = asked[0]["text"].splitlines()[0]
    assert (first == f"人数先按大约 {value} 记下了；知道准确数的话，随时说「人数改成……」。") is rough
    assert asked[0]["text"].splitlines()[-1].startswith("第 7/11 步")


@pytest.mark.parametrize("form, slot", [(F, "leader_phone"), (D, "dereg_contact")])
@pytest.mark.parametrize("text", ["021-6234 5678", "6234-5678", "座机 62345678", "(021)62345678"])
def test_a_landline_where_a_mobile_is_asked_is_not_stored_and_said_so(form, slot, text, domain) -> None:
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, None)]
    assert "座机" in messages[-1]["text"] and "手机号" in messages[-1]["text"]


@pytest.mark.parametrize("text", ["13812345678", "手机13812345678，座机62345678也行"])
def test_a_mobile_is_stored_whatever_else_is_said(text, domain) -> None:
    events, _messages = validate(D, "dereg_contact", text, domain)
    assert SlotSet("dereg_contact", "13812345678") in events


@pytest.mark.parametrize("text, name", [
    ("负责人是我们楼的蒋国栋，我替他报", "蒋国栋"), ("负责人就王秀英一个，没有副的", "王秀英"),
    ("隔壁单元的李建国", "李建国"), ("王秀英一个人负责", "王秀英"),
])
def test_a_name_after_where_the_person_lives_or_before_a_count(text, name) -> None:
    assert parsing.parse_person(text) == name


@pytest.mark.parametrize("text", ["老张头", "小李哥", "隔壁的王阿姨"])
def test_what_people_call_someone_is_no_name(text) -> None:
    assert parsing.parse_person(text) is None


@pytest.mark.parametrize("text", ["我们好像归两个居委管，搞不清", "物业公司", "归物业管"])
def test_a_count_of_juwei_or_another_body_is_no_community(text) -> None:
    assert parsing.parse_community(text) is None


@pytest.mark.parametrize("text, district", [("上海市", None), ("杭州市", None), ("瑞安市", "瑞安市"), ("长宁区", "长宁区")])
def test_a_city_is_no_district(text, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, name", [("年头太久，名字想不起来了", None), ("队名记不起来了", None),
                                        ("叫银龄合唱团，备案号不记得了", "银龄合唱团")])
def test_a_name_that_cannot_be_remembered_is_no_name(text, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("pending, text, slot, value", [
    ("leader_name", "范围说大了，其实就我们一个居委的人", "activity_scope", "community"),
    ("leader_name", "人数报多了，其实就25个", "member_count", 25),
    ("filing_confirmed", "街道搞错了哈，是七宝镇才对", "street", "七宝镇"),
])
def test_a_correction_said_as_too_big_or_with_cai_dui(pending, text, slot, value, domain) -> None:
    earlier = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "闵行区", "street": "古美路街道",
               "community": "古龙一村居委会", "member_count": 30, "activity_scope": "street", "leader_name": "王秀英",
               "leader_phone": "13812345678", "activity_place": "小区花园", "activities": "跳舞"}
    slots = {k: v for k, v in earlier.items() if k != pending}
    events, _messages = validate(F, pending, text, domain, slots=slots)
    assert SlotSet(slot, value) in events and SlotSet(pending, None) in events


@pytest.mark.parametrize("form, slot, text, value", [
    (F, "activity_scope", "我们到处演出，不限哪个街道", "district"),
    (F, "activities", "每天给独居老人打个电话问问好", "每天给独居老人打个电话问问好"),
])
def test_any_said_with_a_question_word_and_a_greeting_are_answers(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots={"district": "长宁区", "street": "新华路街道"})
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("text, scope", [("本居为", "community"), ("跨居为", "street"), ("跨街到", "district")])
def test_a_scope_typed_one_sound_alike_off(text, scope) -> None:
    assert parsing.parse_scope(text) == scope


def test_an_activity_not_yet_agreed_is_no_activity() -> None:
    assert parsing.free_text("活动内容还没商量好") is None

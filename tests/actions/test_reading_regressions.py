"""Regressions a review found in the reading rules of c8c02f1 (tests/actions/test_b9_dev_readings.py), each with
the reviewer's inputs and a variation or two: a 同意 said with a negation before it confirms nothing; 「是X不是Y」
corrects an earlier answer only when Y names it; what follows 主要(还)是 is the category; an opening pre-fills a
party branch only when the user's own team has one; an answer with a putting-off clause is the answer, a field
put off is re-asked, a confirmation put off is on hold, and none of them cancels; 「算…吧，还是…」 is no
either-or question; 「没搞过啥活动也能备案」 asks; a filing planned or denied is no 备案类; questions about doing it
later and a short break are not read as 「取消」 by the trained model."""
from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions import parsing
from actions.cancel import ActionCancelFlow, means_cancel
from actions.eligibility_answers import parse_org_kind
from actions.filing import map_category
from actions.prefill import prefill
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import make_tracker, run
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"


def _answer(form: str, slot: str, text: str, domain: dict, intent: str = "inform"):
    return validate(form, slot, text, domain, intent=intent, slots=_before(form, slot))


def _cancel_action(form: str, slot: str, text: str, domain: dict):
    """What 「action_cancel_flow」 does when NLU read the message as cancel in the middle of the form."""
    tracker = make_tracker(text, intent="cancel", requested=slot, form=form, slots=_before(form, slot))
    tracker.slots.pop(slot, None)
    return run(ActionCancelFlow(), tracker, domain)


# 1 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text", [
    (D, "dereg_confirmed", "队员们还没同意注销"), (D, "dereg_confirmed", "没人同意注销"), (D, "dereg_confirmed", "大家都不太同意注销"),
    (D, "dereg_confirmed", "不能同意注销"), (D, "dereg_confirmed", "不会同意注销的"), (F, "filing_confirmed", "队长还没同意提交"),
    (D, "dereg_confirmed", "没有人同意注销"), (F, "filing_confirmed", "大家还没同意提交呢"), (F, "filing_confirmed", "会长不同意提交"),
])
def test_agreeing_said_with_a_negation_confirms_nothing(form, slot, text, domain) -> None:
    events, messages = _answer(form, slot, text, domain)
    assert SlotSet(slot, True) not in events and SlotSet(slot, None) in events and messages
    assert parsing.parse_yes_no(text) is not True


@pytest.mark.parametrize("text", ["同意注销", "大家都同意注销", "没问题，大家都同意注销", "信息无误"])
def test_agreeing_still_confirms(text, domain) -> None:
    events, _messages = _answer(D, "dereg_confirmed", text, domain)
    assert SlotSet("dereg_confirmed", True) in events


# 2 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, earlier", [
    (D, "dereg_reason", "是队长走了，不是人数不够", "dereg_org_type"),
    (D, "dereg_org_name", "是我们小区的舞蹈队不是合唱队", "dereg_org_type"),
    (D, "dereg_contact", "是队长的电话，不是我的", "dereg_org_type"),
    (F, "leader_name", "是居委的张书记不是我", "activity_scope"),
    (F, "leader_name", "是我们小区的王阿姨，不是队长", "activity_scope"),
    (F, "leader_phone", "是居委的电话不是我的", "activity_scope"),
    (F, "leader_name", "是跳舞的老张，不是唱歌的", "category"),
    (F, "leader_phone", "是社区的座机，不是我的手机", "activity_scope"),
    (F, "leader_name", "是唱歌的李阿姨不是我", "category"),
])
def test_what_it_is_and_is_not_changes_no_earlier_answer_it_does_not_name(form, slot, text, earlier, domain) -> None:
    events, _messages = _answer(form, slot, text, domain)
    assert not [e for e in events if e.get("name") == earlier]
    assert not [e for e in events if e.get("name") != slot and e.get("value") is not None]


@pytest.mark.parametrize("form, slot, text, earlier, value", [
    (F, "street", "是上海静安不是长宁", "district", "静安区"),
    (F, "member_count", "是徐汇不是长宁", "district", "徐汇区"),
])
def test_what_it_is_and_is_not_corrects_the_earlier_answer_it_names(form, slot, text, earlier, value, domain) -> None:
    events, _messages = _answer(form, slot, text, domain)
    assert SlotSet(earlier, value) in events


# 3 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, category", [
    ("公益慈善类也沾点边，主要是唱歌跳舞", "文体活动类"), ("社区事务类偶尔帮帮忙，主要是跳广场舞", "文体活动类"),
    ("文体活动类和公益慈善类都有，主要是公益慈善类", "公益慈善类"), ("生活服务类有一点，主要还是文体", "文体活动类"),
    ("生活服务类沾一点，主要是教大家打太极", "文体活动类"), ("社区事务类，主要是协助居委会做事情", "社区事务类"),
])
def test_what_is_said_after_mainly_is_the_category(text, category) -> None:
    assert map_category(text) == category


# 4 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, has", [
    ("有党支部的社会组织有什么扶持", None), ("成立了党支部的队伍能多拿钱吗", None), ("街道有党支部，我们队没有，能拿补贴不", None),
    ("有党组织的协会能多拿补贴吗", None), ("我们队里有党支部", True), ("咱们团队里成立了临时党支部，能拿什么扶持", True),
])
def test_a_party_branch_is_pre_filled_only_when_the_team_has_one(text, has) -> None:
    assert prefill("eligibility", text).get("has_party_org") is has


# 5 and 7 --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, value", [
    (F, "activities", "主要是跳舞，以后再搞点志愿服务", "主要是跳舞"),
    (F, "activities", "每天跳舞，下雨就先停一停", "每天跳舞，下雨就先停一停"),
    (F, "activities", "冬天活动先停一停", "冬天活动先停一停"),
    (F, "activity_place", "小区花园，下雨的话等雨停再说", "小区花园"),
    (F, "activities", "每周三跳广场舞，等天暖和了再搞户外的", "每周三跳广场舞"),
    (F, "activities", "唱歌跳舞等文体活动每月再搞一次聚餐", "唱歌跳舞等文体活动每月再搞一次聚餐"),
    (F, "activity_place", "现在在居委活动室，以后再说", "现在在居委活动室"),
    (E, "service_fields", "陪老人聊天，别的以后再说", ["养老"]),
    (F, "activities", "每周二练合唱，等天热了再搞户外的", "每周二练合唱"),
    (F, "activity_place", "社区活动中心，周末的话以后再说", "社区活动中心"),
])
def test_an_answer_with_a_putting_off_clause_is_the_answer_and_no_cancel(form, slot, text, value, domain) -> None:
    events, _messages = _answer(form, slot, text, domain)
    assert SlotSet(slot, value) in events
    events, _messages = _cancel_action(form, slot, text, domain)
    assert ActiveLoop(None) not in events and SlotSet(slot, value) in events


@pytest.mark.parametrize("form, slot, text", [
    (D, "dereg_confirmed", "等开完会再办"), (F, "filing_confirmed", "等队长看过再说"), (F, "filing_confirmed", "等我跟大家商量了再说"),
    (D, "dereg_confirmed", "等队员们都知道了再办"),
])
def test_a_confirmation_put_off_is_on_hold_not_cancelled(form, slot, text, domain) -> None:
    events, messages = _cancel_action(form, slot, text, domain)
    assert ActiveLoop(None) not in events and SlotSet(slot, True) not in events
    assert any("先不提交" in (m.get("text") or "") for m in messages)


@pytest.mark.parametrize("text, cancels", [
    ("冬天活动先停一停", False), ("每天跳舞，下雨就先停一停", False), ("先停一停", False),
    ("登记的事过了年再说吧", True), ("登记的事先放着，以后再弄", True), ("取消", True), ("停，别再问了", True),
])
def test_a_short_break_is_no_cancel_word(text, cancels) -> None:
    assert means_cancel(text) is cancels


# 6 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text", [
    (F, "leader_phone", "电话等我儿子回来帮我填"), (F, "team_name", "名字等开会定了再填"),
    (F, "member_count", "人数等我数一数再填"), (D, "dereg_contact", "电话等我女儿下班了再说"),
])
def test_a_field_put_off_is_asked_again_and_cancels_nothing(form, slot, text, domain) -> None:
    events, messages = _answer(form, slot, text, domain)
    assert events == [SlotSet(slot, None)] and "先不记" in messages[-1]["text"]
    assert not means_cancel(text)
    events, _messages = _cancel_action(form, slot, text, domain)
    assert ActiveLoop(None) not in events


# 8 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, value", [
    (F, "category", "算文体吧，主要还是跳舞", "文体活动类"), (F, "activity_scope", "算本小区吧，主要还是我们楼里的人", "community"),
    (D, "dereg_reason", "算解散吧，人都走了还是", "dissolved"), (E, "org_kind", "算备案的吧，还是街道给备的", "备案类"),
    (E, "service_fields", "算养老吧，还是陪老人为主", ["养老"]), (F, "category", "算公益吧，还是帮老人为主", "公益慈善类"),
])
def test_still_after_a_choice_is_no_either_or_question(form, slot, text, value, domain) -> None:
    events, _messages = _answer(form, slot, text, domain)
    assert SlotSet(slot, value) in events


@pytest.mark.parametrize("text", ["这种算文体还是公益", "算文体类还是公益类呢", "属于街道还是居委？"])
def test_a_real_either_or_still_asks(text) -> None:
    assert parsing.looks_like_question(text)


# 9 --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form, slot, text", [
    (F, "activities", "没搞过啥活动也能备案"), (D, "dereg_reason", "没办过啥活动能直接注销"),
    (D, "dereg_reason", "没组织过啥活动可以注销"),
])
def test_a_question_after_nothing_done_still_asks(form, slot, text, domain) -> None:
    assert parsing.looks_like_question(text)
    events, _messages = _answer(form, slot, text, domain)
    assert SlotSet(slot, None) in events and not [e for e in events if e.get("value") not in (None,)]


def test_nothing_done_said_alone_is_still_no_question() -> None:
    assert not parsing.looks_like_question("没搞过啥活动")


# 10 -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["注销的事过了年再办可以吗", "备案可以以后再弄吗", "自查完了然后呢", "我先去买菜，回来接着填",
                                  "登记能不能等明年再弄"])
def test_asking_about_doing_it_later_is_no_cancel(text) -> None:
    assert not means_cancel(text)


NOT_CANCELS = ["主要是跳舞，以后再搞点志愿服务", "每天跳舞，下雨就先停一停", "冬天活动先停一停", "小区花园，下雨的话等雨停再说",
               "等开完会再办", "等队长看过再说", "等我跟大家商量了再说", "电话等我儿子回来帮我填", "名字等开会定了再填",
               "注销的事过了年再办可以吗", "备案可以以后再弄吗", "自查完了然后呢", "我先去买菜，回来接着填"]


def test_the_trained_model_reads_none_of_them_as_cancel() -> None:
    from tests.actions.paraphrase_routing import NLU
    from tests.actions.test_opening_paraphrases import _model_of_current_data
    model = _model_of_current_data()
    if model is None:
        pytest.fail("no Rasa model for the current data: run `make rasa-model`", pytrace=False)
    intents = NLU(str(model)).intents([*NOT_CANCELS, "取消", "不填了"])
    assert [t for t, i in zip(NOT_CANCELS, intents) if i == "cancel"] == [] and intents[-2:] == ["cancel", "cancel"]


# 11 -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, kind", [
    ("还没报备", None), ("准备去街道报备", None), ("想报备一下", None), ("还没备案", None), ("打算下个月去备案", None),
    ("报了个备", "备案类"), ("在街道备过案", "备案类"), ("是备案的不是登记的", "备案类"),
])
def test_a_filing_not_made_is_no_filed_kind(text, kind) -> None:
    assert parse_org_kind(text) == kind


# low: the filler 嗯哪 ------------------------------------------------------------------------------------
def test_a_filler_keeps_the_question_word_after_it() -> None:
    assert parsing.normalize_reply("嗯哪个街道都行").startswith("哪个")
    assert parsing.normalize_reply("嗯哪，长宁区") == "长宁区"

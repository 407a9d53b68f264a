"""Families of natural replies (the sixth code-blind batch of the phrasing bank and paraphrases of it): each
rule is checked on a reply of the batch and on a wording the bank does not have."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.eligibility_answers import normalize_region, parse_fields, parse_needs
from actions.offers import offered_flow
from actions.opening import flow_of, prefill
from tests.actions.conftest import validate_form as validate


@pytest.mark.parametrize("form, slot, text, value", [
    # an option number said with 就/那就 around it
    ("filing_form", "category", "就选２吧", "公益慈善类"), ("filing_form", "category", "那就第三个", "生活服务类"),
    # the 居委 among other words: the street before it, 归/是 …管, a label with a colon
    ("filing_form", "community", "新华路街道的番禺居委会", "番禺居委会"),
    ("filing_form", "community", "天山路街道下面的遵义居委", "遵义居委"),
    ("filing_form", "community", "我们小区归番禺居委会", "番禺居委会"),
    ("filing_form", "community", "我们这片是虹储居委会管的", "虹储居委会"),
    ("filing_form", "community", "社区居委会：番禺居委会", "番禺居委会"),
    ("filing_form", "community", "所属居委 / 仙霞居委会", "仙霞居委会"),
    # counts: 整, a range of two digits before 十
    ("filing_form", "member_count", "四十整", 40), ("filing_form", "member_count", "正好三十整", 30),
    ("filing_form", "member_count", "七八十号人吧", 70), ("filing_form", "member_count", "三四十个人", 30),
    # several 居委 are the street's scope
    ("filing_form", "activity_scope", "附近三个居委都有人来，不过都是新华路的", "street"),
    ("filing_form", "activity_scope", "两三个小区的人一起跳", "street"),
    # names after 要注销的就是 / 全名, with a nickname or the district in brackets after them
    ("deregistration_form", "dereg_org_name", "要注销的就是夕阳红广场舞队呀", "夕阳红广场舞队"),
    ("deregistration_form", "dereg_org_name", "要撤销的团队是康乐门球队", "康乐门球队"),
    ("deregistration_form", "dereg_org_name", "全名夕阳红广场舞队，平时都说夕阳红", "夕阳红广场舞队"),
    ("deregistration_form", "dereg_org_name", "全名是虹桥书画社，大家一般说书画社", "虹桥书画社"),
    ("deregistration_form", "dereg_org_name", "山阴路沪语故事会（虹口区）", "山阴路沪语故事会"),
    ("deregistration_form", "dereg_org_name", "天山合唱团(天山路街道)", "天山合唱团"),
    # district (下面的) street, 街道办
    ("deregistration_form", "dereg_region", "静安区下面的临汾路街道", "静安区临汾路街道"),
    ("deregistration_form", "dereg_region", "长宁区底下的天山路街道", "长宁区天山路街道"),
    ("deregistration_form", "dereg_region", "西城区月坛街道办", "西城区月坛街道"),
    ("deregistration_form", "dereg_region", "长宁区新华路街道办事处", "长宁区新华路街道"),
    ("deregistration_form", "dereg_confirmed", "嗯，撤了吧，没办法", True),
    ("deregistration_form", "dereg_confirmed", "注销掉吧，大家都同意了", True),
    # a word of the question echoed with 「？」 before the answer
    ("eligibility_form", "grade", "评估？没参加过", "无"), ("eligibility_form", "grade", "等级？3A", "3A"),
    ("eligibility_form", "service_fields", "照顾双职工家庭的小孩", ["儿童"]),
    ("eligibility_form", "service_fields", "带小朋友做手工", ["儿童"]),
    ("eligibility_form", "service_fields", "养老和文休", ["养老", "文体"]),
    ("eligibility_form", "support_needs", "想要懂音乐的老师来指导", ["人才"]),
    ("eligibility_form", "support_needs", "缺专家指导", ["人才"]),
    ("eligibility_form", "support_needs", "活动经废不够", ["资金"]),
    ("eligibility_form", "support_needs", "场第不够用", ["场地"]),
    ("filing_form", "team_name", "就叫它夕阳红舞蹈队吧", "夕阳红舞蹈队"), ("filing_form", "leader_name", "叫我王秀英就行", "王秀英"),
    ("deregistration_form", "dereg_reason", "人都走了", "dissolved"),
    ("deregistration_form", "dereg_reason", "没人跳了", "inactive"),
    ("deregistration_form", "dereg_reason", "队长搬走了，没人牵头", "inactive"),
    ("deregistration_form", "dereg_reason", "我们要转成民非，所以注销", "other"),
    ("deregistration_form", "dereg_org_type", "街道那边备过案的", "team"), ("eligibility_form", "org_kind", "街道备过案", "备案类"),
    ("eligibility_form", "newly_founded", "不是的哦，疫情前就有了", False), ("eligibility_form", "has_party_org", "不是的", False),
])
def test_the_value_meant_is_stored(form, slot, text, value, domain) -> None:
    events, messages = validate(form, slot, text, domain)
    assert events == [SlotSet(slot, value)] and messages == []


@pytest.mark.parametrize("form, slot, text", [
    ("filing_form", "team_name", "闵行区古美街道"), ("filing_form", "team_name", "长宁区天山路街道"),
    ("filing_form", "category", "文体跟公益两个都像"), ("filing_form", "category", "生活服务和社区事务都有点"),
    ("filing_form", "street", "街道办事处"),
    ("filing_form", "community", "长宁区新华路街道"), ("filing_form", "community", "天山路街道"),
    ("filing_form", "activity_scope", "有时候在小区，有时候去外面，说不好"),
    ("filing_form", "leader_name", "阿英"), ("filing_form", "leader_name", "小芳"),
    ("filing_form", "activity_place", "晚上六点半到八点"), ("filing_form", "activity_place", "早上七点至九点"),
    ("filing_form", "activities", "老年人的活动呗"), ("filing_form", "activities", "就是大家的事情"),
    ("eligibility_form", "region", "江浙沪"), ("eligibility_form", "region", "长三角那边"),
    ("eligibility_form", "service_fields", "服务对象是居民"), ("eligibility_form", "service_fields", "面向社区居民"),
    ("eligibility_form", "service_fields", "没想过"), ("eligibility_form", "newly_founded", "这个要看证书，证书不在我这"),
    ("eligibility_form", "region", "上海附近"), ("eligibility_form", "region", "不在上海"),
    ("filing_form", "team_name", "新华路街道番禺居委会"), ("filing_form", "community", "居委会"),
    ("filing_form", "category", "文体和生活服务都沾"), ("filing_form", "activity_place", "到处都去"),
    ("filing_form", "activity_place", "不固定"), ("filing_form", "activities", "各种活动"),
    ("filing_form", "activities", "还没定"), ("deregistration_form", "dereg_org_name", "回执上有"),
    # thanks and greetings are said to the bot, not answers
    ("filing_form", "team_name", "辛苦啦😊"), ("filing_form", "leader_name", "辛苦"), ("filing_form", "community", "辛苦了"),
    ("deregistration_form", "dereg_org_name", "太感谢了"), ("eligibility_form", "service_fields", "哈哈哈"),
])
def test_a_reply_naming_no_value_is_not_stored(form, slot, text, domain) -> None:
    events, _messages = validate(form, slot, text, domain)
    assert SlotSet(slot, None) in events and not any(e.get("name") == slot and e.get("value") for e in events)


@pytest.mark.parametrize("text", ["你吃饭了没😄", "你下班了没有", "想评3A要准备多长时间", "活动室离这多远",
                                  "介绍下扶持政策", "先给我讲讲备案要准备的材料", "我想先问下补贴的事", "告诉我备案的条件"])
def test_chat_and_how_long_ask(text: str) -> None:
    assert parsing.looks_like_question(text)


@pytest.mark.parametrize("text", ["评估？没参加过", "人数？三十个", "还没", "党员有几个，但支部没成立", "给孩子讲讲故事",
                                  "不是不是，我们搞了七八年了", "不是不是，没有"])
def test_an_echoed_word_or_a_plain_no_asks_nothing(text: str) -> None:
    assert not parsing.looks_like_question(text)


FILLED = {"team_name": "夕阳红舞蹈队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "番禺居委会", "member_count": 26, "activity_scope": "community", "leader_name": "王秀英",
          "leader_phone": "13812345678"}


@pytest.mark.parametrize("text, slot, value", [
    ("活动范围应该选跨居委，在街道（镇）范围", "activity_scope", "street"),
    ("范围应该选跨街道或全区", "activity_scope", "district"),
    ("人数更正一下哈，31个", "member_count", 31), ("人数写错了，实际28人", "member_count", 28),
    ("不是二十六，是二十八个，刚又来了两个", "member_count", 28), ("不是26，是29个，新来了三个", "member_count", 29),
    ("街道不对，是天山路街道", "street", "天山路街道"), ("居委会有误，应该是仙霞居委会", "community", "仙霞居委会"),
    ("名字少了个字，是夕阳红老年舞蹈队", "team_name", "夕阳红老年舞蹈队"), ("队名漏写了，是夕阳红广场舞蹈队", "team_name", "夕阳红广场舞蹈队"),
    # the field said first, the value after a comma (and 「才对」)
    ("刚才活动范围说错了，跨居委，在街道（镇）范围", "activity_scope", "street"),
    ("范围不对，跨街道或全区才对", "activity_scope", "district"), ("负责人不对，李建国才对", "leader_name", "李建国"),
    ("不好意思居委填错了，仙霞居委会才对", "community", "仙霞居委会"),
])
def test_a_correction_with_its_value_after_a_remark(text, slot, value, domain) -> None:
    events, messages = validate("filing_form", "activities", text, domain, slots=dict(FILLED))
    assert SlotSet(slot, value) in events and SlotSet("activities", None) in events
    assert messages[0]["text"].startswith("好的，已更正")


@pytest.mark.parametrize("text", ["不是这个街道，我们归天山路街道管", "街道填错了，应该归天山路街道"])
def test_a_street_correction_of_the_deregistration(text: str, domain) -> None:
    slots = {"dereg_org_type": "在街道（镇）备案的群众活动团队", "dereg_org_name": "夕阳红舞蹈队",
             "dereg_region": "长宁区新华路街道", "dereg_reason": "解散"}
    events, _messages = validate("deregistration_form", "dereg_contact", text, domain, slots=slots)
    assert SlotSet("dereg_region", "长宁区天山路街道") in events


def test_a_field_named_with_no_new_value_gives_none() -> None:
    assert parsing.correction_value("队名不对，先别提交", "队名") is None
    assert parsing.correction_value("电话写错了，麻烦改一下", "电话") is None
    assert parsing.correction_value("人数更正一下哈，31个", "人数") == "31个"


@pytest.mark.parametrize("text", ["我们合唱队不唱了，街道那个备案要怎么处理啊", "腰鼓队不打了，那个备案咋办"])
def test_a_team_that_stops_is_about_deregistration(text: str) -> None:
    assert offered_flow(text) == "deregistration" and flow_of("filing", text) == "deregistration"


def test_parsers_directly() -> None:
    assert parse_fields("服务对象是居民") is None and parse_fields("给放学的小孩辅导作业") == ["儿童"]
    assert parse_needs("人材和经费") == ["资金", "人才"] and normalize_region("江浙沪") is None
    assert parsing.parse_count_detail("七八十号人吧") == (70, True)
    assert parsing.option_number("那就第三个", 4) == 2 and parsing.option_number("就选２吧", 4) == 1


@pytest.mark.parametrize("flow, text, values", [
    ("eligibility", "我们是陪老人看病、帮困难户的志愿队，想自查下扶持", {"service_fields": ["养老", "济困"]}),
    ("eligibility", "我们照顾残疾人的小组能拿什么补贴", {"service_fields": ["助残"]}),
    ("eligibility", "老年合唱队想查扶持", {}),
    ("filing", "闵行古美的广场舞队想备案，叫平南彩虹广场舞队", {"team_name": "平南彩虹广场舞队"}),
    ("filing", "帮我们翠林柔力球队申请团队预备案", {"team_name": "翠林柔力球队"}),
    ("filing", "长宁新华路的舞蹈队要备案", {"district": "长宁区", "street": "新华路街道"}),
])
def test_the_opening_prefills_what_it_says(flow: str, text: str, values: dict) -> None:
    found = prefill(flow, text)
    assert {slot: found.get(slot) for slot in values} == values
    if not values:
        assert "service_fields" not in found

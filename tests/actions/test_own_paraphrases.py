"""Paraphrases written for the generalisation pass (not taken from the phrasing bank): other people's wording of
the same values, each case a family the parsers missed before (synonyms, negations, lists of option numbers,
remarks after a name) or a question asked in passing without a question mark."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.opening import flow_of
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"
PLACE = {"district": "长宁区", "street": "新华路街道"}


@pytest.mark.parametrize("form, slot, text, value", [
    # needs: a need denied before the one wanted, 除了…都缺, option numbers, everyday words for a place or people
    (E, "support_needs", "不缺钱就缺地方", ["场地"]), (E, "support_needs", "钱不是问题，缺人", ["人才"]),
    (E, "support_needs", "地方有了，就差钱", ["资金"]), (E, "support_needs", "除了钱都缺", ["场地", "人才", "项目"]),
    (E, "support_needs", "1和2", ["资金", "场地"]), (E, "support_needs", "１，３", ["资金", "人才"]),
    (E, "support_needs", "没个固定的排练场所", ["场地"]), (E, "support_needs", "没有排练的地儿", ["场地"]),
    (E, "support_needs", "缺带头的骨干", ["人才"]), (E, "support_needs", "缺专业的人", ["人才"]),
    (E, "support_needs", "想接政府购买的服务", ["项目"]),
    # community: the word said before the name (居委会叫番禺, 居委：番禺), a piece that names one, 属…管, 片区
    (F, "community", "居委会叫番禺", "番禺居委会"), (F, "community", "我们居委会是番禺", "番禺居委会"),
    (F, "community", "居委：番禺", "番禺居委"), (F, "community", "社区嘛，番禺社区", "番禺社区"),
    (F, "community", "属仙霞居委管", "仙霞居委"), (F, "community", "番禺居委会那个片区", "番禺居委会"),
    # deregistration reason: merged, inactive, dissolved and other in everyday words
    (D, "dereg_reason", "和别的团队合起来了", "merged"), (D, "dereg_reason", "被别的队伍吸收了", "merged"),
    (D, "dereg_reason", "和隔壁队合为一个队", "merged"), (D, "dereg_reason", "三年没聚过了", "inactive"),
    (D, "dereg_reason", "好几年都没动静了", "inactive"), (D, "dereg_reason", "一年多没动了", "inactive"),
    (D, "dereg_reason", "没人愿意牵头了", "inactive"), (D, "dereg_reason", "成员都搬走了，队伍没了", "dissolved"),
    (D, "dereg_reason", "不想搞了", "dissolved"), (D, "dereg_reason", "大家年纪大了搞不动了", "dissolved"),
    (D, "dereg_reason", "要去民政局正式登记成社团", "other"), (D, "dereg_reason", "换个名字重新备案", "other"),
    # category by what the team does
    (F, "category", "帮助孤寡老人", "公益慈善类"), (F, "category", "陪伴空巢老人", "公益慈善类"),
    (F, "category", "给老人剪头发", "生活服务类"), (F, "category", "帮老人买菜", "生活服务类"),
    (F, "category", "社区食堂帮厨", "生活服务类"), (F, "category", "调节邻里矛盾", "社区事务类"),
    (F, "category", "练八段锦", "文体活动类"),
    # scope: 家门口, several 居委 (no question), 全上海, 好几个街道
    (F, "activity_scope", "就在家门口", "community"), (F, "activity_scope", "就我们楼里几个人", "community"),
    (F, "activity_scope", "几个居委一起", "street"), (F, "activity_scope", "好几个街道的人", "district"),
    (F, "activity_scope", "全上海都有队员", "district"),
    # newly founded: 新的, 没多久, a founding year long ago, 年头
    (E, "newly_founded", "新的", True), (E, "newly_founded", "刚搞起来没多久", True), (E, "newly_founded", "成立才几个月", True),
    (E, "newly_founded", "新组的队", True), (E, "newly_founded", "2015年成立的", False), (E, "newly_founded", "有些年头了", False),
    # names with remarks: spaced characters, (女), an occupation after the name, 由…负责, 我们队长…
    (F, "leader_name", "王 秀 英", "王秀英"), (F, "leader_name", "负责人 王秀英（女）", "王秀英"),
    (F, "leader_name", "王秀英，退休教师", "王秀英"), (F, "leader_name", "由王秀英负责", "王秀英"),
    (F, "leader_name", "负责人是我们队长王秀英", "王秀英"),
    (D, "dereg_org_name", "我们是夕阳红舞蹈队（新华路街道备案的）", "夕阳红舞蹈队"),
    (D, "dereg_org_name", "要注销夕阳红舞蹈队", "夕阳红舞蹈队"), (D, "dereg_org_name", "就是那个夕阳红舞蹈队", "夕阳红舞蹈队"),
    (D, "dereg_org_name", "注销的队叫银龄合唱团，备案号不记得了", "银龄合唱团"),
])
def test_another_wording_of_the_value_is_stored(form, slot, text, value, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=dict(PLACE) if form == F else None)
    assert events[-1] == SlotSet(slot, value) or SlotSet(slot, value) in events


@pytest.mark.parametrize("form, slot, text", [
    (F, "community", "我回去问下居委"), (F, "community", "居委要签字不"), (F, "community", "等一下我查查"),
    (E, "support_needs", "都不缺"), (E, "support_needs", "那补贴找谁申请"),
])
def test_a_reply_naming_no_value_is_not_stored(form, slot, text, domain) -> None:
    events, _messages = validate(form, slot, text, domain, slots=dict(PLACE) if form == F else None)
    assert not any(e.get("name") == slot and e.get("value") for e in events)


@pytest.mark.parametrize("text", [
    "注销后还能重新备案不", "活动经费从哪来", "这个要交钱不", "对了 负责人可以是外地人不", "不备案会怎样",
    "这个分类影响补贴不", "分类有几种", "范围大了要去哪登记", "注销流程讲一下", "场地申请的流程",
    "先问下补贴的事", "备案材料清单发我一份", "有个事想咨询下", "补贴到账时间", "材料交哪",
])
def test_a_question_without_a_question_mark(text: str) -> None:
    assert parsing.looks_like_question(text)


@pytest.mark.parametrize("text", ["几个居委一起", "刚搞起来没多久", "成立才几个月", "好几年都没动静了", "差不多",
                                  "从来不", "当然不", "提供法律咨询"])
def test_a_statement_is_no_question(text: str) -> None:
    assert not parsing.looks_like_question(text)


@pytest.mark.parametrize("intent_flow, text, flow", [
    ("eligibility", "我们广场舞队想去街道登记一下", "filing"), ("eligibility", "帮我们太极队办个备案", "filing"),
    ("eligibility", "新成立个合唱队要备案", "filing"), ("deregistration", "我要给队伍报备一下", "filing"),
    ("deregistration", "我们想把队伍在街道备个案", "filing"), ("filing", "有没有钱可以申请", "eligibility"),
    ("deregistration", "有没有钱可以申请", "eligibility"),
    ("eligibility", "备案的团队能享受哪些政策", "eligibility"), ("filing", "申请备案要钱吗", "filing"),
])
def test_the_opening_words_choose_the_flow(intent_flow: str, text: str, flow: str) -> None:
    assert flow_of(intent_flow, text) == flow

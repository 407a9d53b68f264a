"""Replies typed by voice input (no commas, homophone typos), answers given for someone else, a remark
after the answer, and corrections worded without 「改成」: each parsed to the value meant, or nothing."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import deregistration as D
from actions import eligibility_answers as A
from actions import filing as F
from actions import parsing
from actions.opening import asks_about_flow, prefill
from tests.actions.conftest import make_tracker, run


@pytest.mark.parametrize("text, name", [
    ("南浦便民理发志愿队要注消的就是这个", "南浦便民理发志愿队"), ("是临汾路银发手机课堂志愿队没错", "临汾路银发手机课堂志愿队"),
    ("夕阳红广场舞队就这个名字居委会也是这么叫的", "夕阳红广场舞队"), ("哦哦 名字啊，七宝沪剧沙龙", "七宝沪剧沙龙"),
    ("是七宝沪剧沙龙没错", "七宝沪剧沙龙"), ("我们是虹桥太极队", "虹桥太极队"),
    ("我们是跳舞的", None), ("我帮我妈填的，队名她还没告诉我", None), ("每周三下午", None), ("名字太长了记不住", None),
    ("原来那个名字", None), ("就是刚才说的那个", None), ("名字证书上写着呢", None),
])
def test_team_name_without_the_remark_around_it(text: str, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, name", [
    ("刘 振江", "刘振江"), ("杨 静", "杨静"), ("是我老伴刘振江在负责", "刘振江"), ("登记人写王秀英就行", "王秀英"),
    ("我叫王秀英负责人也是我", "王秀英"), ("我帮我妈填的，她叫李桂英", "李桂英"), ("王秀英队长", "王秀英"),
    ("张队长", None), ("负责人是王阿姨", None),
])
def test_person_named_for_someone_else_or_with_a_space(text: str, name) -> None:
    assert parsing.parse_person(text) == name


@pytest.mark.parametrize("text, detail", [
    ("现在15个人哈", (15, False)), ("大约六十人", (60, True)), ("二十来人", (20, True)),
    ("曹杨一村睦邻点", None), ("人数每次都不一样有时多有时少", None), ("3号楼", (3, False)),
])
def test_a_numeral_inside_a_word_is_no_head_count(text: str, detail) -> None:
    assert parsing.parse_count_detail(text) == detail


def test_phone_half_in_digits_half_in_words() -> None:
    assert parsing.find_phone("138一二三四五六七八") == "13812345678"
    assert parsing.find_phone("打我手机１３７７７７１４５８３吧") == "13777714583"


@pytest.mark.parametrize("text, when", [
    ("每周一次", True), ("每周两次", True), ("晚上七点", True), ("每周三下午", True), ("周末", True),
    ("每天晚上在小区花园跳广场舞", False), ("三楼活动室", False),
])
def test_a_time_alone_is_no_place_activity_or_field(text: str, when: bool) -> None:
    assert parsing.only_says_when(text) is when
    assert (parsing.free_text(text) is None) is when


def test_places_from_one_of_two_answers_and_voice_typos() -> None:
    assert parsing.parse_district("西湖区，翠苑街道") == "西湖区" and parsing.parse_street("西湖区，翠苑街道") == "翠苑街道"
    assert parsing.parse_street("古美街道啊，古龙一村居委会就归它管") == "古美街道"
    assert parsing.parse_street("南汇街到") == "南汇街道" and parsing.parse_street("我们小区门口那个街道") is None
    assert parsing.parse_district("我们小区门口那个街道") is None and parsing.parse_district("长宁区，补贴在哪领") is None
    assert parsing.parse_district("我们属西湖区管") == "西湖区"
    assert D.parse_region("常宁区新华路街到") == "长宁区新华路街道"
    assert parsing.parse_community("3号楼") is None and parsing.parse_community("曹杨一村居委会") == "曹杨一村居委会"
    assert parsing.parse_scope("整个西湖区都有人来") == "district" and parsing.parse_scope("全小区") == "community"


def test_statements_with_a_few_or_nothing_are_not_questions() -> None:
    assert not parsing.looks_like_question("领头的几个都搬走了，队伍也就散了")
    assert not parsing.looks_like_question("广场舞啊，别的没啥")
    assert parsing.looks_like_question("有啥钱可以申请不") and parsing.looks_like_question("你说呢😄")


@pytest.mark.parametrize("text, answer", [
    ("聘了个刚毕业的大学生", True), ("核对过了，可以提交", True), ("不太清楚", None), ("老会长走了，这个我说不清", None),
])
def test_yes_no_in_other_words(text: str, answer) -> None:
    assert parsing.parse_yes_no(text) is answer


def test_corrections_worded_without_gai_cheng() -> None:
    assert parsing.is_correction("人数说多了 有几个早不来了 实际23个")
    assert parsing.is_correction("刚才说的是简称 备案的全称是海城老渔民龙舟队")
    assert parsing.is_correction("不是不活动哈 是队伍真的散了")
    assert parsing.corrected_value("人数说多了 有几个早不来了 实际23个") == "23个"
    assert parsing.corrected_value("想想还是社区事务类更合适，改一下") == "社区事务类"
    assert parsing.corrected_value("不是不活动哈 是队伍真的散了") == "队伍真的散了"


@pytest.mark.parametrize("text, reason", [
    ("一年多没搞活动了", "inactive"), ("三年多没组织过活动", "inactive"), ("名存实亡了，早就不搞活动了", "inactive"),
    ("领头的几个都搬走了，队伍也就散了", "dissolved"), ("队长走了以后就没人张罗 散掉了", "dissolved"),
])
def test_reasons_in_everyday_words(text: str, reason: str) -> None:
    assert D.map_reason(text) == reason


def test_org_type_reported_or_typed_with_a_homophone() -> None:
    assert D.map_org_type("我们当初是在街道办的备按") == "team"
    assert D.map_org_type("算是第二种吧 街道那里报备过") == "team"


def test_eligibility_answers_in_other_words() -> None:
    assert A.parse_grade("五个A，去年复评的") == "5A" and A.parse_grade("去年评过，忘了几A") is None
    assert A.parse_needs("钱和场地都要 人我们不缺") == ["资金", "场地"]
    assert A.parse_fields("每周一次") is None and A.parse_fields("会长说都写上") is None
    assert A.parse_fields("凡是居民需要的都做") is None and A.parse_fields("养老和助残都做") == ["养老", "助残"]
    assert A.parse_org_kind("登记证书没有，只有街道的备案回执") == "备案类"


def test_openings_pre_fill_grade_founding_and_kind_and_ask_where() -> None:
    assert prefill("eligibility", "我们是4A级的社会组织，看看能申请哪些奖励") == {"grade": "4A"}
    assert prefill("eligibility", "刚成立的小队伍，想看看能拿什么支持") == {"newly_founded": True}
    assert prefill("eligibility", "我们是街道备案的唱歌队，有啥钱可以申请不") == {"org_kind": "备案类"}
    assert prefill("filing", "想给我们社区的舞龙队办个团队备案") == {"category": "文体活动类"}
    assert asks_about_flow("注销备案在哪办呀") and asks_about_flow("社区团队备案在哪里办啊")


FILING = {"team_name": "蒲州社区越剧兴趣小组", "category": "文体活动类", "district": "龙湾区", "street": "蒲州街道",
          "community": "蒲州社区", "member_count": 15, "activity_scope": "community", "leader_name": "项海燕",
          "leader_phone": "13777714583"}


def _filing(text: str, requested: str, domain: dict, slots: dict):
    tracker = make_tracker(text, intent="inform", requested=requested, form="filing_form", slots=slots)
    return run(F.ValidateFilingForm(), tracker, domain)


def test_a_head_count_said_too_high_is_corrected_not_taken_as_the_place(domain, gateway) -> None:
    events, messages = _filing("人数说多了 有几个早不来了 实际23个", "activity_place", domain, FILING)
    assert events == [SlotSet("member_count", 23), SlotSet("activity_place", None), SlotSet("filing_confirmed", None)]
    assert messages[0]["text"] == "好的，已更正：人数改为「23」。"


def test_a_category_that_fits_better_is_a_correction_not_a_team_name(domain, gateway) -> None:
    events, _messages = _filing("想想还是文体活动类更合适，改一下", "team_name", domain, {"category": "社区事务类"})
    assert events == [SlotSet("category", "文体活动类"), SlotSet("team_name", None), SlotSet("filing_confirmed", None)]


def test_that_one_was_wrong_with_a_place_name_holding_a_numeral(domain, gateway) -> None:
    slots = {**FILING, "activity_place": "还在找"}
    events, _messages = _filing("刚才那项说错了，应该是：曹杨一村睦邻点", "activities", domain, slots)
    assert events == [SlotSet("activity_place", "曹杨一村睦邻点"), SlotSet("activities", None),
                      SlotSet("filing_confirmed", None)]


DEREG = {"dereg_org_type": "team", "dereg_org_name": "什刹海空竹队", "dereg_region": "西城区什刹海街道",
         "dereg_reason": "inactive"}


@pytest.mark.parametrize("text, requested, slot, value", [
    ("刚才说的是简称 备案的全称是曹杨一村楼道自治小组", "dereg_contact", "dereg_org_name", "曹杨一村楼道自治小组"),
    ("刚才名字少打了几个字，是方松街道社区志愿服务队", "dereg_contact", "dereg_org_name", "方松街道社区志愿服务队"),
    ("不是不活动哈 是队伍真的散了", "dereg_contact", "dereg_reason", "dissolved"),
])
def test_deregistration_corrections_change_the_field_they_name(domain, gateway, text, requested, slot, value) -> None:
    tracker = make_tracker(text, intent="inform", requested=requested, form="deregistration_form", slots=DEREG)
    events, messages = run(D.ValidateDeregistrationForm(), tracker, domain)
    assert events == [SlotSet(slot, value), SlotSet(requested, None), SlotSet("dereg_confirmed", None)]
    assert messages[0]["text"].startswith("好的，已更正")


@pytest.mark.parametrize("flow, text, values", [
    ("deregistration", "我们队好几年没活动了，要注销吗？", {"dereg_reason": "长期不活动了"}),
    ("deregistration", "登记证书要注销，去哪里办？", {"dereg_org_type": "在民政局登记的社会组织"}),
    ("filing", "给塘下镇的一个队伍办下备案", {"street": "塘下镇"}),
    ("filing", "温州龙湾海城街道的龙舟队想备个案", {"category": "文体活动类", "district": "龙湾区", "street": "海城街道"}),
    ("filing", "居委叫我上网来登记我们那个健步走的队伍 怎么弄", {"category": "文体活动类"}),
])
def test_openings_pre_fill_what_their_statements_say(flow: str, text: str, values: dict) -> None:
    assert prefill(flow, text) == values


def test_a_question_answered_first_pre_fills_the_form_once_the_offer_is_taken(domain, gateway) -> None:
    from actions.opening import ActionOpenFlow

    tracker = make_tracker("/start_deregistration", intent="start_deregistration",
                           slots={"flow_offer": "deregistration"}, history=["我们队好几年没活动了，要注销吗？"])
    events, messages = run(ActionOpenFlow(), tracker, domain)
    assert events == [SlotSet("flow_offer", None), SlotSet("dereg_reason", "长期不活动了"),
                      SlotSet("flow_start", "deregistration")]
    assert messages[0]["text"].startswith("已按您说的记下：原因 长期不活动了")
    fresh = make_tracker("/start_deregistration", intent="start_deregistration", history=["我们队好几年没活动了，要注销吗？"])
    assert run(ActionOpenFlow(), fresh, domain)[0] == [SlotSet("flow_offer", None), SlotSet("flow_start", "deregistration")]


def test_merged_with_another_team_and_head_count_ranges() -> None:
    assert D.map_reason("跟别的队并了") == "merged" and D.map_reason("别的") == "other"
    assert D.map_reason("合并还是解散") is None
    assert parsing.parse_count_detail("我们现在有二十三四个人") == (23, False)
    assert parsing.mentioned_street("我是街道的") is None and parsing.mentioned_street("我们镇上的队伍") is None


@pytest.mark.parametrize("flow, text, values", [
    ("deregistration", "长宁区新华路街道的夕阳红舞蹈队申请注销", {"dereg_org_name": "夕阳红舞蹈队", "dereg_region": "长宁区新华路街道"}),
    ("deregistration", "海城老渔民龙舟队跟别的队并了，老的要撤销",
     {"dereg_org_name": "海城老渔民龙舟队", "dereg_reason": "与其他组织合并"}),
    ("deregistration", "我们合唱团解散了，要注销", {"dereg_reason": "解散"}),
    ("deregistration", "团队解散了怎么办", {"dereg_reason": "解散"}),
    ("deregistration", "温州瓯海娄桥的村嫂队要注销，大家合到别的队去了", {"dereg_region": "瓯海区娄桥街道", "dereg_reason": "与其他组织合并"}),
    ("deregistration", "宝山友谊路的为老服务社不办了，要注销登记", {"dereg_region": "宝山区友谊路街道"}),
    ("deregistration", "我们是静安曹家渡的民非，要跟另一家机构合并，这家得注销",
     {"dereg_region": "静安区曹家渡街道", "dereg_reason": "与其他组织合并", "dereg_org_type": "在民政局登记的社会组织"}),
    ("deregistration", "北京朝阳的一个队要注销", {"dereg_region": "朝阳区"}),
    ("filing", "我们枫林路街道有个太极拳队，想备个案哈", {"category": "文体活动类", "district": "徐汇区", "street": "枫林路街道"}),
    ("filing", "我们夕阳红广场舞队准备去街道备个案 名字就叫这个", {"team_name": "夕阳红广场舞队", "category": "文体活动类"}),
    ("filing", "我是长宁区新华路街道的，想给团队申请预备案", {"district": "长宁区", "street": "新华路街道"}),
    ("filing", "新泾镇的乒乓球队要备案，怎么弄", {"category": "文体活动类", "district": "长宁区", "street": "新泾镇"}),
    ("filing", "我们社区的志愿服务队要备案", {"category": "公益慈善类"}),
    ("eligibility", "街道备案的小组能享受扶持政策吗？", {"org_kind": "备案类"}),
    ("eligibility", "没钱买音响 街道能不能补点钱", {"support_needs": ["资金"]}),
])
def test_openings_pre_fill_a_proper_team_name_and_what_a_question_states(flow: str, text: str, values: dict) -> None:
    """A name is taken only when it is more than the kind of team (旗袍队, 志愿服务队, 乒乓球队 name none)."""
    assert prefill(flow, text) == values


def test_what_a_clause_states_before_it_asks() -> None:
    assert parsing.stated_part("团队解散了怎么办") == "团队解散了"
    assert parsing.stated_part("我们队好几年没活动了") == "我们队好几年没活动了"
    assert parsing.stated_part("要注销吗") == "要注销" and parsing.stated_part("怎么备案") == ""


@pytest.mark.parametrize("text, pending, cancel", [
    ("取 消", False, True), ("不注消了 队长说还要接着跳", False, True), ("不查了", False, True),
    ("今天先到这，眼睛看花了😅", False, True), ("不用了，谢谢", False, True), ("不用了", True, False),
    ("主要是七宝老街茶馆，下雨天就不搞了", False, False),
])
def test_cancel_said_by_voice_or_in_other_words(text: str, pending: bool, cancel: bool) -> None:
    from actions.cancel import means_cancel

    assert means_cancel(text, pending) is cancel


def test_a_name_holding_a_pronoun_character_is_still_a_name() -> None:
    assert parsing.parse_team_name("吉他爱好者协会") == "吉他爱好者协会"
    assert parsing.parse_team_name("迷你马拉松跑团") == "迷你马拉松跑团"

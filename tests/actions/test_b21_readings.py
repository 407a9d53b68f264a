"""Readings the code-blind batch b21 asked for (its dev half), each with the readings it must not break: a team's name
with 吧 and a remark after a space, or to be written 「写…就好」; a person's name is no team's; the places that open a full
name said after it; a listed street said with 的 before a 居委, 「…居委会的居民」 and an 儿 spoken onto a 社区; 「还要进几个」
said with a hedge; a district without its forgotten street; a merger whose new name is not settled, a reason said not to
fit (「解散…也不算」) and 「没组织过一次活动」; a place denied is no region; 「除了X，其他都…」 and an option's number beside
a need's name; a 居委 at the service-field step and 「一个月两次」 as activities. And the batch's side questions at every step:
a guess at the rules put up to be confirmed (「备案要交钱的吧」), 「你还没跟我说清楚呢」, 「今天几号了」 and family news shared
with joy are asked or said, never stored."""
from __future__ import annotations

from typing import Any, Optional

import pytest

from actions.dereg_reasons import map_reason
from actions.deregistration import parse_org_name, parse_region
from actions.eligibility_answers import normalize_region, parse_fields, parse_needs
from actions.filing import parse_activities
from actions.parsing.communities import parse_community
from actions.parsing.names import parse_team_name
from actions.parsing.numbers import parse_count
from actions.parsing.options import LACKS, all_but, numbers_beside_words
from actions.parsing.questions import looks_like_question, remarks_to_bot
from tests.actions.conftest import answers_before
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"


def _stored(form: str, slot: str, text: str, domain: dict, **slots: Any) -> Any:
    events, _messages = validate(form, slot, text, domain, slots={**answers_before(form, slot), **slots})
    values = [e["value"] for e in events if e.get("event") == "slot" and e["name"] == slot]
    return values[-1] if values else None


@pytest.mark.parametrize("reply,name", [
    ("夕阳红广场舞队吧 大家投票定的", "夕阳红广场舞队"), ("新泾北苑爱心编织小组吧 大家投票定的", "新泾北苑爱心编织小组"),
    ("金秋合唱团吧 居委帮忙起的", "金秋合唱团"), ("银发先锋志愿队吧 去年就这么叫了", "银发先锋志愿队"),
    ("写夕阳红广场舞队就好", "夕阳红广场舞队"), ("写程家桥书画社就好", "程家桥书画社"), ("就写阳光助老队就行", "阳光助老队"),
    ("写夕阳红广场舞队吧", "夕阳红广场舞队"), ("名字写金秋合唱团就可以了", "金秋合唱团"), ("夕阳红广场舞队就好", "夕阳红广场舞队"),
    # counter-examples: 吧 and 写 inside a team's own name stay
    ("氧吧健身队", "氧吧健身队"), ("氧吧健身队 大家投票定的", "氧吧健身队"), ("书吧读书会吧 大家定的", "书吧读书会"),
    ("写意书画社", "写意书画社"), ("写意书画社就好", "写意书画社"),
])
def test_a_team_name_with_a_remark_or_to_be_written(reply: str, name: str) -> None:
    assert parse_team_name(reply) == name


@pytest.mark.parametrize("reply,name", [
    ("汤月华", None), ("王秀英", None), ("李建国，我是队长", None), ("欧阳国忠", None),
    # counter-examples: a name said to be the team's, or a person's name inside a team's, stays
    ("叫金不换", "金不换"), ("我们叫汤月华舞蹈队", "汤月华舞蹈队"), ("夕阳红", "夕阳红"), ("汤月华，夕阳红舞蹈队", "夕阳红舞蹈队"),
])
def test_a_persons_name_is_no_teams_name(reply: str, name: Optional[str]) -> None:
    assert parse_team_name(reply) == name


@pytest.mark.parametrize("reply,name", [
    ("华泾乐活助残服务社，全称前面还有上海市徐汇区", "上海市徐汇区华泾乐活助残服务社"),
    ("夕阳红广场舞队，前面还有长宁区", "长宁区夕阳红广场舞队"), ("五马瓯剧票友社，全称前头还有温州市鹿城区", "温州市鹿城区五马瓯剧票友社"),
    ("新华路舞蹈队，名字前面要加上长宁区新华路街道", "长宁区新华路街道新华路舞蹈队"),
    # counter-examples: something other than places before the name, or no team's name
    ("夕阳红舞蹈队，前面还有个括号", "夕阳红舞蹈队"), ("我们那个队，前面还有长宁区", None),
])
def test_the_places_opening_a_full_name_said_after_it(reply: str, name: Optional[str]) -> None:
    assert parse_org_name(reply) == name


@pytest.mark.parametrize("reply,community", [
    ("我们新华路的番禺居委会", "番禺居委会"), ("我们北新泾的新泾北苑居委会", "新泾北苑居委会"),
    ("我们程家桥的虹桥机场新村居委会", "虹桥机场新村居委会"), ("我们是天山路的天山一村", "天山一村"), ("咱们新华路的法华居委会", "法华居委会"),
    ("我们是番禺居委会的居民，队伍也在这", "番禺居委会"), ("我们是新泾北苑居委会的居民", "新泾北苑居委会"),
    ("我们是九星村的村民", "九星村"), ("劲松北社区儿", "劲松北社区"), ("九星村儿", "九星村"),
    # counter-examples: a place no list holds is not taken away, nor is a 居委 named; 等会儿 still puts off
    ("我们阳光里的幸福居委会", None), ("我们新华路的", None), ("等会儿", None), ("番禺居委会的", "番禺居委会"),
])
def test_a_street_before_a_residents_committee_and_its_residents(reply: str, community: Optional[str]) -> None:
    assert parse_community(reply) == community


@pytest.mark.parametrize("text,stored", [
    ("现在是30个 年底可能还要进几个", 30), ("现在是14个，年底可能还要进几个", 14), ("25个，估计还会走几个", 25),
    ("30个，下个月大概还要来几位", 30),
    ("可能还要进几个？", None), ("年底可能还要进几个吗", None),  # counter-examples: asked
])
def test_a_few_more_said_with_a_hedge_asks_nothing(domain, text: str, stored: Optional[int]) -> None:
    assert _stored(F, "member_count", text, domain) == stored


@pytest.mark.parametrize("reply,asks", [
    ("年底可能还要进几个", False), ("估计还会走几个", False), ("还要进几个", True), ("还要招几个人才算", True),
])
def test_a_few_more_in_words(reply: str, asks: bool) -> None:
    assert looks_like_question(reply) is asks
    assert parse_count("现在是30个 年底可能还要进几个") == 30


@pytest.mark.parametrize("reply,region", [
    ("只记得是徐汇区的 街道真忘了", "徐汇区"), ("只记得是长宁区 哪个街道想不起来了", "长宁区"), ("朝阳望京 就是韩国人多的那块", "朝阳区望京"),
    ("长宁 新华路", "长宁区新华路街道"), ("上海 长宁区 新华路街道", "长宁区新华路街道"),
    ("街道真忘了", None), ("西城区还是东城区 我搞不清了", None),  # counter-examples: nothing known
])
def test_a_region_with_a_remark_after_a_space(reply: str, region: Optional[str]) -> None:
    assert parse_region(reply) == region


@pytest.mark.parametrize("reply,reason", [
    ("合并了，新队叫什么还没定下来", "merged"), ("跟隔壁队合并了，名字叫啥还没想好", "merged"), ("并到街道合唱团了，叫什么还没定", "merged"),
    ("解散…也不算，就是好几年没动静了", "inactive"), ("合并吧也不算，就是两年没搞过活动", "inactive"),
    ("散了…也不算，就是大家都不来了", "inactive"),
    ("三年没组织过一次活动", "inactive"), ("好几年没办过一次活动了", "inactive"), ("去年一年没搞过一场活动", "inactive"),
    # counter-examples: a reason said outright, taken back to another, or asked
    ("解散了", "dissolved"), ("解散…不是，是合并", "merged"), ("合并了，新队叫什么？", None), ("大家都散了，解散", "dissolved"),
])
def test_reasons_with_what_is_not_settled_or_does_not_fit(reply: str, reason: Optional[str]) -> None:
    assert map_reason(reply) == reason


@pytest.mark.parametrize("text,stored", [
    ("合并了，新队叫什么还没定下来", "merged"), ("解散…也不算，就是好几年没动静了", "inactive"), ("三年没组织过一次活动", "inactive"),
])
def test_reasons_read_by_the_form(domain, text: str, stored: str) -> None:
    assert _stored(D, "dereg_reason", text, domain) == stored


@pytest.mark.parametrize("reply,region", [
    ("杭州西湖区 我们不是上海的哈", "杭州西湖区"), ("杭州西湖区，我们不是上海的", "杭州西湖区"), ("温州鹿城 不是上海的", "浙江省温州市"),
    ("北京朝阳，不是上海", "北京市朝阳区"), ("不是上海的，是杭州西湖区", "杭州西湖区"), ("上海长宁，不是徐汇", "上海市长宁区"),
    # counter-examples: only a denial, not in a place, unsure, asked
    ("不是上海的", None), ("不在上海", None), ("不是很确定，长宁吧", "上海市长宁区"), ("不是上海吗？", None),
])
def test_a_place_denied_is_no_region(reply: str, region: Optional[str]) -> None:
    assert normalize_region(reply) == region


@pytest.mark.parametrize("reply,left_out", [
    ("除了助残，其他五个都沾点", "助残"), ("除了养老以外别的都做", "养老"), ("除了养老，别的都不做", None),
    ("除了养老，别的都做不了", None),  # does 养老 alone
])
def test_all_but(reply: str, left_out: Optional[str]) -> None:
    assert all_but(reply) == left_out


@pytest.mark.parametrize("reply,left_out", [("除了钱都缺", "钱"), ("除了场地，其他都需要", "场地"),
                                            ("除了钱，别的都有", None)])  # has all else: lacks money alone
def test_all_but_of_needs_is_said_with_lacking(reply: str, left_out: Optional[str]) -> None:
    assert all_but(reply, LACKS) == left_out


@pytest.mark.parametrize("reply,fields", [
    ("除了助残，其他五个都沾点", ["养老", "儿童", "济困", "文体", "社区治理"]), ("除了助残都沾点边", ["养老", "儿童", "济困", "文体", "社区治理"]),
    ("除了儿童和济困，其他都搞", ["养老", "助残", "文体", "社区治理"]), ("除了社区治理，剩下的都涉及", ["养老", "助残", "儿童", "济困", "文体"]),
    # counter-examples: only the one named, a field not listed left out, the words left out alone
    ("除了养老，别的都不做", ["养老"]), ("除了养老，还做助残", ["养老", "助残"]), ("除了环保，其他都做", None), ("除了环保", None),
])
def test_service_fields_all_but_some(reply: str, fields: Optional[list]) -> None:
    assert parse_fields(reply) == fields


@pytest.mark.parametrize("reply,needs", [
    ("主要项目吧 还有2", ["场地", "项目"]), ("主要缺钱，还有3", ["资金", "人才"]), ("场地 还有4", ["场地", "项目"]),
    ("人才，还有1", ["资金", "人才"]), ("除了钱，别的都缺", ["场地", "人才", "项目"]),
    # counter-examples: a count of people, a number beyond the options, numbers taken back (the words stand)
    ("场地，还有2个老师", ["场地", "人才"]), ("钱，还有9", ["资金"]), ("3，不对，是4，项目", ["项目"]),
])
def test_a_need_and_an_options_number(reply: str, needs: Optional[list]) -> None:
    assert parse_needs(reply) == needs


@pytest.mark.parametrize("reply,found", [
    ("主要项目吧 还有2", [1]), ("主要养老 还有3", [2]), ("3，不对，是4，济困", []), ("2还是3，钱", []), ("钱", []),
])
def test_numbers_beside_words(reply: str, found: list) -> None:
    assert numbers_beside_words(reply, 4) == found


@pytest.mark.parametrize("reply,fields", [
    ("主要养老 还有3", ["养老", "儿童"]), ("文体，还有1", ["文体", "养老"]),
    ("3，不对，是4，济困", ["济困"]), ("乐山新村居委会", None), ("长宁区新华路街道", None), ("番禺居委", None),
    ("智慧社区", ["其他"]), ("美丽乡村", ["其他"]),  # counter-examples: a field no option names is 其他
])
def test_service_fields_by_a_number_beside_a_word_and_no_place(reply: str, fields: Optional[list]) -> None:
    assert parse_fields(reply) == fields


@pytest.mark.parametrize("reply,said", [
    ("一个月两次", None), ("半个月一次", None), ("两个星期一次", None), ("三个礼拜一回", None),
    ("一个月两次，去敬老院表演", "一个月两次，去敬老院表演"), ("每个月搞一次读书会", "每个月搞一次读书会"),  # counter-examples
])
def test_how_often_is_no_activity(reply: str, said: Optional[str]) -> None:
    assert parse_activities(reply) == said


@pytest.mark.parametrize("form,slot,text", [
    (F, "team_name", "汤月华"), (F, "activities", "一个月两次"), (E, "service_fields", "乐山新村居委会"),
    (D, "dereg_org_name", "王秀英"),
])
def test_invalid_replies_are_not_stored(domain, form: str, slot: str, text: str) -> None:
    assert _stored(form, slot, text, domain) is None


@pytest.mark.parametrize("form,slot,text,stored", [
    (F, "team_name", "夕阳红广场舞队吧 大家投票定的", "夕阳红广场舞队"), (F, "team_name", "写夕阳红广场舞队就好", "夕阳红广场舞队"),
    (F, "community", "我们新华路的番禺居委会", "番禺居委会"), (F, "community", "我们是番禺居委会的居民，队伍也在这", "番禺居委会"),
    (D, "dereg_region", "只记得是徐汇区的 街道真忘了", "徐汇区"), (E, "region", "杭州西湖区 我们不是上海的哈", "杭州西湖区"),
    (E, "service_fields", "除了助残，其他五个都沾点", ["养老", "儿童", "济困", "文体", "社区治理"]),
    (E, "support_needs", "主要项目吧 还有2", ["场地", "项目"]),
    (D, "dereg_org_name", "华泾乐活助残服务社，全称前面还有上海市徐汇区", "上海市徐汇区华泾乐活助残服务社"),
])
def test_b21_examples_read_by_the_forms(domain, form: str, slot: str, text: str, stored: Any) -> None:
    assert _stored(form, slot, text, domain) == stored


@pytest.mark.parametrize("reply,asks", [
    ("备案要交钱的吧", True), ("不备案应该也行吧", True), ("队里有外地户口的人不要紧吧", True), ("负责人一定要住在本小区的吧", True),
    ("注销还得交什么材料吧", True), ("登记应该是免费的吧", True), ("补贴可以直接发到队里的吧", True),
    ("场地的事你还没跟我说清楚呢", True), ("你还没解释补贴的事", True), ("今天几号了", True), ("现在几点了", True),
    # counter-examples: a hedged answer guesses at no rule
    ("应该是南郊街道吧", False), ("资金要的吧", False), ("应该可以吧", False), ("应该是备案的吧", False), ("就叫夕阳红吧", False),
    ("人数应该有三十个吧", False), ("前几天刚开过会了", False), ("我还没跟你说电话", False),
])
def test_a_guess_at_the_rules_put_up_to_be_confirmed_asks(reply: str, asks: bool) -> None:
    assert looks_like_question(reply) is asks


@pytest.mark.parametrize("reply,remark", [
    ("我孙子考上大学了哈哈 开心", True), ("我女儿结婚了，好开心", True), ("我家外孙女满月了哈哈哈", True),
    ("我女儿王丽负责", False), ("我老伴走了", False), ("我儿子帮我填的", False),  # counter-examples: no news shared with joy
])
def test_family_news_is_said_to_the_assistant(reply: str, remark: bool) -> None:
    assert remarks_to_bot(reply) is remark


@pytest.mark.parametrize("form,slot,text", [
    (E, "support_needs", "培训应该是免费的吧"), (F, "team_name", "备案还得开个证明吧"), (F, "activity_place", "今天几号了"),
    (F, "leader_name", "我孙子考上大学了哈哈 开心"), (E, "newly_founded", "社区基金会也能支持我们这种队伍吧"),
])
def test_side_questions_are_not_stored(domain, form: str, slot: str, text: str) -> None:
    assert _stored(form, slot, text, domain) is None


@pytest.mark.parametrize("form,slot,text,stored", [  # counter-examples: a hedged answer is still stored
    (F, "street", "应该是新华路街道吧", "新华路街道"), (E, "support_needs", "应该是缺场地吧", ["场地"]), (F, "member_count", "应该有三十个吧", 30),
])
def test_hedged_answers_are_still_stored(domain, form: str, slot: str, text: str, stored: Any) -> None:
    assert _stored(form, slot, text, domain) == stored

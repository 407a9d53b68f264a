"""Readings the code-blind batch b19 asked for (its dev half), each with the reading it must not break."""
from __future__ import annotations

import pytest

from actions.deregistration import map_reason
from actions.form_reading import _TELLS_OF_ITSELF
from actions.parsing.answers import asked_pieces
from actions.parsing.communities import parse_community
from actions.parsing.options import option_number
from actions.parsing.people import parse_person


@pytest.mark.parametrize("reply,index", [
    ("一号那个", 0), ("2号那个", 1), ("壹", 0), ("叁", 2), ("最后一个选项", 3), ("第三个呀", 2), ("就选２吧", 1),
])
def test_an_option_by_its_number_said_any_way(reply: str, index: int) -> None:
    assert option_number(reply, 4) == index


@pytest.mark.parametrize("reply", ["五号那个", "一号楼那个", "壹佰"])
def test_no_option_beyond_the_list_or_in_another_number(reply: str) -> None:
    assert option_number(reply, 4) is None


@pytest.mark.parametrize("reply,key", [
    ("跟别人合了", "merged"), ("我们是和几个小区的人凑一起组的队，现在好久没组织活动了", "inactive"),  # how it began
    ("都不是不活动，是散了", "dissolved"), ("备案没写错，就是这两年没组织过活动", "inactive"),
    ("都不是，备案的时候名字写错了，要撤了重新备", "other"), ("不是前面三种，是街道让我们重新规范备案", "other"),
    ("都不是，是队伍散了", "dissolved"),  # none of 「those」, then one of them after all
    ("壹", "dissolved"), ("解散", "dissolved"),
])
def test_deregistration_reasons(reply: str, key: str) -> None:
    assert map_reason(reply) == key


@pytest.mark.parametrize("reply", ["都不是吗？", "队员们都不是很积极，基本不来了", "我们队员都不是本地人，现在都回老家了"])
def test_no_other_reason_from_a_sentence_with_bu_shi(reply: str) -> None:  # 都不是 there is no 「none of them」
    assert map_reason(reply) != "other"


@pytest.mark.parametrize("reply,community", [
    ("我闺女说填九星村就行，她帮我在网上查过的", "九星村"), ("我在九星村当了十几年楼组长了😊 就是这个居委", "九星村"),
    ("九星村。电话号码的话一会儿再说哈", "九星村"), ("住番禺居委会的，刚搬来三年，居委会的人都挺热心", "番禺居委会"),
    ("钱老师让我写九星村，我就照写", "九星村"), ("报一下居委：九星村。队员名单后面再给", "九星村"),
    ("从上往下数：长宁区、新华路街道、番禺居委会，最后这个就是居委", "番禺居委会"), ("番禺居委会", "番禺居委会"),
])
def test_the_residents_committee_named_inside_a_sentence(reply: str, community: str) -> None:
    assert parse_community(reply) == community


@pytest.mark.parametrize("reply", ["我住曹杨新村3号楼", "我们村里的人", "上礼拜刚去番禺居委会盖过章，就是它",
                                   "我们的活动都在友谊社区搞，但我们自己是各个小区的", "平时在滨江社区广场跳舞，我们是几个小区凑起来的",
                                   "我在绿地社区做保洁，我们队是这边居民自己搞的", "我们这个是安置小区，原来是王家村拆迁过来的",
                                   "我们队一开始是在红星村成立的，后来搬过来了，现在这边的居委还没去问"])
def test_no_residents_committee(reply: str) -> None:  # the last: a 居委 gone to, not said to be theirs
    assert parse_community(reply) is None


@pytest.mark.parametrize("reply,name", [
    ("负责人：池海燕；联系电话：15988701936", "池海燕"), ("负责人：王秀英", "王秀英"), ("负责人：王秀英，副队：李红", "王秀英"),
])
def test_leader_names_after_a_colon(reply: str, name: str) -> None:
    assert parse_person(reply) == name


@pytest.mark.parametrize("reply", ["其实是这样：负责人变了", "现任：刘建华，前任：陈明"])
def test_no_name_from_a_colon_alone(reply: str) -> None:  # 现任/前任: two people, which one leads is not said
    assert parse_person(reply) in (None, "刘建华")


@pytest.mark.parametrize("head,tells", [
    ("我们有个队员是党员", True), ("队里有几个党员", True),  # what the question after 想问问 is about
    ("我们有30个人", False), ("我是王秀英", False), ("我们是枫林二村居委会的", False), ("我们是今年新成立的", False),
])
def test_a_head_that_tells_of_the_team_before_asking(head: str, tells: bool) -> None:
    assert bool(_TELLS_OF_ITSELF.match(head)) is tells


@pytest.mark.parametrize("reply,kept", [
    ("我们想在小区里搞个义卖，不知道要不要先报备", "我们想在小区里搞个义卖，不知道要不要先报备"),
    ("番禺居委吧，不知道是不是这个名字", "番禺居委吧"),  # a doubt about the answer asks nothing
])
def test_the_pieces_that_may_ask(reply: str, kept: str) -> None:
    assert asked_pieces(reply) == kept

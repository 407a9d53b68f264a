"""Readings the code-blind batch b19 asked for (its dev half), each with the reading it must not break."""
from __future__ import annotations

import pytest

from actions.deregistration import map_reason
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
    ("跟别人合了", "merged"), ("跟隔壁小区的队伍凑一块儿了，现在用新名字", "merged"),
    ("都不是，备案的时候名字写错了，要撤了重新备", "other"), ("不是前面三种，是街道让我们重新规范备案", "other"),
    ("都不是，是队伍散了", "dissolved"),  # none of 「those」, then one of them after all
    ("壹", "dissolved"), ("解散", "dissolved"),
])
def test_deregistration_reasons(reply: str, key: str) -> None:
    assert map_reason(reply) == key


def test_a_question_about_the_reasons_is_no_reason() -> None:
    assert map_reason("都不是吗？") is None


@pytest.mark.parametrize("reply,community", [
    ("我闺女说填九星村就行，她帮我在网上查过的", "九星村"), ("我在九星村当了十几年楼组长了😊 就是这个居委", "九星村"),
    ("九星村。电话号码的话一会儿再说哈", "九星村"), ("住番禺居委会的，刚搬来三年，居委会的人都挺热心", "番禺居委会"),
    ("钱老师让我写九星村，我就照写", "九星村"), ("报一下居委：九星村。队员名单后面再给", "九星村"),
    ("从上往下数：长宁区、新华路街道、番禺居委会，最后这个就是居委", "番禺居委会"), ("番禺居委会", "番禺居委会"),
])
def test_the_residents_committee_named_inside_a_sentence(reply: str, community: str) -> None:
    assert parse_community(reply) == community


@pytest.mark.parametrize("reply", ["我住曹杨新村3号楼", "我们村里的人", "上礼拜刚去番禺居委会盖过章，就是它"])
def test_no_residents_committee(reply: str) -> None:  # the last: a 居委 gone to, not said to be theirs
    assert parse_community(reply) is None


@pytest.mark.parametrize("reply,name", [
    ("负责人就是我本人啦：王秀英（夕阳红的队长）", "王秀英"), ("报告：负责人王秀英，今年六十五", "王秀英"),
    ("负责人：池海燕；联系电话：15988701936", "池海燕"), ("负责人：王秀英", "王秀英"),
])
def test_leader_names_after_a_colon(reply: str, name: str) -> None:
    assert parse_person(reply) == name

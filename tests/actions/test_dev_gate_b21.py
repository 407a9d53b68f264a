"""What the dialogue gate's dev half showed once b21 joined the bank: the other units' people said not to take part
(「别的小区的人都不参加」) keep a team within its own, and a deregistration asked about before re-filing
(「注销以后还能用原来的名字重新备案吗」) offers deregistration, not filing."""
from __future__ import annotations

from typing import Optional

import pytest

from actions.offers import offered_flow
from actions.parsing.scope import parse_scope


@pytest.mark.parametrize("text, scope", [
    ("就一个居委范围哦，别的小区的人都不参加", "community"),
    ("其他小区的人不要钱也能参加", "street"),      # free for others: they do take part
    ("别的小区的人不收费", "street"),
    ("就我们一个居委，别的居委的人不来", "community"),
    ("别的村的不参加", "community"),
    ("其他街道的人不来，就我们街道几个小区", "street"),
    ("别的小区也有人来", "street"),          # others who do come: past the community
    ("隔壁小区的阿姨也来跳", "street"),
    ("不跨街道", "street"),
])
def test_others_said_not_to_take_part_keep_the_scope_within(text: str, scope: Optional[str]) -> None:
    assert parse_scope(text) == scope


@pytest.mark.parametrize("question, flow", [
    ("注销以后还能用原来的名字重新备案吗？", "deregistration"),
    ("注销备案要哪些手续？我们准备改名重新备案", "deregistration"),
    ("原来那个注销了，现在想重新备案", "filing"),    # ended already
    ("老队伍去年注销了，我们重新备案要什么材料", "filing"),
    ("被撤销了，能重新备案吗", "filing"),
    ("我们想重新成立一个队，怎么备案", "filing"),     # no ending said: a new team
    ("重新备案要注销原来的吗", "filing"),             # re-filing asked about first
    ("想重新备案", "filing"),
    ("原来的已经注销了，现在想重新备案", "filing"),  # ended already: the filing is what is wanted
])
def test_ending_asked_before_a_new_filing_is_offered_as_deregistration(question: str, flow: str) -> None:
    assert offered_flow(question) == flow


@pytest.mark.parametrize("reply, needs", [("除了钱，别的都有", ["资金"]), ("除了钱都缺", ["场地", "人才", "项目"])])
def test_needs_left_out_are_what_the_team_has(reply: str, needs: list) -> None:
    from actions.eligibility_answers import parse_needs
    assert parse_needs(reply) == needs


@pytest.mark.parametrize("reply, fields", [("除了养老，别的都做不了", ["养老"]), ("除了跳舞都没搞过", ["文体"])])
def test_fields_said_with_除了_and_a_negation_are_the_one_named(reply: str, fields: list) -> None:
    from actions.eligibility_answers import parse_fields
    assert parse_fields(reply) == fields


@pytest.mark.parametrize("text, community", [("新华社区儿童服务站", "新华社区儿童服务站"), ("劲松北社区儿", "劲松北社区")])
def test_a_spoken_儿_ends_a_社区_only_at_the_end(text: str, community: str) -> None:
    from actions.parsing.communities import parse_community
    assert parse_community(text) == community

"""What the dialogue gate's dev half showed once b21 joined the bank: the other units' people said not to take part
(「别的小区的人我们都不认识」) keep a team within its own, and a deregistration asked about before re-filing
(「注销以后还能用原来的名字重新备案吗」) offers deregistration, not filing."""
from __future__ import annotations

from typing import Optional

import pytest

from actions.offers import offered_flow
from actions.parsing.scope import parse_scope


@pytest.mark.parametrize("text, scope", [
    ("就一个居委范围哦，别的小区的人我们都不认识", "community"),
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
    ("注销了能重新登记吗", "deregistration"),
    ("我们想重新成立一个队，怎么备案", "filing"),     # no ending said: a new team
    ("重新备案要注销原来的吗", "filing"),             # re-filing asked about first
    ("想重新备案", "filing"),
    ("原来的已经注销了，现在想重新备案", "filing"),  # ended already: the filing is what is wanted
])
def test_ending_asked_before_a_new_filing_is_offered_as_deregistration(question: str, flow: str) -> None:
    assert offered_flow(question) == flow

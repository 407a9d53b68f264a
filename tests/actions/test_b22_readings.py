"""Readings the code-blind batch b22 asked for (its dev half), each beside readings it must not break: openings that name
another flow to deny it or put it off (「不是要撤销，是要新备案」「老队注销的事另外再说」) or that follow an old record
ended (「之前那个备案撤掉了，现在要重新备」), and 「想查下资格」 (the self-check); reasons in
everyday words (「被…收进去了」「一年多没碰头了」「就是不动了」) and a merger wished for that did not happen; needs said by
what is had (「除了钱都不缺」「钱我们自己筹」) or ranked (「最缺的是人」); 居委 typed 据委; 「No.1」; a correction that names
its field and says 「应该叫」 or 「留…」, or denies the type before saying it (「我们不是街道备案的队，是…小组」). And the
batch's side questions: a rule guessed at and put up to be confirmed (「3A以上才有资格吧」), hearsay (「有…这个说法」), 「没搞
明白」, 「再说说…」, and how the speaker feels today — asked or said, never stored, never read as yes or no."""
from __future__ import annotations

from typing import Optional

import pytest

from actions.dereg_reasons import map_reason
from actions.deregistration import parse_org_name
from actions.eligibility_answers import parse_needs
from actions.offers import offered_flow
from actions.opening import flow_of
from actions.parsing.answers import parse_yes_no
from actions.parsing.communities import parse_community
from actions.parsing.corrections import correction_value, is_correction
from actions.parsing.options import option_number
from actions.parsing.questions import looks_like_question, remarks_to_bot
from actions.parsing.text import only_says_when


@pytest.mark.parametrize("text,flow", [
    ("斜土路街道的助餐队，不是要撤销，是要新备案", "filing"), ("新队想备案，老队注销的事另外再说", "filing"),
    ("我们锦湖社区侨眷互助会之前那个备案撤掉了，现在要重新备", "filing"),
    ("我们合唱团解散了，要注销", "deregistration"), ("原来那个队的备案要撤掉", "deregistration"),
    ("不是要备案，是要注销", "deregistration"),
])
def test_openings_that_deny_or_put_off_another_flow(text: str, flow: str) -> None:
    assert flow_of("deregistration", text) == flow and flow_of("filing", text) == flow


@pytest.mark.parametrize("text,flow", [
    ("备案类团队能不能申请公益创投？想查下资格", "eligibility"), ("想查一下申请资格", "eligibility"),
    ("怎么备案", "filing"), ("备案要什么材料", "filing"), ("队伍散了要不要注销", "deregistration"),
])
def test_the_flow_offered_after_a_question(text: str, flow: str) -> None:
    assert offered_flow(text) == flow


@pytest.mark.parametrize("reply,reason", [
    ("领头的去外地带外孙了，剩下几个撑不起来，就散了", "dissolved"), ("散伙了，想合并也没人要我们", "dissolved"),
    ("被街道那个大团收进去了", "merged"), ("好久都没人张罗了 一次活动也没有", "inactive"),
    ("活动场地没了，人也懒了，就一直没搞", "inactive"), ("一年多没碰头了", "inactive"),
    ("没解散也没合并，就是不动了", "inactive"), ("No.1", "dissolved"), ("No.3", "inactive"),
    ("跳不动了", "dissolved"), ("跟隔壁队合并了", "merged"), ("想合并", "merged"),
])
def test_reasons_in_everyday_words(reply: str, reason: str) -> None:
    assert map_reason(reply) == reason


def test_no_with_a_number_picks_that_option_and_only_a_listed_one() -> None:
    assert option_number("No.2", 4) == 1 and option_number("NO 4", 4) == 3 and option_number("No.7", 4) is None


@pytest.mark.parametrize("reply,needs", [
    ("除了钱都不缺", ["资金"]), ("除了场地别的都不需要", ["场地"]), ("四样里头最缺的是人，其次是项目", ["人才", "项目"]),
    ("人和项目都要，钱我们自己筹", ["人才", "项目"]), ("除了钱都缺", ["场地", "人才", "项目"]), ("钱和人都缺", ["资金", "人才"]),
])
def test_needs_said_by_what_is_had_or_ranked(reply: str, needs: list[str]) -> None:
    assert parse_needs(reply) == needs


@pytest.mark.parametrize("reply,community", [
    ("上工新村据委会", "上工新村居委会"), ("番禺居委会，徐汇区那边", "番禺居委会"), ("九星村，七宝镇", "九星村"),
    ("小区里的人都认识", None), ("我们小区的人都归番禺居委会管", "番禺居委会"),
])
def test_a_committee_typed_with_a_slip_or_with_its_town_after_it(reply: str, community: Optional[str]) -> None:
    assert parse_community(reply) == community


def test_days_of_a_week_listed_say_only_when() -> None:
    assert only_says_when("每周二、四上午") and not only_says_when("每周二在四村活动室")


@pytest.mark.parametrize("text,field,value", [
    ("队名我刚问了队长，应该叫蒲州社区越剧兴趣小组", "队名", "蒲州社区越剧兴趣小组"),
    ("联系电话留13902276106，我儿子的", "电话", "13902276106，我儿子的"),
])
def test_a_correction_that_names_its_field(text: str, field: str, value: str) -> None:
    assert is_correction(text) and correction_value(text, field) == value


@pytest.mark.parametrize("text,corrects", [
    ("我们不是街道备案的队，是居委会指导的小组", True), ("五马街道，不是五马街哈，是街道", False), ("长宁区", False),
])
def test_a_type_denied_then_said_corrects_it_only_at_the_start(text: str, corrects: bool) -> None:
    assert is_correction(text) == corrects


@pytest.mark.parametrize("reply,name", [
    ("是交大东路社区邻里厨房，在北下关街道备的案", "交大东路社区邻里厨房"), ("就是夕阳红舞蹈队", "夕阳红舞蹈队"),
])
def test_an_organisation_name_after_is(reply: str, name: str) -> None:
    assert parse_org_name(reply) == name


@pytest.mark.parametrize("text,asks", [
    ("3A以上才有资格吧", True), ("1A是最低的一档吧", True), ("场地是街道统一安排的吧", True),
    ("文体类的队伍顺带做点养老服务可以吧", True), ("选其他原因的话要写具体情况吧", True), ("备案类的也能拿扶持", True),
    ("新成立的有三年扶持期这个说法", True), ("孵化基地我一直没搞明白", True), ("再说说党建这块的要求", True),
    ("培育发展社区社会组织那个文件的主要内容说说", True),
    ("应该是南郊街道吧", False), ("算文体类吧", False), ("我们自己能解决吧", False), ("区是长宁，街道是新华路，简称你能懂吧", False),
    ("就叫夕阳红舞蹈队吧", False), ("12个人吧", False),
])
def test_a_rule_guessed_at_is_asked(text: str, asks: bool) -> None:
    assert looks_like_question(text) == asks


@pytest.mark.parametrize("text", ["我今天血压有点高", "我有点累了", "我这两天头有点晕"])
def test_how_the_speaker_feels_is_said_to_the_bot(text: str) -> None:
    assert remarks_to_bot(text)


def test_a_sentence_with_no_yes_or_no_in_it_is_neither_whatever_nlu_read() -> None:
    assert parse_yes_no("我今天血压有点高", "affirm") is None and parse_yes_no("我今天血压有点高", "deny") is None


@pytest.mark.parametrize("text,intent,answer", [("好的", None, True), ("嗯", "affirm", True), ("不用了", None, False),
                                                ("就这样", "affirm", True)])
def test_short_replies_still_read_as_yes_or_no(text: str, intent: Optional[str], answer: bool) -> None:
    assert parse_yes_no(text, intent) is answer

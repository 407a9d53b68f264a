"""Readings the code-blind batch b17 asked for (its dev half), each with the reading it must not break."""
from __future__ import annotations

import pytest

from actions.eligibility_answers import parse_fields
from actions.parsing.communities import parse_community
from actions.parsing.names import parse_team_name
from actions.parsing.text import fix_voice_typos, normalize_reply


@pytest.mark.parametrize("reply,name", [
    ("我们那个…夕阳红广场舞队，对，就这个名", "夕阳红广场舞队"),  # … parts a reply like a comma
    ("名字我一个字一个字打给你：夕阳红广场舞队。", "夕阳红广场舞队"),
    ("编织组…哦要全称是吧，新泾北苑爱心编织小组", "新泾北苑爱心编织小组"),  # the full name said after the short one
    ("我们队名叫暑托班…哦你要全称是吧，横街暑托志愿小组", "横街暑托志愿小组"),  # the name after 全称
    ("名字嘛，就是「夕阳红广场舞队」了，大家都同意的", "夕阳红广场舞队"),
    ("夕阳红广场舞队，就是夕阳红队", "夕阳红广场舞队"),  # a short form after the name is not the name
])
def test_team_names(reply: str, name: str) -> None:
    assert parse_team_name(reply) == name


@pytest.mark.parametrize("reply,community", [
    ("九星村没错，我刚跟居委主任确认过", "九星村"), ("九星村没错", "九星村"),
    ("“番禺居委会”没错的，我们夕阳红就在那儿成立的", "番禺居委会"),
    ("我们属于番禺居委会的呀居委会就在楼下面", "番禺居委会"),
    ("居委会写番禺居委会👌👌", "番禺居委会"), ("社区写成虹桥社区", "虹桥社区"),
    ("嗯呢～番禺居委会～", "番禺居委会"), ("于家村", "于家村"),
])
def test_communities(reply: str, community: str) -> None:
    assert parse_community(reply) == community


def test_a_reply_that_is_one_quoted_value_loses_its_quotes_only_then() -> None:
    assert normalize_reply("“王秀英”") == "王秀英" and normalize_reply("『夕阳红广场舞队』") == "夕阳红广场舞队"
    assert normalize_reply("名字是「夕阳红」队") == "名字是「夕阳红」队"  # the quotes mark a name inside a sentence


def test_voice_typos() -> None:
    assert fix_voice_typos("河并了，跟别的队") == "合并了，跟别的队"
    assert fix_voice_typos("文题活动") == "文体活动" and fix_voice_typos("这篇文题") == "这篇文题"


@pytest.mark.parametrize("reply,fields", [
    ("助餐送餐，服务七十岁以上的", ["养老"]), ("我们是给大病家庭捐款的那种", ["济困"]),
    ("给残障人士送餐，再加上帮困难家庭申请补助", ["助残", "济困"]),  # 送餐 alone says nothing of the old
])
def test_service_fields(reply: str, fields: list[str]) -> None:
    assert sorted(parse_fields(reply) or []) == sorted(fields)


@pytest.mark.parametrize("reply,name", [  # a review's counter-examples: another team named after the own one
    ("叫舞蹈队，隔壁是夕阳红舞蹈队", "舞蹈队"), ("我们叫合唱团，街道还有个长宁合唱团", "合唱团"),
    ("我们叫编织组，隔壁是爱心编织小组", "编织组"), ("我听队长说过名字叫夕阳红舞蹈队", "夕阳红舞蹈队"),
    ("听老队员讲名字叫夕阳红舞蹈队", "夕阳红舞蹈队"),
])
def test_only_a_name_given_as_the_full_one_replaces_the_first(reply: str, name: str) -> None:
    assert parse_team_name(reply) == name


@pytest.mark.parametrize("reply,asks", [
    ("听邻居讲备案了才能用社区活动室", True), ("备案完了之后的事也跟我讲讲", True), ("注销前要做的准备工作，跟我说说", True),
    ("想听听评上等级以后的奖励政策", True), ("等下，先问你个事，附近哪有打印店", True), ("我们队长生日快到了，帮我想句祝福语", True),
    ("听居委说是新华居委会", False), ("听居委讲我们算社区事务类", False), ("听戏说戏交流会", False),
    ("回头让队长跟我说一下", False), ("队长会跟我讲讲", False),
])
def test_requests_to_be_told_and_what_was_heard_as_an_answer(reply: str, asks: bool) -> None:
    from actions.parsing.questions import looks_like_question

    assert bool(looks_like_question(reply)) is asks


@pytest.mark.parametrize("reply,fields", [("服务18岁以上的居民", ["其他"]), ("主要服务50岁以上的妇女", [])])
def test_an_age_under_sixty_is_no_elderly_service(reply: str, fields: list[str]) -> None:
    assert sorted(parse_fields(reply) or []) == fields

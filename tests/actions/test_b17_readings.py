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

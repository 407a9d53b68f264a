"""Readings of the b16 dev phrasings (written by a helper that read only the phrasing bank), each with a counter-example.

Option numbers where the question numbers no options (服务领域) are no field, let alone 「其他」; 扶老 is 养老; a field or a
need said to be handled already (「老人暂时顾不上」「钱跟项目我们自己能解决」「场地居委会借给我们了」「人跟场地都还行」
「钱街道已经补过了」) is none; 屋 is a place; of two pieces that could be a leader's name the one with a common surname is
it (「周德明，他是我们队的主心骨」), and a fuller name wins over its given name; 「王秀英是队长」 is 王秀英; a 居委 said
with a trailing 的 or after 居委/社区 is that 居委, and a sentence read no other way names the one 「X居委会」 in it; 大名
introduces a team name and 「名字一直没变」 says nothing of it; a place's name is the end of a piece after its words
(「往上是五马街道」「再往上是鹿城区」), never a city, a remark (「街道先空着」) or 「那个街道」; 句号 dictated is a full stop."""
from __future__ import annotations

import pytest

from tests.actions.test_b13_b15_readings import D, E, F, _assert_read


@pytest.mark.parametrize("form, slot, text, value", [
    (E, "service_fields", "主要是1，还有5", ["养老", "文体"]), (E, "service_fields", "选第二个跟第四个", ["助残", "济困"]),
    (E, "service_fields", "５、６", ["文体", "社区治理"]),  # the options, numbered since the question lists them in order (E, "service_fields", "服务30多户独居老人", ["养老"]),
    (E, "service_fields", "扶老、助残", ["养老", "助残"]),
    (E, "service_fields", "帮困难户，也帮残疾人，老人暂时顾不上", ["助残", "济困"]),
    (E, "support_needs", "场地和人才，钱跟项目我们自己能解决", ["场地", "人才"]),
    (E, "support_needs", "项目跟人才，场地居委会借给我们了", ["人才", "项目"]),
    (E, "support_needs", "缺一个会拉琴的老师，还缺一间练琴的屋", ["人才", "场地"]),
    (E, "support_needs", "钱和项目吧，人跟场地都还行", ["资金", "项目"]),
    (E, "support_needs", "场地跟项目，钱街道已经补过了", ["场地", "项目"]),
    (E, "support_needs", "钱不够", ["资金"]),
    (F, "leader_name", "是王秀英，姓王，名字秀英", "王秀英"), (F, "leader_name", "周德明，他是我们队的主心骨", "周德明"),
    (F, "leader_name", "我婆婆王秀英是队长，我帮她弄的", "王秀英"), (F, "leader_name", "负责人啊，杨静，这人靠谱", "杨静"),
    (F, "leader_name", "王秀英，王老师人缘好，大家都听", "王秀英"), (F, "leader_name", "覃建华", "覃建华"),
    (F, "leader_name", "阿拉负责人叫王秀英，人老好个", "王秀英"),
    (F, "community", "我们是曹杨一村居委会的，队伍就在曹杨新村这一带活动", "曹杨一村居委会"),
    (F, "community", "居委番禺居委会", "番禺居委会"), (F, "community", "居委会全称番禺居委会，简称我就不写了", "番禺居委会"),
    (F, "community", "社区这块填番禺居委会就行了", "番禺居委会"), (F, "community", "按户籍算，我们都是番禺居委会的居民", "番禺居委会"),
    (F, "community", "我们不知道是哪个居委会", None),
    (F, "team_name", "我们这支队伍，大名夕阳红广场舞队，小名夕阳红", "夕阳红广场舞队"),
    (D, "dereg_region", "墨池社区那片，往上是五马街道，再往上是鹿城区", "鹿城区五马街道"),
    (D, "dereg_region", "在杭州，具体是西湖区的翠苑街道", "西湖区翠苑街道"),
    (D, "dereg_region", "区是长宁区，街道先空着", "长宁区"),
    (F, "street", "街道是五马街道句号我们队就在那边句号", "五马街道"), (F, "street", "我们小区门口那个街道", None),
    (F, "district", "哦区啊，我还以为问的是小区😂 西湖区", "西湖区"),
])
def test_b16_dev_readings(form: str, slot: str, text: str, value, domain) -> None:
    _assert_read(form, slot, text, value, domain)


@pytest.mark.parametrize("form, slot, text, value", [  # the review's counter-examples: the rules above stop short of these
    (F, "activities", "每周给老人讲讲防诈骗政策", "每周给老人讲讲防诈骗政策"),
    (F, "activities", "平时跳广场舞，顺便介绍点养生知识", "平时跳广场舞，顺便介绍点养生知识"),
    (F, "activities", "宣传垃圾分类，要让居民了解", "宣传垃圾分类，要让居民了解"),
    (F, "team_name", "队名叫青春步伐", "青春步伐"), (F, "team_name", "铿锵步伐", "铿锵步伐"),
    (F, "leader_name", "负责人叫闻一多，周末联系", "闻一多"), (F, "leader_name", "负责人叫乌兰，白天在家", "乌兰"),
    (F, "leader_name", "队长是伊凡，金华人", "伊凡"),
    (F, "community", "我们去番禺居委会活动室跳舞", None), (F, "community", "隔壁番禺居委会的场地借给我们用", None),
    (F, "community", "之前向番禺居委会报备过", None),
    (F, "district", "我们不在西湖区", None), (F, "district", "我在杭州市", None), (F, "district", "住在那个开发区", None),
    (F, "street", "不归五马街道", None),
    (E, "support_needs", "人手还可以再多一些", ["人才"]), (E, "support_needs", "场地还行，钱还可以再多点", ["资金"]),
    (E, "support_needs", "钱我们自己解决不了", ["资金"]),
    (E, "service_fields", "维修家电，每月1次", ["其他"]),
    (F, "activity_place", "居委会活动室(B1)", "居委会活动室（B1）"),
])
def test_b16_counter_examples(form: str, slot: str, text: str, value, domain) -> None:
    _assert_read(form, slot, text, value, domain)


def test_a_remark_on_the_name_is_no_name() -> None:
    from actions import parsing

    assert parsing.parse_team_name("夕阳红广场舞队，负责人换了好几任，名字一直没变") == "夕阳红广场舞队"
    assert parsing.parse_team_name("名字叫不老松") == "不老松"  # 不 begins a name, not only 「名字不变」


def test_a_free_answer_is_stored_with_the_punctuation_it_was_typed_with(domain) -> None:
    _assert_read(F, "activities", "排练合唱，逢年过节去敬老院演出", "排练合唱，逢年过节去敬老院演出", domain)

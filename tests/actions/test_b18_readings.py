"""Readings the code-blind batch b18 asked for (its dev half), each with the reading it must not break."""
from __future__ import annotations

import pytest

from actions.deregistration import parse_org_name
from actions.eligibility_answers import normalize_region
from actions.form_reading import parse_one_piece
from actions.parsing.names import parse_team_name
from actions.parsing.people import parse_person
from actions.parsing.questions import looks_like_question

SCOPE = [{"title": "本居委", "payload": "本居委"}, {"title": "街道范围", "payload": "街道范围"},
         {"title": "跨街道", "payload": "跨街道"}]


def _scope(reply: str) -> str | None:
    return {"本居委": "本居委", "街道范围": "街道范围", "跨街道": "跨街道", "3": "跨街道", "三": "跨街道"}.get(
        reply.replace("选", ""))


@pytest.mark.parametrize("reply,name", [
    ("负责人是我爱人王秀英，我帮着填", "王秀英"), ("我爸周德明是负责人，我替他填", "周德明"),  # a relative, then the name
    ("我们这块都叫王队，真名王秀英", "王秀英"), ("池海燕，以前是小学校长", "池海燕"),  # 王队 is a title; a job is no name
    ("就是我们RH跑团的许嘉辰呀", "许嘉辰"), ("王秀英是负责人", "王秀英"), ("爱人王秀英", "王秀英"),
    ("王秀英", "王秀英"), ("我老伴王秀英是队长", "王秀英"),
])
def test_leader_names(reply: str, name: str) -> None:
    assert parse_person(reply) == name


@pytest.mark.parametrize("reply", ["王队", "老伴", "正经队长是这位", "小学校长"])
def test_no_leader_name(reply: str) -> None:
    assert parse_person(reply) is None


def test_team_and_organisation_names_after_what_to_write_or_the_verb_of_ending() -> None:
    assert parse_team_name("大家都喊夕阳红，登记的话写夕阳红广场舞队") == "夕阳红广场舞队"
    assert parse_org_name("撤夕阳红广场舞队，别的不动") == "夕阳红广场舞队"
    assert parse_org_name("夕阳红广场舞队") == "夕阳红广场舞队"


@pytest.mark.parametrize("reply,region", [("上海普沱区", "上海市普陀区"), ("上海黄埔区，打浦桥那边", "上海市黄浦区"),
                                          ("上海长宁", "上海市长宁区"), ("上海", "上海市"), ("北京朝阳区", "北京市朝阳区")])
def test_a_district_typed_with_a_slip_after_its_city(reply: str, region: str) -> None:
    assert normalize_region(reply) == region


@pytest.mark.parametrize("reply,value", [
    ("选三，范围挺大的", "跨街道"),  # the option in one piece, a remark in the other
    ("选三，不对，街道范围", None), ("本居委，还是街道范围来着", None),  # a correction or a doubt: not cut up
    ("本居委，街道范围", None),  # two options: neither
])
def test_one_piece_of_a_reply_names_the_option(reply: str, value: str | None) -> None:
    assert parse_one_piece(reply, _scope, SCOPE) == value


def test_free_answers_are_not_cut_into_pieces() -> None:
    assert parse_one_piece("本人是九星村的居民，队伍也在这", lambda text: text if "队伍" in text else None, []) is None


@pytest.mark.parametrize("text", ["补贴呢", "社工来不", "没评过等级也能申请扶持吧", "顺便说一下，居委书记让我问问孵化基地的事",
                                  "场地的事说说", "社工的事说下", "说下评估", "我孙女说网上也能办备案", "材料清单发我"])
def test_short_and_worded_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ["场地呢", "人来不了", "本来不想", "我老伴说名字叫夕阳红", "我们自己能解决吧", "二十个人来"])
def test_answers_that_stay_answers(text: str) -> None:
    assert not looks_like_question(text)


@pytest.mark.parametrize("reply", ["2，算了", "2，我问问队长", "2吧，等下再说", "2，转人工", "选2，再说吧"])
def test_an_option_with_a_stop_or_a_put_off_is_not_cut_up(reply: str) -> None:
    assert parse_one_piece(reply, lambda text: {"2": "街道范围", "选2": "街道范围"}.get(text), SCOPE) is None


def test_a_yes_no_question_is_not_cut_up() -> None:
    yes_no = [{"title": "是", "payload": "是"}, {"title": "否", "payload": "否"}]
    assert parse_one_piece("还在筹建，有5个党员", lambda text: True if "有" in text else None, yes_no) is None


@pytest.mark.parametrize("reply", ["张阿姨是负责人", "王队是负责人", "李总是领队", "陈生是负责人", "老李是领队"])
def test_a_title_before_the_role_is_no_name(reply: str) -> None:
    assert parse_person(reply) is None


@pytest.mark.parametrize("text", ["电话要我问问我儿子", "材料已经发给我女儿了", "表格给我孙子填", "我们队长说不要注销了",
                                  "我儿子说要备案", "每周跳两次广场舞，年轻人来不", "队长叫我问一下，他叫王建国"])
def test_statements_and_put_offs_are_no_questions(text: str) -> None:
    assert not looks_like_question(text)


@pytest.mark.parametrize("reply", ["就填好了", "我们的话写字画画都有"])
def test_a_remark_after_a_word_for_writing_is_no_team_name(reply: str) -> None:
    assert parse_team_name(reply) is None

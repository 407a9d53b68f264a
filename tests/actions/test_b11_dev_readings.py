"""The b11 batch of the phrasing bank (dev half only), read by the form validators, and the reading rules
it led to, each with counter-examples that keep their old reading: a remark after a team name set off by a
space (「…广场舞队 就这几个字」), 【】 as quotes, a name 「拟为」, a provisional name (「先叫…吧」), a name put off
(「名字最后再说」) and a head count (「20个人」) no name; 「温州永嘉」 only places; the streets of 虹口/闵行 and
some of 永嘉县/平阳县 in the gazetteer (曲阳 → 曲阳路街道, 梅龙镇 → 梅陇镇); a 居委 said after its district and street
said short (「长宁新华路番禺居委会」), 「所属社区居委会为…」, 「…的哟 没错的」, 「运光新村那个居委」,
「望京西园3区社区」; 负责人 「一栏写」「兼」「系…同志」 and 「写我妈…」; 文娱 is 文体; a ring road names no district;
「钱也够」 needs no money, 票子 is money; 养佬 is 养老 (a same-tone slip); corrections that say the old value was a
short form (「刚才那个是简称」) and 「全称叫…」 at the confirmation.

The bank figures are measured by tests/actions/bank_readings.py; tests/actions/test_bank_dev_readings.py lists
what is left, so that any new miss fails."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import parsing
from actions.eligibility_answers import normalize_region, parse_fields, parse_needs
from actions.filing import map_category
from actions.parsing.places import only_larger_places
from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"





# team names ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("夕阳红广场舞队 就这几个字 一个字都不能少哈", "夕阳红广场舞队"), ("城市花园Happy亲子读书会 Happy是英文", "城市花园Happy亲子读书会"),
    ("香河园京剧票友社 唱京剧的", "香河园京剧票友社"), ("我们名字叫 温州鹿城五马街道夕阳红腰鼓队 有点长", "温州鹿城五马街道夕阳红腰鼓队"),
    ("队名是 银发先锋 后面不用加队", "银发先锋"), ("【程家桥书画社】", "程家桥书画社"), ("叫【晚霞】合唱团", "晚霞合唱团"),
    ("我们队的名称拟为“石库门弄堂记忆”口述史小组", "石库门弄堂记忆口述史小组"), ("名称暂定为康乐门球队", "康乐门球队"),
    ("名字还没定好 先叫阳光助老队吧", "阳光助老队"), ("名字还没定，暂时叫银龄合唱团", "银龄合唱团"),
    # counter-examples: one name dictated with a space, two team-like words, 为 at the start of a name, no name
    ("夕阳红 舞蹈队", "夕阳红 舞蹈队"), ("夕阳红舞蹈队 老年组", "夕阳红舞蹈队 老年组"), ("名字是为老服务队", "为老服务队"),
    ("三人行读书会", "三人行读书会"), ("名字还没定好", None), ("先叫我想想", None), ("简称", None), ("全称", None),
    ("20个人", None), ("三十个队员", None), ("大概十来个人", None),
    ("你先往下问吧 名字最后再说", None), ("名字回头再告诉你", None), ("先跳过吧", None),
    ("温州永嘉", None), ("上海长宁", None), ("温州夕阳红队", "温州夕阳红队"), ("长宁", "长宁"),
])
def test_team_names_with_remarks_brackets_and_provisional_names(text, name) -> None:
    assert parsing.parse_team_name(text) == name


def test_a_city_and_its_district_said_short_are_only_places() -> None:
    assert only_larger_places("温州永嘉") and only_larger_places("北京朝阳")
    assert not only_larger_places("上海") and not only_larger_places("上海新村")


# streets ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, street", [
    ("曲阳", "曲阳路街道"), ("梅龙镇", "梅陇镇"), ("辛庄镇", "莘庄镇"), ("欧北街道", "瓯北街道"),
    ("熬江镇", "鳌江镇"), ("古美", "古美街道"), ("凉城", "凉城新村街道"),
    # counter-examples: 虹桥 stays 长宁's 虹桥街道 (虹桥镇, also 乐清's, is not listed); a district is no street
    ("虹桥", "虹桥街道"), ("虹桥镇", "虹桥镇"), ("七宝镇九星村", "七宝镇"), ("东城", None), ("塘下镇", "塘下镇"),
])
def test_streets_of_the_added_districts(text, street) -> None:
    assert parsing.parse_street(text) == street


@pytest.mark.parametrize("text, district", [("梅陇镇", "闵行区"), ("虹桥", "长宁区"), ("鳌江镇", "平阳县"), ("瓯北街道", "永嘉县"),
                                            ("虹桥镇", None)])
def test_a_listed_street_gives_its_district(text, district) -> None:
    assert parsing.parse_district(text) == district


# communities -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, community", [
    ("长宁新华路番禺居委会", "番禺居委会"), ("长宁北新泾新泾北苑居委会", "新泾北苑居委会"),
    ("长宁程家桥虹桥机场新村居委会", "虹桥机场新村居委会"), ("上海长宁区北新泾街道新泾北苑居委会", "新泾北苑居委会"),
    ("所属社区居委会为番禺居委会", "番禺居委会"), ("所属社区居委会为虹桥机场新村居委会", "虹桥机场新村居委会"),
    ("是番禺居委会的哟 没错的", "番禺居委会"), ("番禺居委会，对的", "番禺居委会"),
    ("运光新村那个居委", "运光新村居委"), ("菊儿胡同那个社区", "菊儿社区"), ("望京西园3区社区", "望京西园三区社区"),
    # counter-examples: a name that starts like a street's stem, a city that is part of the name, places named none
    ("新泾北苑居委会", "新泾北苑居委会"), ("长宁新村居委会", "长宁新村居委会"), ("上海新村居委会", "上海新村居委会"),
    ("长宁新华路居委会", "长宁新华路居委会"), ("这个新村那个居委", None), ("我们小区那个居委", None),
    ("菜场那个居委会", None), ("居委会为", None), ("古龙1村", "古龙一村"),
])
def test_communities_said_with_their_places_and_remarks(text, community) -> None:
    assert parsing.parse_community(text) == community


# leaders ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("负责人一栏写王秀英", "王秀英"), ("联系人兼负责人：孙凤英", "孙凤英"), ("我是她女儿 负责人写我妈谢淑芬", "谢淑芬"),
    ("负责人系周德明同志，本人为经办社工", "周德明"), ("队长兼联系人是王秀英", "王秀英"),
    # counter-examples: no name given
    ("负责人兼", None), ("我是她女儿", None), ("写我妈", None), ("负责人写我自己", None),
])
def test_leader_names_with_forms_words(text, name) -> None:
    assert parsing.parse_person(text) == name


# category, region, fields, needs ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, category", [("文娱类", "文体活动类"), ("文娱活动", "文体活动类"), ("公益类", "公益慈善类")])
def test_wenyu_is_the_sports_and_culture_category(text, category) -> None:
    assert map_category(text) == category


@pytest.mark.parametrize("text, region", [
    ("北京五环外", None), ("上海外环以外", None),
    ("北京朝阳五环外", "北京市朝阳区"), ("北京", "北京市"), ("上海长宁", "上海市长宁区"),  # counter-examples
])
def test_a_ring_road_names_no_district(text, region) -> None:
    assert normalize_region(text) == region


@pytest.mark.parametrize("text, fields", [
    ("养佬", ["养老"]), ("养佬和助残", ["助残", "养老"]),
    # counter-examples: a slip of another tone is not guessed among several fields; the old readings
    ("老年人吃饭的事，助餐", ["养老"]), ("助餐", ["其他"]), ("养宠", ["社区治理"]), ("文休", ["文体"]),
])
def test_a_same_sounding_slip_of_a_field(text, fields) -> None:
    assert parse_fields(text) == fields


@pytest.mark.parametrize("text, needs", [
    ("场地我们有了 钱也够 就是缺个项目做做", ["项目"]), ("就缺票子跟人", ["资金", "人才"]), ("人手还够，缺场地", ["场地"]),
    ("钱够", None),
    # counter-examples: not enough is a need
    ("钱不够", ["资金"]), ("钱也不够", ["资金"]), ("钱没够", ["资金"]), ("票子不缺", None),
])
def test_enough_money_is_no_need_and_piaozi_is_money(text, needs) -> None:
    assert parse_needs(text) == needs


def test_a_typo_of_a_field_is_stored_as_the_field(domain) -> None:
    events, _messages = validate(E, "service_fields", "养佬", domain, slots=_before(E, "service_fields"))
    assert SlotSet("service_fields", ["养老"]) in events


# corrections -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, keyword, value", [
    ("名字改下，洋泾睦邻志愿者服务队，刚才那个是简称", "名字", "洋泾睦邻志愿者服务队"),
    ("刚才说的是简称，登记的全称叫枫泾农民画兴趣小组", "全称", "枫泾农民画兴趣小组"),
    ("刚才说的是简称 备案的全称是曹杨一村楼道自治小组", "全称", "曹杨一村楼道自治小组"),  # counter-example: the old reading
    ("名字改成夕阳红舞蹈队", "名字", "夕阳红舞蹈队"),
])
def test_a_remark_that_the_old_value_was_a_short_form_is_no_new_value(text, keyword, value) -> None:
    assert parsing.correction_value(text, keyword) == value


def test_a_team_name_corrected_at_a_later_step_with_a_short_form_remark(domain) -> None:
    slots = _before(F, "activity_scope")
    events, _messages = validate(F, "activity_scope", "名字改下，洋泾睦邻志愿者服务队，刚才那个是简称", domain, slots=slots)
    assert SlotSet("team_name", "洋泾睦邻志愿者服务队") in events
    assert not any(e.get("name") == "team_name" and e.get("value") == "简称" for e in events)


def test_the_full_name_said_with_jiao_at_the_deregistration_confirmation(domain) -> None:
    slots = _before(D, "dereg_confirmed")
    events, messages = validate(D, "dereg_confirmed", "刚才说的是简称，登记的全称叫枫泾农民画兴趣小组", domain, slots=slots)
    assert SlotSet("dereg_org_name", "枫泾农民画兴趣小组") in events
    assert messages[0]["text"].startswith("好的，已更正")


def test_a_remark_on_a_short_form_alone_changes_nothing(domain) -> None:
    slots = _before(D, "dereg_confirmed")
    events, _messages = validate(D, "dereg_confirmed", "刚才说的是简称", domain, slots=slots)
    assert not any(e.get("name") == "dereg_org_name" and e.get("value") for e in events)


# side questions of the batch ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, asks", [
    ("负责人身份证要原件还是复印件", True), ("网上备案跟去窗口办 效果一样吧", True), ("没有活动场地也可以备案呢", True),
    ("你们这里能查到我们以前备过的案没", True), ("今天几号来着", True), ("你这个机器人会说上海话伐", True),
    ("帮我写一份队伍的年终总结", True), ("给我们队起个好听的名字呗", True),
    # counter-examples: answers with the same words
    ("跟去年一样吧", False), ("名字是我们自己起的", False), ("帮老人写一份遗嘱", False), ("能做的都做了", False),
    ("要跳舞还要唱歌", False), ("我们能吃苦", False), ("好的伐", False), ("帮我把名字改成夕阳红", False),
])
def test_side_questions_asked_without_a_question_word(text, asks) -> None:
    assert parsing.looks_like_question(text) is asks

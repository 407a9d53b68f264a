"""Readings of the b13, b14 and b15 dev phrasings (written by helpers that read only the phrasing bank), checked with every dev persona, each with a counter-example.

A bracket after a name that remarks on it (how to write it, who proposed it) or says where the team is (a road) is
no part of the name; 「团队负责人：」 before a name; 「得嘞」「没毛病」 agree; 「并成一支」 and the slip 「合病」 are a merger;
a correction of another field that gives no value, said with the pending answer (「名字要改成带“协会”的，…，选其他原因」),
is that answer; 「来教」 is a need for people; a field the team does not work in (「不搞文体」) is none of its fields;
「暂未建立」 is no; 「被按类」 is 备案类; 「哪个镇不确定」 states, it does not ask; 「外滩」 is no slip of 北外滩; 「鞍山四村」
is an estate, no street; 「问居委会吧，…」 and 「啥都搞」 answer nothing."""
from __future__ import annotations

import pytest

from tests.actions.conftest import answers_before as _before
from tests.actions.conftest import validate_form as validate

F, D, E = "filing_form", "deregistration_form", "eligibility_form"


def _stored(form: str, slot: str, text: str, domain) -> dict:
    events, _messages = validate(form, slot, text, domain, slots=_before(form, slot))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot" and e["name"] != "requested_slot"}


def _assert_read(form: str, slot: str, text: str, value, domain) -> None:
    """The pending slot holds `value` after `text` (lists compared as sets)."""
    stored = _stored(form, slot, text, domain)
    got = stored.get(slot)
    assert (sorted(got) if isinstance(got, list) else got) == (sorted(value) if isinstance(value, list) else value), stored


@pytest.mark.parametrize("form, slot, text, value", [
    (F, "team_name", "夕阳红广场舞队（要写全称，不是夕阳红）", "夕阳红广场舞队"),
    (F, "team_name", "申请备案团队名称：程家桥书画社（经居委会推荐）", "程家桥书画社"),
    (F, "team_name", "晴波园K歌俱乐部（K是英文字母K）", "晴波园K歌俱乐部"),
    (F, "team_name", "长宁区社区服务中心（筹）", "长宁区社区服务中心(筹)"),  # 筹 is part of the name
    (F, "team_name", "阳光（2号楼）志愿队", "阳光(2号楼)志愿队"),
    (D, "dereg_org_name", "名称：夕阳红广场舞队（新华路）", "夕阳红广场舞队"),
    (F, "leader_name", "团队负责人：王秀英（身份证上的名字）", "王秀英"),
    (F, "leader_name", "团队", None),
    (F, "filing_confirmed", "得嘞 提交", True),
    (F, "filing_confirmed", "得嘞，先别提交", None),  # not submitted: which field to change is asked
    (F, "filing_confirmed", "没毛病 提交", True),
    (D, "dereg_reason", "跟隔壁村的舞龙队并成一支了", "merged"),
    (D, "dereg_reason", "合病了，跟别的队", "merged"),
    (D, "dereg_reason", "名字要改成带“协会”的，得重新弄，选其他原因", "other"),
    (E, "support_needs", "最缺的是有人来教，钱不缺", ["人才"]),
    (E, "has_party_org", "暂未建立党组织", False),
    (E, "has_party_org", "已建立党组织", True),
    (E, "service_fields", "为老服务跟社区治理，不搞文体", ["养老", "社区治理"]),
    (E, "service_fields", "文体和为老服务", ["养老", "文体"]),
    (E, "org_kind", "被按类", "备案类"),
    (D, "dereg_region", "就知道是门头沟区，哪个镇不确定", "门头沟区"),
    (D, "dereg_region", "外滩附近", None),
    (D, "dereg_region", "虹口北外滩", "虹口区北外滩街道"),
    (F, "street", "鞍山四村", None),
    (F, "street", "仙霞新村", "仙霞新村街道"),
    (F, "activity_place", "问居委会吧，他们安排的", None),
    (F, "activities", "啥都搞", None),
])
def test_b13_dev_readings(form: str, slot: str, text: str, value, domain) -> None:
    _assert_read(form, slot, text, value, domain)


def test_a_correction_with_no_value_still_refills_its_field_when_nothing_answers_the_pending_one(domain) -> None:
    assert _stored(F, "member_count", "名字写错了", domain) == {"team_name": None, "member_count": None,
                                                                 "filing_confirmed": None}


def test_a_yes_no_prefilled_from_the_opening_is_kept_without_a_message(domain) -> None:
    """「我们是乐清虹桥的民非，刚成立，想看看有啥扶持」 pre-fills newly_founded=True; the form validates it when it
    starts and must neither reject it nor print 「请回答「是」或「不是」」."""
    from actions.eligibility import ValidateEligibilityForm
    from tests.actions.conftest import make_tracker, run

    tracker = make_tracker("我们是乐清虹桥的民非，刚成立，想看看有啥扶持", intent="check_support", form=E,
                           slots={"newly_founded": True})
    tracker.events.append({"event": "slot", "name": "newly_founded", "value": True})  # set by action_open_flow
    events, messages = run(ValidateEligibilityForm(), tracker, domain)
    assert [e["value"] for e in events if e.get("name") == "newly_founded"] == [True]
    assert not any("请回答「是」或「不是」" in (m.get("text") or "") for m in messages)


# every dev phrasing with every dev persona (not three): what one persona's value shape breaks ---------------------
@pytest.mark.parametrize("form, slot, text, value", [
    (F, "team_name", "安华里二区“老街坊”合唱团", "安华里二区“老街坊”合唱团"),  # a quoted word inside the name
    (F, "team_name", "「武定坊“老克勒”摄影沙龙」", "武定坊“老克勒”摄影沙龙"),  # the whole name quoted, a quote inside
    (F, "team_name", "队名是 安华里二区“老街坊”合唱团（大家平时喊老街坊合唱团）", "安华里二区“老街坊”合唱团"),
    (F, "team_name", "安华里二区“老街坊”合唱团就这个名字居委会也是这么叫的", "安华里二区“老街坊”合唱团"),
    (F, "team_name", "我们叫“老街坊”，是个合唱团", "老街坊"),
    (F, "team_name", "晴波园K歌俱乐部就这个名字居委会也是这么叫的", "晴波园K歌俱乐部"),
    (F, "team_name", "呃 是新民社区粤曲私伙局 对 就这个", "新民社区粤曲私伙局"),
    (F, "team_name", "晚霞舞蹈队（老年组）", "晚霞舞蹈队(老年组)"),  # a division of the team is part of its name
    (D, "dereg_org_name", "名称：翠林柔力球队（右安门）", "翠林柔力球队"),  # where it is
    (D, "dereg_org_name", "要销掉的就是新民社区粤曲私伙局，别的队不动", "新民社区粤曲私伙局"),
    (F, "community", "万科城市花园居委会", "万科城市花园居委会"),  # 城市 is no city
    (F, "community", "长宁区新华路街道番禺居委", "番禺居委"),
    (F, "leader_name", "登记人写上官丽华就行", "上官丽华"),
    (F, "leader_name", "写上王秀英", "王秀英"),
    (F, "street", "我们墨池社区属于五马街道", "五马街道"),
    (F, "street", "是五马街道管我们的，居委会跟我讲的", "五马街道"),
    (F, "district", "区这一栏填长宁", "长宁区"),
    (F, "district", "南京西路", "静安区"),  # a road, not 南京's 西路
    (D, "dereg_region", "区：鹿城区；街道（镇）：五马街道", "鹿城区五马街道"),
    (D, "dereg_region", "所在区及街道：长宁区新华路街道", "长宁区新华路街道"),
    (D, "dereg_region", "四川北路，区是虹口", "虹口区四川北路街道"),
    (D, "dereg_region", "我们长宁区的具体哪个街道记不得了", "长宁区"),
    (D, "dereg_org_type", "街道给过回执的那种", "team"),
    (D, "dereg_reason", "人都并过去了，原来这个队名不用了", "merged"),
    (D, "dereg_reason", "好久没搞了，一年到头一次活动都没有", "inactive"),
    (D, "dereg_reason", "重复备案了，撤掉一个", "other"),
    (E, "service_fields", "都是些打太极、练书法的事", ["文体"]),
    (E, "service_fields", "为老 为小", ["儿童", "养老"]),
    (E, "support_needs", "排练的地方没有，钱也没有，人也少", ["人才", "场地", "资金"]),
    (F, "category", "教老年人用智能手机，扫码挂号啥的", "生活服务类"),
])
def test_dev_phrasings_with_every_persona(form: str, slot: str, text: str, value, domain) -> None:
    _assert_read(form, slot, text, value, domain)


@pytest.mark.parametrize("name, district, street, kept", [
    ("瓯海泽雅唐宅村", "瓯海区", "泽雅镇", "唐宅村"), ("鹿城五马墨池社区", "鹿城区", "五马街道", "墨池社区"),
    ("朝阳望京望京西园三区社区", "朝阳区", "望京街道", "望京西园三区社区"),
    ("望京西园三区社区", "朝阳区", "望京街道", "望京西园三区社区"),  # named after its street: said once, kept
    ("徐汇田林十二村", "徐汇区", "田林街道", "田林十二村"),  # 十二村 alone names no 居委
    ("泽雅村", "瓯海区", "泽雅镇", "泽雅村"),
])
def test_a_community_said_after_its_district_and_street_keeps_only_its_own_name(name, district, street, kept) -> None:
    from actions.parsing import without_places_said
    assert without_places_said(name, district, street) == kept


def test_the_community_answer_loses_the_district_and_street_the_form_was_told(domain) -> None:
    slots = {**_before(F, "community"), "district": "瓯海区", "street": "泽雅镇"}
    events, _messages = validate(F, "community", "瓯海泽雅唐宅村", domain, slots=slots)
    assert [e["value"] for e in events if e.get("name") == "community"] == ["唐宅村"]


# b14 dev (phrasings only, by a helper that read only the bank) -------------------------------------------------
@pytest.mark.parametrize("form, slot, text, value", [
    (F, "category", "第叁项", "生活服务类"), (F, "member_count", "一共贰拾捌名队员", 28),  # formal numerals
    (F, "leader_name", "陆建平", "陆建平"), (F, "leader_name", "姓陆名建平", "陆建平"),  # 陆 the surname, not 六
    (D, "dereg_org_name", "要撤掉的队伍是夕阳红广场舞队", "夕阳红广场舞队"),  # 队伍, not 队五
    (F, "activity_scope", "Ⅱ", "street"),
    (F, "team_name", "夕阳红广场舞队（以居委会盖章那张表上的为准）", "夕阳红广场舞队"),
    (F, "team_name", "嗯嗯，是夕阳红广场舞队哦😊 有点长不好意思", "夕阳红广场舞队"),
    (F, "team_name", "申报团队名称为夕阳红广场舞队，特此说明", "夕阳红广场舞队"),
    (F, "team_name", "写夕阳红广场舞队吧，群里投票选出来的", "夕阳红广场舞队"),
    (F, "team_name", "写意书画社", "写意书画社"),
    (D, "dereg_org_name", "申请注销主体：夕阳红广场舞队", "夕阳红广场舞队"),
    (D, "dereg_org_name", "你好，我想注销夕阳红广场舞队", "夕阳红广场舞队"),
    (D, "dereg_org_name", "要撤销的团队是康乐门球队", "康乐门球队"),
    (F, "district", "行政区：西湖区", "西湖区"), (F, "district", "区：西湖（全称西湖区）", "西湖区"),
    (F, "street", "管我们的街道（镇）是五马街道", "五马街道"), (F, "street", "我俫属五马街道管个", "五马街道"),
    (F, "street", "番禺居委会", None), (F, "street", "马路那个街道", None),
    (F, "community", "上海普陀曹杨新村，曹杨一村居委会", "曹杨一村居委会"),
    (F, "community", "社区这一栏写上工新村居委会", "上工新村居委会"),
    (F, "community", "队员住的都是番禺居委会那几栋楼", "番禺居委会"),
    (F, "community", "经了解，该团队属番禺居委会辖区", "番禺居委会"),
    (F, "community", "番禺居委会（我家在１２栋）", "番禺居委会"),
    (F, "community", "天山那块的天山二村居委", "天山二村居委"),
    (F, "community", "备案后要定期汇报活动情况", None),
    (F, "leader_name", "王秀英，王是姓，秀英是名", "王秀英"), (F, "leader_name", "【负责人】王秀英", "王秀英"),
    (F, "filing_confirmed", "看过了，都对，交吧", True), (F, "filing_confirmed", "不要提交", None),
    (D, "dereg_confirmed", "信息全对，撤销备案吧", True), (D, "dereg_confirmed", "先别提交", None),
    (D, "dereg_region", "番禺居委会那边，长宁区新华路街道", "长宁区新华路街道"),
    (D, "dereg_region", "长宁区新华路街道番禺居委会", "长宁区新华路街道"),
    (D, "dereg_region", "当时在鹿城区五马街道备的案", "鹿城区五马街道"),
    (D, "dereg_region", "所属区域：鹿城区／五马街道", "鹿城区五马街道"),
    (D, "dereg_region", "五马那个街道，区是鹿城区", "鹿城区五马街道"),
    (D, "dereg_region", "虹桥，区是乐清", "乐清市虹桥"),  # 乐清's 虹桥, not 长宁's 虹桥街道
    (D, "dereg_reason", "两个队伍合二为一，用对方的名字继续搞", "merged"),
    (D, "dereg_reason", "最后一次活动还是前年过年的时候", "inactive"),
    (E, "service_fields", "给聋哑人教手语、陪他们去办事", ["助残"]),
    (E, "support_needs", "想要个固定排练室，还缺个会编舞的老师", ["人才", "场地"]),  # no addition to the fields
    (E, "support_needs", "缺人缺项目，地方和钱都还凑合", ["人才", "项目"]),
])
def test_b14_dev_readings(form: str, slot: str, text: str, value, domain) -> None:
    _assert_read(form, slot, text, value, domain)


@pytest.mark.parametrize("form, slot, text", [
    (F, "member_count", "2023"), (F, "activities", "很多很多"), (F, "activities", "问我们队长吧"),
    (F, "activity_place", "今天这明天那，没个准"), (D, "dereg_org_name", "浦东新区那边的队"), (E, "region", "华东地区"),
    (E, "service_fields", "第7个"), (E, "service_fields", "你帮我选吧"),
])
def test_b14_dev_invalid_replies_store_nothing(form: str, slot: str, text: str, domain) -> None:
    assert _stored(form, slot, text, domain).get(slot) is None


# b15 dev (phrasings only, a chat rather than a form) -----------------------------------------------------------
@pytest.mark.parametrize("form, slot, text, value", [
    (F, "team_name", "夕阳红广场舞队，这样填就行了吧？前面要不要加上长宁", "夕阳红广场舞队"),  # a check of the value asks nothing
    (F, "team_name", "方松街道社区志愿服务队，字没打错吧，我眼睛不大好", "方松街道社区志愿服务队"),  # 没打错 is no correction
    (F, "leader_name", "负责人周德明，这样填可以吗？他身份证上就这个名字", "周德明"),
    (F, "member_count", "30个，有两个住在隔壁小区的也算进去了，这样报没问题吧？", 30),
    (F, "member_count", "这样填可以吗", None),
    (F, "community", "居委会啊？你问这个，我们是番禺居委会", "番禺居委会"),  # the question restated first
    (F, "community", "这个要填居委是吧？填番禺居委会", "番禺居委会"),
    (F, "community", "居委会全称番禺居委会，简称我就不写了", "番禺居委会"),
    (F, "community", "番禺居委会！我们活动经常借他们的会议室", "番禺居委会"),
    (F, "activity_scope", "活动范围啊？就小区里头，出了小区门我们就不搞了", "community"),
    (F, "activity_scope", "跨了两三个街道", "district"), (F, "activity_scope", "选最后一个", "district"),
    (F, "team_name", "原来叫别的，去年大家商量了改成夕阳红广场舞队，就用新名字", "夕阳红广场舞队"),
    (F, "team_name", "写七宝沪剧沙龙，这名字是老书记给起的", "七宝沪剧沙龙"),
    (F, "team_name", "以夕阳红广场舞队的名义申请备案", "夕阳红广场舞队"),
    (F, "category", "我们主要上门给独居老人助浴，应该算生活服务类", "生活服务类"),  # the category said in full
    (F, "street", "街道……天山那个，全名应该是天山路街道", "天山路街道"),
    (F, "street", "我们归新华路街道管，办事处在哪条路上我倒说不上来", "新华路街道"),
    (F, "street", "咱们这儿归望京街道，没跑儿", "望京街道"),
    (F, "member_count", "让我算算…报名表一页十个人，两页半…二十五个", 25),  # the count said last
    (F, "member_count", "原来四十个，走了几个，现在三十四", 34),
    (F, "leader_name", "姓王，名字叫秀英，连起来王秀英", "王秀英"),
    (F, "leader_name", "阿拉负责人叫王秀英，人老好个", "王秀英"),
    (F, "leader_name", "王秀英，姓名是真名，你放心", "王秀英"),
    (F, "leader_name", "队里人叫惯了王队长，正式名字王秀英", "王秀英"),
    (D, "dereg_org_type", "就是个小组，没去街道，也没去民政局", "group"),
    (D, "dereg_org_name", "居委会那边的小组，名字是新泾北苑爱心编织小组", "新泾北苑爱心编织小组"),
    (D, "dereg_region", "我替瓯剧社来办的，他们在鹿城区五马街道", "鹿城区五马街道"),
    (D, "dereg_region", "我老了记性差，只晓得是长宁区", "长宁区"),
    (D, "dereg_region", "原来在鹿城区五马街道，我们团队没搬过地方", "鹿城区五马街道"),
    (D, "dereg_reason", "选３，长期没搞了", "inactive"),
    (E, "service_fields", "不是文体，虽然我们也唱唱歌，但主要是陪独居老人", ["养老"]),
    (E, "service_fields", "服务领域啊？主要是老年人，别的不沾", ["养老"]),
    (E, "service_fields", "主要服务对象是低收入家庭", ["济困"]),
    (E, "support_needs", "都需要，尤其是钱", ["资金", "场地", "人才", "项目"]),
    (E, "support_needs", "钱、场地、人，项目我们自己有", ["资金", "场地", "人才"]),
    (E, "support_needs", "我们想跟居委会一起做几个服务项目，别的不缺", ["项目"]),  # 做几个: a few, not a question
    (E, "org_kind", "我们是居委会的兴趣小组，没有法人资格", "备案类"),
    (E, "org_kind", "没有法人证，就有一张备案登记表", "备案类"),
])
def test_b15_dev_readings(form: str, slot: str, text: str, value, domain) -> None:
    _assert_read(form, slot, text, value, domain)

"""Each code-blind batch's dev half is read right, but for the misses listed here, so that any new miss fails.

tests/actions/bank_readings.py measures the figures (python -m tests.actions.bank_readings <batch>); the rules
that read each batch are tested with their counter-examples in tests/actions/test_<batch>_dev_readings.py.
"""
from __future__ import annotations

import pytest

from tests.actions.bank_readings import check_invalid, check_valid, dev_bank

KNOWN_MISSES: dict[str, set[str]] = {
    # misread by the parsers named in test_b8_dev_readings.py's docstring, not by that module's rules
    "b8": {"b8ph_category_07", "b8ph_dereg_region_10", "b8x_activity_place_02", "b8x_activities_02",
           "b8x_service_fields_03"},
    "b9": {"b9-ph-street-10"},  # 什杀海街道: a typo of a street the gazetteer lacks
    "b10": set(),
    # 居委 names typed with a homophone (云光 → 运光, 梅龙三村 → 梅陇三村, 辛城苑, 旗杆村, 香河源): no list of 居委 to
    # correct them against; 徐汇's 斜土路街道 and 黄浦's 半淞园路街道: tests/corpus/test_vocabulary.py pins both
    # districts without streets
    "b11": {"b11-cm-025", "b11-cm-036", "b11-cm-039", "b11-cm-042", "b11-cm-048", "b11-st-010", "b11-st-034"},
    # 天林街道 for 田林街道: a homophone typo of a 徐汇 street, and tests/corpus/test_vocabulary.py pins 徐汇 without
    # streets, so there is no listed name to correct it against (any 2-character stem + 街道 is kept as typed)
    "b12": {"b12-st-005"},
    # homophone typos of streets and 居委 the gazetteer does not list (甘泉路, 潭柘寺, 垡头, 大荆, 翠城馨园); 潭柘寺平原村 said
    # with no district before the street; 四平路1188弄 is an address whose road names a listed street
    "b13": {"b13-st-014", "b13-st-025", "b13-st-027", "b13-st-034", "b13-cm-030", "b13-cm-032", "b13-x-st-002"},
    # a self-answered question (「新华路街道？对对，就是…」), the count now after earlier counts, scope as a story or
    # 「最大的那个」, a leader named by a neighbour, 「选最后一个」 after a denial, fields asked then chosen, 「都缺，但最缺
    # 的是场地」, a place in an uncovered city said with its city, 「小区里也去…外地也去过」, 「室内」
    "b14": {"b14-st-013", "b14-mc-016", "b14-as-010", "b14-as-026", "b14-ln-013", "b14-rr-022", "b14-sf-029",
            "b14-sn-043", "b14-dr-041", "b14-x-as-004", "b14-x-ap-005"},
    # a place denied after one named (「就一个居委范围…别的小区的人…」), 墨池社区个 with a remark, a long sentence around the
    # 居委, a leader after a self-asked question or a denial, a question answered by the user itself, 没人了 then 散掉了,
    # 合一块儿, the fields by the numbers of a list the question never shows, a name asked about before it is given
    "b15": {"b15-as-041", "b15-cm-009", "b15-cm-011", "b15-ln-001", "b15-ln-005", "b15-ln-027", "b15-ok-005", "b15-rr-004",
            "b15-rr-012", "b15-sf-027", "b15-sf-028", "b15-tn-019", "b15-x-st-002"},
    # not read, nothing stored (a turn lost, no wrong value): a name with a remark on it around it (「名字给你：…，照抄就
    # 行」「…（２０１８年成立）」「我是…的队员」), a 居委 of a street the gazetteer lacks, a leader after a relative with a
    # remark, a region with a request or a question after it, 「在…这边，…附近」, fields by the numbers of a list the question
    # never shows, 调节 for 调解, and needs said as what to send (「派个懂财务的人」「对接几个…项目」)
    "b16": {"b16-tn-003", "b16-tn-020", "b16-tn-031", "b16-cm-104", "b16-ln-018", "b16-ln-024", "b16-ln-039",
            "b16-dn-004", "b16-dn-012", "b16-dn-023", "b16-dr-003", "b16-dr-009", "b16-rg-004", "b16-rg-007", "b16-sf-008",
            "b16-sf-009", "b16-sf-031", "b16-sf-036", "b16-sf-057", "b16-sn-005", "b16-sn-055"},
    # 居委 names the gazetteer cannot check (literal values for personas of other cities), a form's label 「所在居（村）委会
    # 为…」, a remark in brackets after the name, 「就是我本人」 after the leader, fields by the numbers of a list the
    # question never shows (选４, ①⑤), 孤寡老人 (养老 and 济困), 「要人！」, 「项目（钱不需要）」; invalid replies that
    # deny a name or a category (「反正不是文体活动类」) or say a place is not found yet
    "b17": {"b17-cm-026", "b17-cm-029", "b17-cm-053", "b17-cm-054", "b17-cm-063", "b17-cm-064", "b17-cm-065", "b17-cm-067",
            "b17-dn-011", "b17-ln-008", "b17-ln-019", "b17-sf-013", "b17-sf-037", "b17-sf-038", "b17-sn-008", "b17-sn-020",
            "b17-x-ap-001", "b17-x-ca-001", "b17-x-ln-003", "b17-x-ok-004", "b17-x-tn-002"},
    # 本村 before a denial of other villages (「别的村的人不来」), 「整个长宁」 without 区, 撒 ending a 居委, homophones of 居委
    # the gazetteer cannot check (信和/信河, 开源/开元, 相红旗/厢红旗), an uncovered city's place with a remark, a leader
    # after a retraction or before a question, 「选第四个」 before a remark with 错, a correction inside a reason, fields
    # by numbers the question never shows, 「都要…项目不用」; invalid replies read as values: a city alone (北京市, 温州市区),
    # 上海 as a place, a person's name as an organisation, a road as a street, 「反正不是跨街道」, 「刚换了负责人」 as new,
    # 「跟备案时候一样」 as a team, 「主要在小区里」 as a field
    "b18": {"b18-as-005", "b18-as-021", "b18-cm-044", "b18-cm-068", "b18-cm-080", "b18-cm-088", "b18-dr-025", "b18-ln-005",
            "b18-ln-020", "b18-rr-020", "b18-rr-023", "b18-sf-009", "b18-sn-014", "b18-x-ap-005", "b18-x-dn-003",
            "b18-x-nf-004", "b18-x-ot-001", "b18-x-rg-001", "b18-x-rg-005", "b18-x-sc-005", "b18-x-sf-003", "b18-x-st-001"},
    # b19: a 居委 gone to (去…盖过章) or lived near (住…那一片), a place before 的 (龙凤街的新民社区), typos of names no
    # gazetteer holds (下山投村, 车到沟社区, 杨泾街道, 曹阳一村), a city outside the gazetteer (苏州古苏区), fields by numbers the
    # question never shows, 「都不是，…」 read as a retraction, a name after 「…：」 that is no role's label, 凑一块儿 (how a
    # team began as often as a merger), 「第一负责人…，第二负责人还没定」; invalid: a person's
    # name as a 居委, a 居委 as a field
    "b19": {"b19-cm-007", "b19-cm-008", "b19-cm-044", "b19-cm-054", "b19-cm-057", "b19-cm-070", "b19-cm-075", "b19-cm-076",
            "b19-cm-079", "b19-di-006", "b19-di-016", "b19-di-027", "b19-dr-009", "b19-ln-014", "b19-ln-017", "b19-ln-024",
            "b19-rr-017", "b19-rr-043", "b19-rr-047",
            "b19-sf-002", "b19-sf-003", "b19-sf-015", "b19-st-012", "b19-st-015", "b19-tn-020", "b19-tn-027", "b19-x-cm-001",
            "b19-x-sf-005"},
    # b20: homophone typos of 居委 names no gazetteer holds (东栏, 鹤青, 新泾北园, 百万装), and 望京街道 (北京's 朝阳 has no
    # streets listed, so nothing says 望京 is in 朝阳)
    "b20": {"b20-cm-047", "b20-cm-062", "b20-cm-069", "b20-cm-079", "b20-rg-022"},
    # b22: 一居 for 第一居委会, a town written onto a village (周浦棋杆村), an estate said after its 社区 (「…社区，世纪城那个」)
    "b22": {"b22-cm-045", "b22-cm-063", "b22-cm-074",
            # a name with a remark on it (「夕阳红广场舞队（备案编号我找不到了）」): the side-question model is sure it asks, so it
            # is answered and the name asked again, nothing stored
            "b22-dn-006"},
    # b23 (held out while the side-question model was designed, joined the bank 2026-11-29 untuned): homophone typos of
    # 居委 names no list holds (墨迟, 普州, 开源, 包田), a name introduced by a story (「队服背后印的字就是…」「…后面再加助学队
    # 三个字」), a leader after a role or a slip (「楼组长…负责」「我爸，…不对那是我妈」), a count corrected mid-sentence, reasons
    # as a story or by their place in the list, needs as a lack of people; 32 of 552 dev readings (447/510 valid right)
    "b23": {"b23-cm-029", "b23-cm-035", "b23-cm-036", "b23-cm-042", "b23-cm-044", "b23-cm-045", "b23-cm-052",
            "b23-cm-054", "b23-ln-001", "b23-ln-008", "b23-ln-017", "b23-ln-032", "b23-ln-039", "b23-mc-006",
            "b23-rr-010", "b23-rr-025", "b23-rr-033", "b23-rr-036", "b23-rr-040", "b23-sc-002", "b23-sf-018",
            "b23-sn-003", "b23-sn-008", "b23-sn-024", "b23-st-005", "b23-tn-006", "b23-tn-008", "b23-tn-020",
            "b23-tn-029", "b23-x-ac-001", "b23-x-dx-003", "b23-x-mc-004"},
}


@pytest.fixture(scope="module")
def bank():
    return dev_bank()


@pytest.mark.parametrize("batch", sorted(KNOWN_MISSES))
def test_every_dev_phrasing_of_a_batch_is_read_but_its_known_misses(bank, domain, batch: str) -> None:
    _total, misses = check_valid(bank, batch, domain)
    assert {m.id for m in misses} <= KNOWN_MISSES[batch], [m for m in misses if m.id not in KNOWN_MISSES[batch]]


@pytest.mark.parametrize("batch", sorted(KNOWN_MISSES))
def test_no_dev_invalid_reply_of_a_batch_is_stored_but_its_known_misses(bank, domain, batch: str) -> None:
    _total, misses = check_invalid(bank, batch, domain)
    assert {m.id for m in misses} <= KNOWN_MISSES[batch], [m for m in misses if m.id not in KNOWN_MISSES[batch]]

"""The shared text helpers: normalisation, bigrams, figures, PII masking."""
from __future__ import annotations

import pytest

from corpus.text import CN_COUNT, DIGITS, char_bigrams, cjk_bigrams, compact, join_separable, mask_pii, squash


def test_compact_normalises_width_and_drops_whitespace():
    assert compact("不少于 12 个（２０２４）\u3000年\n") == "不少于12个(2024)年"
    assert compact("") == ""


def test_squash_drops_punctuation_and_case():
    assert squash("Hello, 世界！ ＡＢ") == "hello世界ab"
    assert squash("“五社联动”是什么？") == squash("五社联动 是什么")


def test_char_bigrams():
    assert char_bigrams("社区组织") == {"社区", "区组", "组织"}
    assert char_bigrams("社区，组织") == char_bigrams("社区组织")  # punctuation squashed first
    assert char_bigrams("社") == {"社"}
    assert char_bigrams("！") == set()


def test_cjk_bigrams_per_run_in_order():
    assert cjk_bigrams("社区 abc 组 社会组织") == ["社区", "组", "社会", "会组", "组织"]
    assert cjk_bigrams("abc 123") == []


def test_figures():
    assert DIGITS.findall("比例不低于10%，补贴2.5万元，第3条") == ["10%", "2.5", "3"]
    assert CN_COUNT.findall("分为三级，五年内，两个基地，十佳") == ["三级", "五年", "两个"]


@pytest.mark.parametrize("text,masked", [
    ("我的身份证号是110105199001011234，请核实", "我的身份证号是110105********1234，请核实"),
    ("身份证11010519900101123X号", "身份证110105********123X号"),
    ("证件号11010519900101123x。", "证件号110105********123x。"),
    ("手机13800138000请回电", "手机138****8000请回电"),
    ("联系人王女士19912345678和15000001111", "联系人王女士199****5678和150****1111"),
    ("我叫张三，身份证110105199001011234，电话13800138000，住长宁路100号",
     "我叫张三，身份证110105********1234，电话138****8000，住长宁路100号"),
    ("电话 138 1234 5678 找我", "电话 138 **** 5678 找我"),
    ("手机138-1234-5678", "手机138-****-5678"),
    ("手机１３８１２３４５６７８", "手机１３８****５６７８"),
    ("身份证１１０１０５１９９００１０１１２３Ｘ", "身份证１１０１０５********１２３Ｘ"),
])
def test_mask_pii_inside_chinese_text(text, masked):
    assert mask_pii(text) == masked


@pytest.mark.parametrize("text", [
    "座机021-62345678",            # landlines are public office numbers
    "编号1234567890123456789",     # 19 digits: not an ID number
    "流水号12345678901",           # 11 digits not starting 13-19: not a mobile number
    "流水号238001380001",          # a mobile number inside a longer figure is not one
    "2024年补贴20000元，比例10%",
    "138 1234-5678",               # mixed separators: not written as one number
])
def test_mask_pii_leaves_other_numbers(text):
    assert mask_pii(text) == text


def test_mask_pii_is_idempotent():
    once = mask_pii("身份证110105199001011234，手机13800138000")
    assert mask_pii(once) == once


@pytest.mark.parametrize("typed,whole", [("备了案之后有啥支持", "备案之后有啥支持"), ("我们队备过案了", "我们队备案了"),
                                         ("想备个案", "想备案"), ("登了记的社会组织", "登记的社会组织"),
                                         ("注过册没有", "注册没有"), ("报上名了吗", "报名了吗"),
                                         ("街道备的案", "街道备案"), ("备了一个案", "备案")])  # as the form parsers read them
def test_separable_verbs_are_joined(typed: str, whole: str) -> None:
    assert join_separable(typed) == whole


@pytest.mark.parametrize("text", ["注了名字", "备好了吗", "结了账", "备案后有什么扶持",
                                  "准备好案例", "预备了案卷", "报上名单", "登上记录本"])  # other words
def test_other_words_are_left_alone(text: str) -> None:
    assert join_separable(text) == text

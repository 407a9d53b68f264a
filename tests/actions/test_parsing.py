"""Free-text parsers behind the form validations."""
import pytest

from actions import parsing


@pytest.mark.parametrize("text, phone", [
    ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86-138-1234-5678", "13812345678"),
    ("电话是13812345678哈", "13812345678"), ("1381234567", None), ("23812345678", None), ("138123456789", None),
])
def test_find_phone(text: str, phone) -> None:
    assert parsing.find_phone(text) == phone


@pytest.mark.parametrize("text, count", [
    ("25", 25), ("25人", 25), ("大概三十个", 30), ("二十五个人", 25), ("一百二十", 120), ("十来个", 10), ("好多人", None),
])
def test_parse_count(text: str, count) -> None:
    assert parsing.parse_count(text) == count


@pytest.mark.parametrize("text, intent, answer", [
    ("是的", None, True), ("没问题", None, True), ("有", None, True), ("没有", None, False), ("不是", None, False),
    ("还没建", None, False), ("随便", None, None), ("嗯", "affirm", True), ("算是吧", "deny", False),
])
def test_parse_yes_no(text: str, intent, answer) -> None:
    assert parsing.parse_yes_no(text, intent) is answer


def test_question_and_correction_detection() -> None:
    assert parsing.looks_like_question("备案要交钱吗") and parsing.looks_like_question("场地怎么申请？")
    assert not parsing.looks_like_question("夕阳红舞蹈队")
    assert parsing.is_correction("电话写错了，应该是13912345678")
    assert not parsing.is_correction("改善社区环境")
    assert parsing.correction_value("人数改成30", "人数") == "30"
    assert parsing.correction_value("电话写错了，应该是13912345678", "电话") == "13912345678"
    assert parsing.correction_value("我要改手机号", "手机号") is None


"""Streets read against the gazetteer's full lists of 上海's districts and parts of 温州 and 北京: a slip of one
character is the listed street, a listed street's stem inside a person's name or before 区 is none."""
import pytest

from actions import parsing
from actions.deregistration import parse_region


@pytest.mark.parametrize("text, street", [
    ("田林", "田林街道"), ("天林街道", "田林街道"), ("斜土街道", "斜土路街道"), ("大京镇", "大荆镇"),
    ("半淞园", "半淞园路街道"), ("洋泾", "洋泾街道"),
    ("我是刘永兴", None),  # 永兴 (龙湾's 永兴街道) inside a name
    ("泗泾跟九亭交界的地方", None),  # between two streets
    ("不归新华路街道", None), ("不属于田林街道", None),  # what it is not
])
def test_a_street_is_read_against_the_listed_streets(text: str, street: str | None) -> None:
    assert parsing.parse_street(text) == street


@pytest.mark.parametrize("text, district", [("滨江区", "滨江区"), ("天河区", "天河区"), ("田林", "徐汇区")])
def test_a_district_elsewhere_named_like_a_listed_street_is_not_its_district(text: str, district: str) -> None:
    assert parsing.parse_district(text) == district  # 鹿城 has a 滨江街道, 龙湾 a 天河街道


@pytest.mark.parametrize("text, region", [
    ("队长叫王德胜，我们在丰台区右安门街道", "丰台区右安门街道"),  # 德胜 is 西城's 德胜街道 and part of a name
    ("瓯海泽雅", "瓯海区泽雅镇"), ("浦东洋泾", "浦东新区洋泾街道"),
])
def test_the_region_of_a_deregistration_takes_the_street_of_the_district_said(text: str, region: str) -> None:
    assert parse_region(text) == region

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
    # found in review: the ways people say their own street, and names that only look like a listed one
    ("阿拉七宝", "七宝镇"), ("住七宝", "七宝镇"), ("我们七宝", "七宝镇"), ("街道七宝", "七宝镇"),
    ("不在七宝在莘庄", "莘庄镇"), ("在虹桥和古美中间的新虹街道", "新虹街道"), ("古美街道跟梅陇交界那块", "古美街道"),
    ("我是赵德胜", None), ("南京新街口", None), ("十里堡镇", "十里堡镇"), ("南汇", "南汇"), ("东四环那边", "东四环"),
])
def test_a_street_is_read_against_the_listed_streets(text: str, street: str | None) -> None:
    assert parsing.parse_street(text) == street


@pytest.mark.parametrize("text, district", [("滨江区", "滨江区"), ("天河区", "天河区"), ("田林", "徐汇区"),
                                            ("南京新街口", None), ("南汇", None), ("阿拉七宝", "闵行区")])
def test_a_district_elsewhere_named_like_a_listed_street_is_not_its_district(text: str, district: str | None) -> None:
    assert parsing.parse_district(text) == district  # 鹿城 has a 滨江街道, 龙湾 a 天河街道


@pytest.mark.parametrize("text, region", [
    ("队长叫王德胜，我们在丰台区右安门街道", "丰台区右安门街道"),  # 德胜 is 西城's 德胜街道 and part of a name
    ("瓯海泽雅", "瓯海区泽雅镇"), ("浦东洋泾", "浦东新区洋泾街道"),
    # a team named after a place: the street said in full, or with the district, is the street
    ("金桥舞蹈队，浦东新区花木街道", "浦东新区花木街道"), ("长桥舞蹈队，徐汇田林", "徐汇区田林街道"),
    ("王高行，浦东新区高东镇", "浦东新区高东镇"), ("密云区十里堡镇", "密云区十里堡镇"), ("闵行，住七宝", "闵行区七宝镇"),
])
def test_the_region_of_a_deregistration_takes_the_street_of_the_district_said(text: str, region: str) -> None:
    assert parse_region(text) == region

"""The domain vocabulary: region detection, gazetteer look-ups, kinds, offices and the field-label table."""
from __future__ import annotations

import pytest
import yaml

from corpus import vocabulary as V
from corpus.documents import ROOT


@pytest.mark.parametrize("text, expected", [
    ("长宁区的群众活动团队怎么备案", [("上海", "长宁")]),
    ("上海长宁的团队", [("上海", "长宁"), ("上海", None)]),  # most specific first
    ("沪上的社区社会组织", [("上海", None)]),
    ("京津冀的社会组织", [("北京", None)]),
    ("南京的社会组织怎么登记", []),  # 京 in 南京 does not name 北京
    ("北京和南京", [("北京", None)]),
    ("浙江的社区社会组织", [("温州", None)]),  # the province is answered from 温州's documents
    ("温州和北京", [("北京", None), ("温州", None)]),  # cities in vocabulary order
    ("徐汇区的团队", [("上海", None)]),  # a district points at its city: 上海's measures apply in 徐汇
    ("朝阳区新成立的团队", [("北京", None)]),
    ("新华路街道的合唱队", [("上海", "长宁")]),  # a 长宁 street
    ("社区社会组织能申请哪些补贴", []),
])
def test_detect_regions(text: str, expected: list) -> None:
    assert V.detect_regions(text) == expected


def test_uncovered_places_name_no_covered_region() -> None:
    places = V.uncovered_places()
    assert places[0] == "广州" and "南京" in places and len(places) == len(set(places))
    assert all(V.detect_regions(p) == [] for p in places)


def test_regions_and_cities() -> None:
    assert V.region_keys() == ("上海", "长宁", "北京", "温州")
    assert V.city_keys() == ("上海", "北京", "温州")
    assert V.region_target("长宁") == ("上海", "长宁") and V.region_target("温州") == ("温州", None)
    assert V.regions_within("上海") == ("上海", "长宁") and V.regions_within("北京") == ("北京",)
    assert V.regions_of_place("上海市长宁区") == ["上海", "长宁"]
    assert V.regions_of_place("浙江省温州市") == ["温州"] and V.regions_of_place(None) == []


def test_gazetteer_districts() -> None:
    shanghai, wenzhou, beijing = V.districts("上海"), V.districts("温州"), V.districts("北京")
    assert len(shanghai) == 16 and "浦东新区" in shanghai and "崇明区" in shanghai
    assert len(wenzhou) == 12 and {"乐清市", "瑞安市", "龙港市", "永嘉县", "鹿城区"} <= set(wenzhou)
    assert len(beijing) == 16 and "石景山区" in beijing and "延庆区" in beijing
    assert [V.short_name(d) for d in ("浦东新区", "乐清市", "永嘉县", "石景山区")] == ["浦东", "乐清", "永嘉", "石景山"]


def test_changning_streets() -> None:
    streets = V.streets("长宁区")
    assert len(streets) == 10 and sum(s.endswith("街道") for s in streets) == 9 and streets[-1] == "新泾镇"
    assert V.district_of_street("新华路街道") == "长宁区" and V.district_of_street("新泾镇") == "长宁区"
    assert V.district_of_street("南京东路街道") == "黄浦区" and V.district_of_street("田林街道") == "徐汇区"
    assert V.district_of_street("西湖区翠苑街道") is None and V.streets("朝阳区") == ()  # 杭州's; 朝阳's not listed
    # every street is listed once (a name two districts share is left out of both)
    every = [s for city in ("上海", "温州", "北京") for d in V.districts(city) for s in V.streets(d)]
    assert len(every) == len(set(every))


@pytest.mark.parametrize("text, label", [
    ("上海长宁", "上海市长宁区"), ("浦东", "上海市浦东新区"), ("就在上海", "上海市"), ("沪", "上海市"),
    ("温州鹿城", "浙江省温州市"), ("乐清", "浙江省温州市"), ("北京朝阳", "北京市朝阳区"), ("北京", "北京市"),
    ("南京", None), ("浙江杭州", None), ("广州", None),
])
def test_place_label(text: str, label) -> None:
    assert V.place_label(text) == label


def test_in_city() -> None:
    assert V.in_city("温州", "鹿城区") and V.in_city("温州", "龙港市") and V.in_city("温州", "温州")
    assert not V.in_city("温州", "长宁区") and not V.in_city("温州", None) and not V.in_city("温州", "浙江")


def test_kinds_categories_offices() -> None:
    assert V.categories() == ("公益慈善类", "生活服务类", "社区事务类", "文体活动类")
    assert [V.organization_kind(k) for k in ("registered", "team", "group")] == [
        "社会组织", "社区群众活动团队", "社区活动小组"]
    assert V.applicant_kind("team") == "备案的社区群众活动团队"
    assert (V.registration_kind("legal_person"), V.registration_kind("filed")) == ("法人类登记", "备案类")
    assert V.ask_office() == "所在街道（镇）社会组织服务中心或区民政局"
    assert "区民政局" in V.document_offices() and "乡镇（街道）" in V.document_offices()


def test_configs_use_the_vocabulary() -> None:
    """The filing flow's category words and the support rules' scopes name vocabulary entries only."""
    filing = yaml.safe_load((ROOT / "actions" / "filing_config.yml").read_text(encoding="utf-8"))
    assert set(filing["categories"]) == set(V.categories())
    rules = yaml.safe_load((ROOT / "knowledge" / "rules" / "support.yml").read_text(encoding="utf-8"))
    assert list(rules["scopes"]) == list(V.region_keys())
    assert {m["scope"] for m in rules["measures"]} <= set(V.region_keys())


def test_field_labels_and_variants() -> None:
    assert V.field_label("leader_name") == "负责人"
    assert V.field_label("leader_name", "validation") == "负责人姓名"
    assert V.field_label("contact") == "联系方式" and V.field_label("contact", "deregistration") == "联系手机"
    assert V.field_label("leader_phone", "filing_dialogue") == "负责人手机"
    assert V.field_label("team_name", "filing_dialogue") == "团队名称"  # no variant: the common label
    labels = V.field_labels("validation")
    labels["team_name"] = "changed"
    assert V.field_label("team_name") == "团队名称", "callers get a copy, never the cached table"
    with pytest.raises(KeyError):
        V.field_label("activity_scope")  # only the filing chat has words for it


def test_every_stored_request_column_has_a_label() -> None:
    from api.models.requests import DeregistrationRequest, FilingRequest, HandoffRequest
    from api.requests_schemas import DeregistrationData, FilingData, HandoffData
    from api.services.requests import COMMON_COLUMNS, SPECS

    labels = V.field_labels()
    for model in (FilingRequest, DeregistrationRequest, HandoffRequest):
        missing = {c.name for c in model.__table__.columns} - {"id"} - set(labels)
        assert not missing, f"{model.__name__}: no label for {sorted(missing)}"
    for schema in (FilingData, DeregistrationData, HandoffData):
        assert set(schema.model_fields) <= set(labels), schema.__name__
    for spec in SPECS.values():
        variant = "deregistration" if spec.kind == "deregistration" else None
        assert all(header == V.field_label(name, variant) for name, header in spec.columns + COMMON_COLUMNS)

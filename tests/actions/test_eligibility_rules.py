"""Support-eligibility rules: every cited clause is real and says what the rule claims; outcomes per profile."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from actions import eligibility_rules as er

RULES = er.load_rules()
MEASURES = RULES["measures"]
SCOPE_DOCS = {"上海": {"sh-mca-2024-1"}, "长宁": {"cn-2022", "cn-wushe-2023"}, "北京": {"bj-2022"},
              "温州": {"wz-2021-122"}}
ALL_IDS = sorted({cid for m in MEASURES for cid in m["clause_ids"]})


def profile(**overrides: object) -> dict:
    base = {"region": "上海市徐汇区", "org_kind": "备案类", "grade": None, "fields": [], "newly_founded": False,
            "needs": [], "hires_key_groups": False, "has_party_org": False}
    return {**base, **overrides}


def ids(items: list) -> set[str]:
    return {item.id for item in items}


@pytest.fixture(scope="module")
def clauses() -> dict:
    from corpus.clauses import load_clauses

    return load_clauses()


@pytest.mark.parametrize("clause_id", ALL_IDS)
def test_cited_clause_exists(clause_id: str, clauses: dict) -> None:
    assert er.is_clause_id(clause_id)
    assert clause_id in clauses, f"support.yml cites {clause_id}, which is not a clause"


@pytest.mark.parametrize("rule", MEASURES, ids=[m["id"] for m in MEASURES])
def test_rule_claims_only_what_its_clauses_say(rule: dict, clauses: dict) -> None:
    text = "".join(clauses[cid].text for cid in rule["clause_ids"]).replace("\n", "")
    claims = rule["why"] + rule["title"] + "".join((rule.get("near_miss") or {}).values())
    for quoted in re.findall(r"“([^”]+)”", claims):
        assert quoted in text, f"{rule['id']} quotes “{quoted}”, not in {rule['clause_ids']}"
    labels = "".join(clauses[cid].label for cid in rule["clause_ids"])
    for number in re.findall(r"\d+", re.sub(r"\d+\.", "", claims)):
        assert number in text or number in labels, f"{rule['id']} states {number}, not in its clauses"
    assert not re.search(r"\d+\s*(元|万)", claims), "amounts are not in the documents"
    assert {cid.split("/")[0] for cid in rule["clause_ids"]} <= SCOPE_DOCS[rule["scope"]]


@pytest.mark.parametrize("bad", ["sh-mca-2024-1", "sh-mca-2024-1/第7条", "cn-2022/四/(一)/3", "CN/四",
                                 "cn-2022/四/（一）/3 ", "wz-2021-122/附件", "bj-2022//四"])
def test_malformed_clause_ids_are_rejected(bad: str) -> None:
    assert not er.is_clause_id(bad)


def test_shanghai_filed_team_needing_funds() -> None:
    result = er.evaluate(profile(needs=["资金"]))
    assert {"sh-finance-custody", "sh-funds", "sh-filed-incentives"} <= ids(result.applicable)
    assert all(m.id.startswith("sh-") for m in result.applicable + result.near_misses)
    funds = next(m for m in result.applicable if m.id == "sh-funds")
    assert "福利彩票公益金" in funds.why and funds.clause_ids == ("sh-mca-2024-1/第七条",)
    assert result.scopes == ["上海"] and result.out_of_scope is None


def test_no_invented_grade_threshold() -> None:
    """cn-2022 四（六）15 sets a target for the share of 3A-and-above organizations; it is no eligibility line."""
    for grade in ("2A", "4A", None):
        result = er.evaluate(profile(region="上海市长宁区", org_kind="法人类登记", grade=grade, needs=["资金"]))
        assert not any("3A" in m for item in result.near_misses for m in item.missing)
        assert ("cn-grade-links" in ids(result.applicable)) is (grade is not None)
    assert all(not m.missing for m in er.evaluate(profile(region="上海市长宁区", grade="2A")).near_misses)


def test_near_misses_only_for_conditions_the_text_sets() -> None:
    for rule in MEASURES:
        assert set(rule.get("near_miss") or {}) <= set(rule.get("conditions") or {}), rule["id"]
        assert set(rule.get("conditions") or {}) == set(rule.get("clause_says") or {}), rule["id"]
    conditioned = {m["id"] for m in MEASURES if m.get("conditions")}
    assert conditioned == {"sh-finance-custody", "sh-filed-incentives", "bj-priority-projects"}


def test_incubation_is_not_limited_to_newly_founded_organizations() -> None:
    for region, measure in [("上海市长宁区", "cn-incubation"), ("北京市", "bj-incubation"),
                            ("浙江省温州市", "wz-platform-incubation")]:
        assert measure in ids(er.evaluate(profile(region=region, newly_founded=False)).applicable)
    wz = next(m for m in MEASURES if m["id"] == "wz-platform-incubation")
    assert "成长性高作用性强" in wz["why"]


def test_wenzhou_talent_is_not_a_hub_duty_and_high_grade_is_undefined() -> None:
    talent = next(m for m in MEASURES if m["id"] == "wz-talent")
    assert "1—2" not in talent["why"] + talent["title"] and "枢纽型" not in talent["why"]
    high = next(m for m in MEASURES if m["id"] == "sh-high-grade-subsidy")
    assert "研究" in high["why"] and "没有界定" in high["why"] and not high.get("near_miss")
    assert "sh-high-grade-subsidy" not in ids(er.evaluate(profile()).applicable + er.evaluate(profile()).near_misses)


def test_filed_team_without_grade_is_not_told_to_get_a_grade() -> None:
    result = er.evaluate(profile(region="上海市长宁区"))
    assert not {"cn-grade-links", "sh-high-grade-subsidy"} & ids(result.applicable + result.near_misses)


def test_changning_lottery_fund_needs_its_fields() -> None:
    for field, expected in [("养老", True), ("济困", True), ("文体", False)]:
        result = er.evaluate(profile(region="上海市长宁区", fields=[field]))
        assert ("cn-lottery-services" in ids(result.applicable)) is expected


def test_beijing_gets_beijing_measures_only() -> None:
    result = er.evaluate(profile(region="北京市朝阳区", needs=["项目", "场地"]))
    assert {"bj-funds", "bj-space"} <= ids(result.applicable)
    assert not any(m.id.startswith(("sh-", "cn-", "wz-")) for m in result.applicable + result.near_misses)
    assert "bj-priority-projects" in ids(result.near_misses)
    with_party = er.evaluate(profile(region="北京市", needs=["项目"], has_party_org=True))
    assert "bj-priority-projects" in ids(with_party.applicable)


def test_wenzhou_and_employment_subsidies() -> None:
    wz = er.evaluate(profile(region="浙江省温州市", fields=["儿童"], newly_founded=True))
    assert {"wz-relief-platform", "wz-platform-incubation"} <= ids(wz.applicable)
    hires = er.evaluate(profile(hires_key_groups=True))
    assert "sh-employment-subsidy" in ids(hires.applicable)
    assert "sh-employment-subsidy" not in ids(er.evaluate(profile()).applicable + er.evaluate(profile()).near_misses)


@pytest.mark.parametrize("region", ["广东省广州市", None, ""])
def test_outside_the_documents_regions(region: object) -> None:
    result = er.evaluate(profile(region=region, needs=["资金"]))
    assert result.applicable == [] and result.near_misses == []
    text = er.render_text(result)
    assert all(city in text for city in ("上海", "北京", "温州")) and "民政部门" in text


def test_render_text_cites_every_item_and_gives_advice() -> None:
    result = er.evaluate(profile(region="上海市长宁区", org_kind="法人类登记", grade="2A", needs=["资金"]))
    text = er.render_text(result)
    for item in result.applicable + result.near_misses:
        assert item.title in text
    assert "《上海市民政局若干举措》第七条" in text and "四、（六）15." in text
    assert "金额" in text and "申请材料" in text and "街道（镇）社会组织服务中心" in text and "区民政局" in text
    assert "没有找到明确适用" in er.render_text(er.EligibilityResult([], [], ["北京"], advice="请咨询所在街道。"))


def test_expired_measures_are_a_group_of_their_own_each_with_its_note() -> None:
    result = er.evaluate(profile(region="上海市长宁区", fields=["养老"], needs=["资金", "场地"]))
    text = er.render_text(result)
    current, _, expired = text.partition(er.EXPIRED_HEAD)
    assert expired and "长宁区社会组织参与社区治理实施意见" not in current
    cn = [m for m in result.applicable if m.id.startswith("cn-")]
    assert cn and all(m.expired for m in cn) and not any(m.expired for m in result.applicable if m.id.startswith("sh-"))
    note = "（长宁区社会组织参与社区治理实施意见有效期至2025年12月31日，已失效，仅供参考）"
    blocks = expired.split("\n")
    assert blocks[1] == note and expired.count(note) == 1  # under the group's head, once per document
    assert all(m.title in expired and m.why not in expired for m in cn)  # one line each, the clause in its card
    assert er.EXPIRED_HEAD not in er.render_text(er.evaluate(profile(needs=["资金"])))  # 徐汇: nothing expired


def test_advice_names_the_offices_of_the_users_region() -> None:
    wz = er.render_text(er.evaluate(profile(region="浙江省温州市", needs=["资金"])))
    assert "乡镇（街道）" in wz and "县（市、区）民政部门" in wz and "区民政局" not in wz
    bj = er.render_text(er.evaluate(profile(region="北京市朝阳区", needs=["资金"])))
    assert "区委社会工委区民政局" in bj


@pytest.mark.parametrize(("change", "message"), [
    ({"conditions": {"needs_anyy": ["资金"]}}, "conditions"),
    ({"clause_ids": ["sh-mca-2024-1/第7条"]}, "clause ids"),
    ({"scope": "广州"}, "scope"),
    ({"why": ""}, "lacks why"),
    ({"near_miss": {"has_grade": "评估等级"}}, "conditions"),
    ({"conditions": {"org_kind": ["备案类"]}, "clause_says": {}}, "clause_says"),
])
def test_malformed_rules_fail_loudly(tmp_path: Path, change: dict, message: str) -> None:
    broken = {**RULES, "measures": [{**MEASURES[0], **change}]}
    path = tmp_path / "support.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        er.load_rules(path)


def test_engine_is_python310_and_stdlib_plus_yaml() -> None:
    source = Path(er.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source, feature_version=(3, 10))
    top = {n.names[0].name.split(".")[0] for n in tree.body if isinstance(n, ast.Import)}
    top |= {n.module.split(".")[0] for n in tree.body if isinstance(n, ast.ImportFrom) and n.module}
    assert top <= {"__future__", "re", "dataclasses", "functools", "pathlib", "typing", "yaml"}


def test_clause_says_stands_in_the_cited_clauses(clauses: dict) -> None:
    from corpus.text import compact

    for rule in MEASURES:
        text = compact("".join(clauses[cid].text for cid in rule["clause_ids"]))
        for key, words in (rule.get("clause_says") or {}).items():
            assert compact(words) in text, f"{rule['id']}: condition {key} says {words!r}, not in its clauses"

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


def test_changning_2a_org_gets_the_3a_near_miss() -> None:
    result = er.evaluate(profile(region="上海市长宁区", org_kind="法人类登记", grade="2A"))
    near = {m.id: m for m in result.near_misses}
    assert "cn-grade-3a" in near and "3A" in near["cn-grade-3a"].missing[0]
    assert "cn-grade-3a" not in ids(result.applicable)
    upgraded = er.evaluate(profile(region="上海市长宁区", org_kind="法人类登记", grade="4A"))
    assert "cn-grade-3a" in ids(upgraded.applicable) and "cn-grade-3a" not in ids(upgraded.near_misses)
    assert "cn-grade-3a" in ids(er.evaluate(profile(region="上海长宁", org_kind="法人类登记", grade="AAA")).applicable)


def test_filed_team_without_grade_is_not_told_to_get_3a() -> None:
    result = er.evaluate(profile(region="上海市长宁区"))
    assert "cn-grade-3a" not in ids(result.applicable + result.near_misses)
    assert "sh-high-grade-subsidy" in ids(result.near_misses)


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
    assert all(city in text for city in ("上海", "北京", "温州")) and "民政局" in text


def test_render_text_cites_every_item_and_gives_advice() -> None:
    result = er.evaluate(profile(region="上海市长宁区", org_kind="法人类登记", grade="2A", needs=["资金"]))
    text = er.render_text(result)
    for item in result.applicable + result.near_misses:
        assert item.title in text
    assert "《上海市民政局若干举措》第七条" in text and "四、（六）15." in text and "还差：规范化评估等级 3A 及以上" in text
    assert "金额" in text and "申请材料" in text and "街道（镇）社会组织服务中心" in text and "区民政局" in text
    assert "现已失效" in text  # the Changning document expired on 2025-12-31
    assert "没有找到明确适用" in er.render_text(er.evaluate(profile(region="北京市")))


@pytest.mark.parametrize(("change", "message"), [
    ({"conditions": {"needs_anyy": ["资金"]}}, "conditions"),
    ({"clause_ids": ["sh-mca-2024-1/第7条"]}, "clause ids"),
    ({"scope": "广州"}, "scope"),
    ({"why": ""}, "lacks why"),
    ({"near_miss": {"grade_at_least": "3A"}}, "conditions"),
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

"""Every policy sentence the guided flows show is grounded, for every region (issue 12).

The checker is corpus/grounding.py, the same one the 百问百答 compendium passes (tests/training). It runs
over the data (knowledge/flows/*.yml, knowledge/rules/support.yml), and the flows' replies are rendered
for a district in each region — 长宁区, 徐汇区, 鹿城区 (温州), 朝阳区 (北京) and 杭州西湖区 (outside the
corpus) — and checked to consist only of those checked sentences, the region's citations and fixed headers.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions import deregistration as D
from actions import eligibility_rules as er
from actions import filing
from actions import flow_texts as T
from corpus import grounding as G
from corpus.clauses import load_clauses
from corpus.documents import load_documents
from corpus.text import compact

ROOT = Path(__file__).resolve().parents[2]
CLAUSES, DOCS = load_clauses(), load_documents()
REGIONS = G.load_regions()
OFFICES = G.office_groups()
VALUES = {"district": "某区", "scope": "本居委", "reference": "BA-编号", "region": "某地"}
DISTRICTS = {"长宁区": "长宁", "徐汇区": "上海", "鹿城区": "温州", "朝阳区": "北京", "杭州西湖区": "default"}
STREETS = {"长宁区": "新华路街道", "徐汇区": "天平路街道", "鹿城区": "五马街道", "朝阳区": "建外街道", "杭州西湖区": "北山街道"}
PLACES = {"长宁区": "上海市长宁区", "徐汇区": "上海市徐汇区", "鹿城区": "浙江省温州市", "朝阳区": "北京市朝阳区",
          "杭州西湖区": "浙江省杭州市西湖区"}
HEADERS = ("【层级说明】", "下一步：", *D.HEADS.values())


def check(s: T.Statement, region: str, text: str | None = None) -> list[str]:
    """The checker applied to one statement as a flow shows it (with its expiry notes)."""
    text = s.render(**VALUES) if text is None else text
    if s.kind == "service":
        return G.check_plain(s.id, text, offices=OFFICES)
    if s.kind == "uncovered":
        return G.check_plain(s.id, text, covered=REGIONS["covered"])
    info = REGIONS["regions"][region]
    return G.check_statement(s.id, text, s.clause_ids, CLAUSES, DOCS, within=info["within"],
                             silent=s.kind == "silent", offices=OFFICES, office_docs=info["documents"])


def flow_statements() -> list[tuple[str, str, T.Statement]]:
    return [(flow, region, s) for flow in ("filing", "deregistration")
            for region, keys in T.load_flow(flow).items() for items in keys.values() for s in items]


# -- the data ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("flow", "region", "statement"), flow_statements(),
                         ids=[s.id for _f, _r, s in flow_statements()])
def test_every_flow_statement_is_grounded(flow: str, region: str, statement: T.Statement) -> None:
    assert not check(statement, region), check(statement, region)
    if region == T.DEFAULT:
        assert statement.kind in ("uncovered", "service") and not statement.clause_ids


def test_every_region_has_every_text() -> None:
    keys = {"filing": {"tiers", "next_steps", "not_final"},
            "deregistration": {"registered", "team", "group", "inactive", "not_final"}}
    for flow, wanted in keys.items():
        for region in REGIONS["regions"]:
            assert set(T.load_flow(flow)[region]) == wanted, (flow, region)


@pytest.mark.parametrize("rule", er.load_rules()["measures"], ids=[m["id"] for m in er.load_rules()["measures"]])
def test_every_support_measure_is_grounded(rule: dict) -> None:
    item = er._measure(rule)
    text = f"{item.title}。{er.why_text(item)}"
    problems = G.check_statement(item.id, text, item.clause_ids, CLAUSES, DOCS, within=[rule["scope"]],
                                 offices=OFFICES)
    assert not problems, problems


@pytest.mark.parametrize("scope", er.load_rules()["scopes"])
def test_support_advice_names_its_regions_offices(scope: str) -> None:
    info = REGIONS["regions"][scope]
    advice = er.load_rules()["advice"][scope]
    problems = G.check_statement(f"advice/{scope}", advice, (), CLAUSES, DOCS, silent=True, offices=OFFICES,
                                 office_docs=info["documents"])
    assert not problems, problems


def test_support_out_of_scope_names_what_the_documents_cover() -> None:
    assert not G.check_plain("out_of_scope", er.load_rules()["out_of_scope"], covered=REGIONS["covered"])


def test_local_practice_is_off_and_labelled() -> None:
    config = T.local_practice()
    assert config["label"] == "「本地做法（非文件规定）」"
    assert all(not item["enabled"] for key, item in config.items() if isinstance(item, dict))


# -- the checker catches each kind of error the issue lists -----------------------------------------

def statement(region: str, key: str, flow: str = "filing") -> T.Statement:
    return next(s for s in T.load_flow(flow)[region][key] if s.kind == "policy")


def test_checker_catches_an_unknown_clause_id() -> None:
    s = statement("上海", "tiers")
    bad = T.Statement(s.id, s.text, ("sh-mca-2024-1/第九十九条",))
    assert any("unknown" in p for p in check(bad, "上海"))


def test_checker_catches_an_invented_number_system_or_programme() -> None:
    s = statement("北京", "next_steps")
    assert any("3" in p for p in check(s, "北京", s.render() + "一般3个工作日内办结。"))
    wrong_system = "通过“上海市社区群众活动团队备案系统”完成备案。"
    assert any("上海市社区群众活动团队备案系统" in p for p in check(s, "北京", s.render() + wrong_system))
    assert any("社区启航计划" in p for p in check(s, "北京", s.render() + "还可申请「社区启航计划」。"))


def test_checker_catches_a_region_mismatch() -> None:
    shanghai = statement("长宁", "next_steps")  # 上海市社区群众活动团队备案系统, cn-2022
    assert any("outside" in p for p in check(shanghai, "北京"))
    silent = T.Statement("x", "文件没有写注销手续，请咨询区民政局。", (), "silent")
    assert any("区民政局" in p for p in check(silent, "温州"))
    assert not check(silent, "上海")


def test_checker_catches_a_hedge_turned_into_a_duty_or_promise() -> None:
    venue = next(s for s in T.load_flow("filing")["上海"]["next_steps"] if "活动场地" in s.text)  # 文件鼓励…
    for strong in ("必须", "会", "可以申请"):
        text = venue.render().replace("文件鼓励区民政局和街（镇）将", f"区民政局和街（镇）{strong}将")
        assert check(venue, "上海", text), strong
    high = T.Statement("x", "市民政局对于获得高评估等级的社区社会组织给予专项补贴。", ("sh-mca-2024-1/第七条",))
    assert any("hedge" in p for p in check(high, "上海"))
    promise = T.Statement("x", "工作人员会用您留的手机号联系负责人。", (), "service")
    assert check(promise, "上海")


def test_checker_requires_the_expiry_note_beside_the_sentence() -> None:
    s = statement("长宁", "tiers")
    assert "cn-2022" in s.clause_ids[0] and not check(s, "长宁")
    assert any("valid until" in p for p in check(s, "长宁", s.text))


# -- every flow text rendered for a district in each region ------------------------------------------

def rendered(district: str) -> list[tuple[str, str, list[dict], dict]]:
    """(flow, text, citations, values) of every reply the flows can give for a district."""
    out = []
    for scope in filing.SCOPES:
        text, cites = filing.tier_text(scope, 12, district)
        out.append(("filing", text, cites, {"district": district, "scope": filing.SCOPES[scope]}))
    text, cites = filing.submitted_text("BA-20261122-0001", district)
    out.append(("filing", text, cites, {"district": district, "reference": "BA-20261122-0001"}))
    region = f"{district}{STREETS[district]}"
    for org_type in D.ORG_TYPES:
        for reason in ("inactive", "dissolved"):
            text, cites = D.exit_path(org_type, reason, region)
            out.append(("deregistration", text, cites, {"region": region}))
    out.append(("deregistration", D.submitted_text("ZX-20261122-0001", region), [],
                {"region": region, "reference": "ZX-20261122-0001"}))
    return out


def leftover(flow: str, region: str, text: str, values: dict) -> str:
    """The reply minus its 依据 line, headers and every checked statement of the region: only glue remains."""
    text = re.sub(r"\n依据：[^\n]*$", "", text)
    items = [s for keys in (T.load_flow(flow)[region], T.load_flow(flow)["service"]) for ss in keys.values()
             for s in ss]
    for s in sorted(items, key=lambda s: -len(s.text)):
        text = text.replace(s.render(**{**VALUES, **values}), "")
    for head in HEADERS:
        text = text.replace(head, "")
    return text.strip()


@pytest.mark.parametrize("district", DISTRICTS)
def test_flow_replies_are_only_checked_sentences_of_the_users_region(district: str) -> None:
    region = DISTRICTS[district]
    info = REGIONS["regions"][region]
    for flow, text, cites, values in rendered(district):
        assert leftover(flow, region, text, values) == "", (district, text)
        assert {c["doc_id"] for c in cites} <= set(info["documents"]), (district, text)
        assert "工作人员会" not in text and "跟进" not in text, text
        if region != "长宁":
            assert "上海市社区群众活动团队备案系统" not in text, text
        if region not in ("长宁", "上海"):
            assert "区民政局" not in text.replace("区委社会工委区民政局", ""), text
            assert "社区活动小组" not in text or flow == "deregistration", text


@pytest.mark.parametrize("district", DISTRICTS)
def test_flow_replies_name_only_offices_of_the_users_region(district: str) -> None:
    region = DISTRICTS[district]
    source = compact("".join(c.text for c in CLAUSES.values() if c.doc_id in REGIONS["regions"][region]["documents"]))
    for _flow, text, cites, values in rendered(district):
        for answer in values.values():  # the user's own answers (跨街道…) are not offices
            text = text.replace(answer, "")
        if region == T.DEFAULT:
            assert not cites and all(place in text for place in ("上海市", "温州市", "北京市")), text
            continue
        named = G._offices_in(text, OFFICES)
        assert named and all(any(compact(n) in source for n in group) for group in named), (district, named)


def test_wenzhou_users_get_wenzhou_words() -> None:
    text, _ = filing.tier_text("street", 30, "鹿城区")
    assert "初创型、成长型、成熟型" in text and "规模较大但未达到登记条件" in text
    assert "社区群众活动团队" not in text and "规模和活动范围" not in text
    assert "乡镇（街道）" in filing.submitted_text("BA-1", "鹿城区")[0]
    assert "县（市、区）民政部门" in D.exit_path("registered", "dissolved", "鹿城区")[0]


@pytest.mark.parametrize("district", DISTRICTS)
def test_eligibility_texts_per_region(district: str) -> None:
    region = DISTRICTS[district]
    profile = {"region": PLACES[district], "org_kind": "备案类", "grade": "2A", "fields": ["养老", "社区治理"],
               "newly_founded": True, "needs": ["资金", "场地", "人才", "项目"], "hires_key_groups": True,
               "has_party_org": False}
    result = er.evaluate(profile)
    text = er.render_text(result)
    if region == T.DEFAULT:
        assert result.out_of_scope and all(place in text for place in REGIONS["covered"])
        return
    docs = {CLAUSES[c].doc_id for m in result.applicable + result.near_misses for c in m.clause_ids}
    assert docs and docs <= set(REGIONS["regions"][region]["documents"])
    current, _, expired = text.partition(er.EXPIRED_HEAD)
    assert bool(expired) is (region == "长宁")
    assert "已失效" not in current
    for item in result.near_misses:
        assert all(item.missing)


def test_domain_questions_make_no_promise_and_use_the_texts_words() -> None:
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    texts = {name: "".join(r.get("text") or "" for r in responses) for name, responses in domain["responses"].items()}
    for name in ("utter_help", "utter_ask_team_name", "utter_ask_leader_name", "utter_ask_leader_phone",
                 "utter_ask_dereg_contact", "utter_ask_category", "utter_ask_hires_key_groups"):
        assert not G.PROMISES.search(texts[name]), (name, texts[name])
    assert "四个领域" not in texts["utter_ask_category"]
    assert "应届" not in texts["utter_ask_hires_key_groups"] and "新招用高校毕业生" in texts["utter_ask_hires_key_groups"]


def test_switched_on_callback_is_shown_as_local_practice(monkeypatch: pytest.MonkeyPatch) -> None:
    config = {**T.local_practice(), "callback": {"enabled": True, "source": "某街道社会组织服务中心",
                                                 "text": "工作人员会在收到申请后用您留的手机号联系负责人核实信息。"}}
    monkeypatch.setattr(T, "local_practice", lambda: config)
    for text in (filing.submitted_text("BA-1", "长宁区")[0], D.submitted_text("ZX-1", "鹿城区五马街道")):
        assert "「本地做法（非文件规定）」某街道社会组织服务中心：工作人员会在收到申请后" in text
        assert "是否有人联系您" not in text

"""The shared grounding checker (corpus/grounding.py): what it catches, on fixed sentences."""
from __future__ import annotations

import pytest

from corpus import grounding as G


@pytest.fixture(scope="module")
def corpus():
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents

    return load_clauses(), load_documents()


def check(corpus, text, clause_ids, **kw):
    clauses, docs = corpus
    return G.check_statement("t", text, clause_ids, clauses, docs, offices=G.office_groups(), **kw)


def test_facts_include_every_kind_of_quoted_name():
    facts = G.answer_facts("用好「上海市社区群众活动团队备案系统」和“上海市社区志愿服务网”，见《长宁区政府购买服务指导性目录》，三年。")
    assert {"上海市社区群众活动团队备案系统", "上海市社区志愿服务网", "长宁区政府购买服务指导性目录", "三年"} <= set(facts)


def test_a_grounded_hedged_sentence_passes(corpus):
    text = "鼓励有条件的区和街（镇）出台备案类社区社会组织（群众活动团队和社区活动小组）激励扶持政策。"
    assert check(corpus, text, ["sh-mca-2024-1/第八条"], within=["上海"]) == []


@pytest.mark.parametrize("text", [
    "有条件的区和街（镇）必须出台备案类社区社会组织激励扶持政策。",
    "区和街（镇）出台备案类社区社会组织（群众活动团队和社区活动小组）激励扶持政策。",
    "备案类社区社会组织可以申请激励扶持政策。",
    "街（镇）会为备案类社区社会组织出台激励扶持政策。",
])
def test_a_hedge_turned_into_a_duty_or_promise_fails(corpus, text):
    assert check(corpus, text, ["sh-mca-2024-1/第八条"], within=["上海"])


def test_region_expiry_and_offices(corpus):
    text = "街道（镇）主要负责实施社区群众活动团队备案工作。"
    problems = check(corpus, text, ["cn-2022/四/（一）/2"], within=["北京"])
    assert any("outside" in p for p in problems) and any("valid until" in p for p in problems)
    wenzhou = {"silent": True, "office_docs": ["wz-2021-122"]}
    assert check(corpus, "文件没有写注销手续，请咨询区民政局。", [], **wenzhou)
    assert not check(corpus, "文件没有写注销手续，请咨询县（市、区）民政部门。", [], **wenzhou)
    assert any("office" in p for p in check(corpus, "区民政局优化社区群众活动团队备案系统移动端。",
                                            ["sh-mca-2024-1/第三条"], within=["上海"]))


def test_office_names_count_once_and_synonyms_match():
    found = G._offices_in("请咨询所在街道或区委社会工委区民政局、街（镇）", G.office_groups())
    names = [group[0] for group in found]
    assert "区委社会工委区民政局" in names and "区民政局" not in names and "街道（镇）" in names


def test_plain_texts_state_no_fact_office_or_promise():
    assert G.check_plain("t", "工作人员会用您留的手机号联系您。")
    assert G.check_plain("t", "3个工作日内联系。")
    assert G.check_plain("t", "请咨询区民政局。", offices=G.office_groups())
    assert not G.check_plain("t", "编号已保存。", offices=G.office_groups())
    assert G.check_plain("t", "收录的文件只涉及上海市。", covered=["上海市", "北京市"])

"""Top-k ranking with the real model and the built index: the candidates score exactly what a full
ranking gives them, the numpy bonuses equal the per-clause rules they replaced, and `include` works."""
from __future__ import annotations

import re

import numpy as np
import pytest

from corpus.vocabulary import detect_regions
from retrieval.ranking import DEFINITION_BONUS, REGION_BONUS, Retriever, defined_term

pytestmark = pytest.mark.slow

QUESTIONS = ["街道要定期清理不开展活动的群众活动团队吗？", "五社联动是指哪五社？", "北京街道可以把闲置办公用房给社会组织用吗？",
             "长宁社会组织登记能网上办吗？", "温州服务平台评分多少分算示范型？", "社区组织招高校毕业生有社保补贴吗",
             "什么是群众活动团队？", "小区停车位怎么收费？"]


@pytest.fixture(scope="module")
def exhaustive() -> Retriever:
    """Every passage and every clause a candidate: the full ranking the top-k path must agree with."""
    from config.settings import get_settings

    s = get_settings()
    r = Retriever.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)
    r.dense_candidates, r.bm25_candidates = r.index.faiss.ntotal, len(r.clauses)
    return r


@pytest.fixture(scope="module")
def narrow(exhaustive: Retriever) -> Retriever:
    """Few candidates (20 passages, 10 BM25 clauses), same index and model."""
    return Retriever(exhaustive.index, exhaustive.embedder, exhaustive.knowledge_dir,
                     dense_candidates=20, bm25_candidates=10)


def _full(r: Retriever, question: str, region: str | None = None, mode: str = "hybrid") -> list[tuple[str, float]]:
    return [(h.clause.id, h.score) for h in r.rank(question, region, mode, k=len(r.clauses))]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("region", [None, "北京"])
def test_candidates_score_as_the_full_ranking(exhaustive, narrow, question, region):
    full = _full(exhaustive, question, region)
    assert len(full) == len(exhaustive.clauses)
    rows, fused, _sparse, _dense = narrow.scored(question, region, min_count=0)
    assert len(rows) < len(narrow.clauses)  # a real subset: the test would pass vacuously otherwise
    want = dict(full)
    got = {narrow.clauses[r].id: s for r, s in zip(rows, fused)}
    for cid, score in got.items():
        assert score == pytest.approx(want[cid], abs=1e-5)
    order = [cid for cid, _ in full if cid in got]  # the full ranking, restricted to the candidates
    assert [h.clause.id for h in narrow.rank(question, region, k=len(got))] == order
    assert order[0] == full[0][0]  # and the best clause is among them


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_default_budget_returns_the_full_top_k(exhaustive, mode):
    """Today's corpus: the default candidates give exactly the full ranking's first 20 (ties included)."""
    default = Retriever(exhaustive.index, exhaustive.embedder, exhaustive.knowledge_dir)
    for question in QUESTIONS:
        for region in (None, "长宁"):
            got = [(h.clause.id, round(h.score, 5)) for h in default.rank(question, region, mode)]
            assert got == [(c, round(s, 5)) for c, s in _full(exhaustive, question, region, mode)[:20]]


def test_include_returns_a_clause_outside_the_top_k(exhaustive):
    question = "温州服务平台评分多少分算示范型？"
    last = _full(exhaustive, question)[-1][0]
    hits = exhaustive.rank(question, k=5, include=[last])
    assert [h.clause.id for h in hits][:5] == [c for c, _ in _full(exhaustive, question)[:5]]
    assert hits[-1].clause.id == last and len(hits) == 6


def _old_region_bonus(r: Retriever, question: str, region: str | None) -> np.ndarray:
    """The per-clause loop `rank` used before the bonus became an array lookup."""
    targets = detect_regions(f"{region or ''} {question}")
    bonus = np.zeros(len(r.clauses))
    for i, c in enumerate(r.clauses):
        doc = r.docs[c.doc_id]
        for city, district in targets:
            if doc.region_key == city and (district is None or not doc.district or district in doc.district):
                bonus[i] = REGION_BONUS
                break
            if doc.region_key == city:
                bonus[i] = max(bonus[i], REGION_BONUS / 2)
    return bonus


@pytest.mark.parametrize("question,region", [("长宁怎么备案？", None), ("上海怎么备案？", None), ("怎么备案？", "北京"),
                                             ("温州和北京有什么不同？", None), ("徐汇区社区组织怎么备案", None),
                                             ("怎么备案？", None)])
def test_region_bonus_equals_the_per_clause_rule(exhaustive, question, region):
    rows = np.arange(len(exhaustive.clauses))
    targets = detect_regions(f"{region or ''} {question}")
    got = exhaustive.table.region_bonus(targets, rows, REGION_BONUS)
    want = _old_region_bonus(exhaustive, question, region)
    np.testing.assert_array_equal(got, want)
    assert want.any() == bool(targets)


@pytest.mark.parametrize("question,defined", [("五社联动是指哪五社？", True), ("什么是五社联动？", True),
                                              ("什么是群众活动团队？", False)])
def test_definition_bonus_equals_the_per_clause_rule(exhaustive, question, defined):
    term = defined_term(question)
    rx = re.compile(re.escape(term) + r"[”\"」]?(是|，是|指)")
    want = np.array([DEFINITION_BONUS if rx.search(c.text) else 0.0 for c in exhaustive.clauses])
    rows = np.arange(len(exhaustive.clauses))
    np.testing.assert_array_equal(exhaustive.table.definition_bonus(term, rows, DEFINITION_BONUS), want)
    assert want.any() == defined


@pytest.mark.parametrize("question,heading", [("温州服务平台评分表里“专业服务”占几分？", "wz-2021-122/附件/专业服务"),
                                              ("“党建引领”那项占多少分", "wz-2021-122/附件/党建引领")])
def test_a_quoted_heading_ranks_its_clause_first(exhaustive, question, heading):
    rows = np.arange(len(exhaustive.clauses))
    bonus = exhaustive.table.heading_bonus([question.split("“")[1].split("”")[0]], rows, DEFINITION_BONUS)
    assert [exhaustive.clauses[r].id for r in rows[bonus > 0]][:1] == [heading]
    assert exhaustive.rank(question)[0].clause.id == heading


def test_an_unquoted_or_unknown_name_gets_no_heading_bonus(exhaustive):
    rows = np.arange(len(exhaustive.clauses))
    assert not exhaustive.table.heading_bonus([], rows, DEFINITION_BONUS).any()
    assert not exhaustive.table.heading_bonus(["没有这个标题"], rows, DEFINITION_BONUS).any()


@pytest.mark.parametrize("question,titled", [("打造示范阶段呢", "cn-wushe-2023/五/（二）"),
                                             ("温州枢纽作用那项怎么评分", "wz-2021-122/附件/枢纽作用"),
                                             ("北京意见里的问题导向原则具体指啥", "bj-2022/二/（三）"),  # 坚持问题导向
                                             ("五社联动以人为本、需求导向原则有什么要求", "cn-wushe-2023/二/（二）"),
                                             ("五社联动６月份要干啥呀", "cn-wushe-2023/五/（二）")])  # 打造示范阶段（5-7月）
def test_a_title_named_without_quotes_ranks_its_clause_first(exhaustive, question, titled):
    rows = np.arange(len(exhaustive.clauses))
    bonus = exhaustive.table.titled_bonus(question, rows, DEFINITION_BONUS)
    assert [exhaustive.clauses[r].id for r in rows[bonus > 0]] == [titled]
    assert exhaustive.rank(question)[0].clause.id == titled


@pytest.mark.parametrize("question", ["社区社会组织怎么备案？", "长宁实施意见总体目标",  # 总体目标 heads two clauses
                                      "社区基金会设专项资金？", "专业服务怎么评分",  # common phrases in other clauses
                                      "2024月份的活动", "2024年4月印发的文件",  # no month 4: a year, a date
                                      "政府购买社会组织服务怎么申请"])  # two clauses
def test_unnamed_shared_or_common_titles_get_no_title_bonus(exhaustive, question):
    rows = np.arange(len(exhaustive.clauses))
    assert not exhaustive.table.titled_bonus(question, rows, DEFINITION_BONUS).any()


@pytest.mark.parametrize("question,term", [("上海提到的“五社联动”指哪五方？", "五社联动"),
                                           ("北京提到的五社联动指哪五方", "五社联动")])
def test_the_defined_term_is_the_quoted_name_after_a_region(question, term):
    assert defined_term(question) == term


def test_full_width_digits_are_searched_as_digits():
    from retrieval.tokenize import words

    assert "122" in words("温民社组１２２号那个文是发给哪些单位的呀")
    assert words("４月份") == words("4月份")

"""Diversity of the first results: a near-copy of another document's clause waits until after the first five,
clauses of one document are never grouped, and the real corpus has no pair close enough to be moved."""
from __future__ import annotations

from itertools import combinations

from corpus.clauses import load_clauses
from retrieval.diversity import DUPLICATE_JACCARD, Diversifier, bigrams, jaccard
from tests.retrieval.test_dense_and_caches import _add_copy
from tests.retrieval.test_index import knowledge  # noqa: F401

BASE = "社区社会组织可以通过财务代管的方式申请扶持资金，街道应当提供场地支持并加强日常指导。"
COPY = "社区社会组织可以通过财务代管的方式申请扶持资金，街道应当加强日常指导并提供场地支持。"  # sentence order moved
OTHERS = ["群众活动团队由社区居委会负责日常管理和年度检查。", "五社联动是指社区、社会组织、社会工作者、社区志愿者、社会慈善资源。",
          "孵化基地应当为入驻组织提供能力建设培训。", "政府购买服务项目应当公开招标并接受第三方评估。",
          "社区社会组织的名称由行政区划、字号、行业和组织形式组成。"]


def _diversifier(texts: list[str], docs: list[int], top: int = 5) -> Diversifier:
    return Diversifier(lambda row: texts[row], docs, top=top)


def test_renumbered_and_reordered_copies_stay_near_duplicates() -> None:
    renumbered = BASE.replace("扶持资金", "扶持资金20万元")
    assert jaccard(bigrams(BASE), bigrams(COPY)) >= DUPLICATE_JACCARD
    assert jaccard(bigrams(BASE), bigrams(renumbered)) > jaccard(bigrams(BASE), bigrams(OTHERS[0]))
    assert jaccard(bigrams(BASE), bigrams(BASE)) == 1.0 and jaccard(bigrams(""), bigrams("")) == 0.0


def test_a_copy_from_another_document_waits_after_the_first_five() -> None:
    texts = [BASE, COPY, COPY, *OTHERS]
    docs = [0, 1, 2, 3, 4, 5, 6, 7]
    order = _diversifier(texts, docs).order(list(range(len(texts))))
    assert order[:5] == [0, 3, 4, 5, 6] and order[5:] == [1, 2, 7]


def test_clauses_of_one_document_are_not_grouped() -> None:
    texts = [BASE, COPY, *OTHERS]
    order = _diversifier(texts, [0, 0, 1, 2, 3, 4, 5]).order(list(range(len(texts))))
    assert order == list(range(len(texts)))


def test_copies_fill_the_places_nothing_else_takes() -> None:
    texts = [BASE, COPY, COPY, OTHERS[0]]
    assert _diversifier(texts, [0, 1, 2, 3]).order([0, 1, 2, 3]) == [0, 3, 1, 2]


def test_no_two_documents_of_the_real_corpus_come_near_the_threshold() -> None:
    """So diversity never moves a result at 1× (make eval and the answerability model see the same ranking)."""
    clauses = list(load_clauses().values())
    grams = [bigrams(c.text) for c in clauses]
    highest = max(jaccard(grams[i], grams[j]) for i, j in combinations(range(len(clauses)), 2)
                  if clauses[i].doc_id != clauses[j].doc_id)
    assert highest < DUPLICATE_JACCARD - 0.1, highest


def test_a_copied_document_does_not_fill_the_first_five_with_its_twins(tmp_path, knowledge):  # noqa: F811
    """Real model and index: with a second copy of 北京's document (same place, same words) each twin of a
    clause in the first five waits right after them, where undiversified it would sit beside its original."""
    import shutil

    from config.settings import get_settings
    from retrieval.embed import get_embedder
    from retrieval.index import build, load
    from retrieval.ranking import Retriever

    s = get_settings()
    embedder = get_embedder(s.embedding_model, s.cache_dir)
    cache = tmp_path / "cache"
    shutil.copytree(s.cache_dir / "embcache", cache / "embcache")  # the copy's passages are all cached: no encoding
    _add_copy(knowledge)
    build(tmp_path / "index", embedder, knowledge_dir=knowledge, cache_dir=cache)
    retriever = Retriever(load(tmp_path / "index", embedder.name, knowledge), embedder, knowledge)
    question = "北京街道可以把闲置办公用房给社会组织用吗？"
    hits = retriever.rank(question)
    retriever.diversifier = Diversifier(lambda row: "", retriever.table.clause_doc, top=0)  # no reordering
    plain = [h.clause.id for h in retriever.rank(question)[:5]]
    paths = [h.clause.id.split("/", 1)[1] for h in hits[:5] if h.doc.id.startswith("bj-2022")]
    assert len(paths) == len(set(paths)) and hits[0].clause.id == "bj-2022/四/（四）"
    twins = [h.clause.id.replace("bj-2022/", "bj-2022-copy/") for h in hits[:5] if h.doc.id == "bj-2022"]
    assert [h.clause.id for h in hits[5:5 + len(twins)]] == twins
    assert plain[1] == "bj-2022-copy/四/（四）"  # what diversity prevents

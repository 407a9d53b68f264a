"""Query expansion (retrieval/expansion.py + knowledge/colloquial.yml)."""
from __future__ import annotations

from pathlib import Path

from corpus.documents import load_documents
from retrieval.expansion import expand, expansions, table


def test_everyday_words_add_the_policy_terms() -> None:
    extra = expansions("我们小区跳广场舞的阿姨要去街道办个啥手续不")
    assert {"群众活动团队", "备案"} <= set(extra)


def test_terms_the_question_has_are_not_repeated_and_nothing_is_removed() -> None:
    question = "广场舞群众活动团队怎么备案"
    assert "群众活动团队" not in expansions(question)
    assert expand(question).startswith(question)
    assert expand("社区社会组织的分级管理") == "社区社会组织的分级管理"


def test_every_term_occurs_in_the_documents() -> None:
    corpus = "".join(doc.text() for doc in load_documents().values())
    missing = sorted({t for _word, terms in table() for t in terms if t not in corpus})
    assert not missing, f"knowledge/colloquial.yml names terms no document uses: {missing}"


def test_a_knowledge_folder_without_the_table_expands_nothing(tmp_path: Path) -> None:
    assert expansions("跳广场舞", tmp_path) == []

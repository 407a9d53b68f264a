"""Novelty: the share of a question's content words that no clause and no everyday-word entry writes."""
from __future__ import annotations

import pytest

from answering.novelty import Novelty, bigrams

CLAUSES = ["鼓励社区社会组织参与社区治理，对群众活动团队实行备案管理。", "街道提供活动场地和资金支持。"]


@pytest.fixture(scope="module")
def novelty() -> Novelty:
    return Novelty(CLAUSES)


def test_bigrams_ignore_whitespace() -> None:
    assert bigrams("备 案\n管理") == {"备案", "案管", "管理"}


def test_a_question_in_the_corpus_words_is_not_novel(novelty: Novelty) -> None:
    assert novelty.share("群众活动团队怎么备案？") == 0.0


def test_words_no_clause_writes_are_novel(novelty: Novelty) -> None:
    share = novelty.share("社区社会组织收到的捐款要交企业所得税吗？")
    assert 0.3 < share < 1.0  # 捐款 / 企业所得税 are new, 社区社会组织 is not
    assert novelty.share("长宁区哪里有好吃的本帮菜馆？") > share


def test_everyday_words_of_the_colloquial_table_are_known(novelty: Novelty) -> None:
    """广场舞 / 阿姨 are in knowledge/colloquial.yml, mapped to policy terms: not novel."""
    assert novelty.share("跳广场舞的阿姨") == 0.0
    assert Novelty(CLAUSES, knowledge_dir=None).share("跳广场舞的阿姨") == 0.0


def test_a_question_without_content_words_scores_zero(novelty: Novelty) -> None:
    assert novelty.share("吗？") == 0.0


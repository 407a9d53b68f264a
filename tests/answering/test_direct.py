"""Direct answers (answering/direct.py): the answering sentences, extractive, lists for list questions."""
from __future__ import annotations

import re

from answering.direct import lead
from corpus.clauses import Clause, load_clauses
from retrieval.tokenize import words

CLAUSES = load_clauses()


def _lead(question: str, clause_id: str, limit: int = 160) -> str:
    return lead(question, CLAUSES[clause_id], words(question), limit)


def _is_extractive(text: str, clause: Clause) -> bool:
    """Every run between omission marks stands in the clause (white space aside)."""
    squash = lambda t: re.sub(r"\s+", "", t)  # noqa: E731
    return all(squash(part) in squash(clause.text) for part in text.split("……") if part)


def test_the_sentence_that_answers_leads() -> None:
    text = _lead("市民政局对高评估等级的社区社会组织有什么补贴？", "sh-mca-2024-1/第七条")
    assert "高评估等级的社区社会组织给予专项补贴" in text and len(text) <= 170
    assert _is_extractive(text, CLAUSES["sh-mca-2024-1/第七条"])


def test_a_list_question_gets_the_clause_list() -> None:
    clause = CLAUSES["cn-2022/四/（一）/2"]
    text = _lead("长宁的社区社会组织分为哪几个层级？", clause.id)
    assert all(tier in text for tier in ("注册社会组织", "群众活动团队", "社区活动小组"))
    assert _is_extractive(text, clause)


def test_every_clause_gives_an_extractive_lead() -> None:
    for clause in CLAUSES.values():
        text = lead("社区社会组织有哪些支持？", clause, ["社区社会组织", "支持"])
        assert text and _is_extractive(text, clause), clause.id


def test_omissions_are_marked() -> None:
    text = _lead("财务代管是怎么回事？", "sh-mca-2024-1/第七条")
    assert text.startswith("……") and "财务代管" in text

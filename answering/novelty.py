"""How much of a question the corpus never writes: 本帮菜馆, 会费标准, 企业所得税, 有效期几年.

A question about something no clause mentions is rarely answered by the clause that ranks first,
however close its other words are; its share of such words is one answerability feature. Words are
the question's content bigrams (answering.refusal.content_terms); a bigram is known when any indexed
clause (with its headings) or an everyday word of the colloquial table (knowledge/colloquial.yml)
contains it, so 「跳广场舞的阿姨」 is not novel where the table maps it to policy terms.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from answering.refusal import content_terms
from retrieval.expansion import table
from retrieval.index import sparse_prefix
from retrieval.ranking import Retriever


def bigrams(text: str) -> set[str]:
    """Every two-character window of the text without its whitespace."""
    text = re.sub(r"\s+", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


class Novelty:
    """The known bigrams of one corpus, built once per index (the Assistant is rebuilt on re-index)."""

    def __init__(self, texts: Iterable[str], knowledge_dir: Path | None = None) -> None:
        known: set[str] = set()
        for text in texts:
            known |= bigrams(text)
        for word, _terms in table(knowledge_dir):
            known |= bigrams(word)
        self.known = frozenset(known)

    @classmethod
    def of(cls, retriever: Retriever) -> Novelty:
        """The indexed clauses as BM25 reads them (document prefix, headings, text)."""
        return cls((c.context(sparse_prefix(retriever.docs[c.doc_id])) for c in retriever.clauses),
                   retriever.knowledge_dir)

    def share(self, question: str) -> float:
        """Share of the question's content bigrams that neither the corpus nor the colloquial table writes."""
        terms = content_terms(question)
        return sum(t not in self.known for t in terms) / len(terms) if terms else 0.0

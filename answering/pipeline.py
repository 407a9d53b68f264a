"""The `ask` pipeline: the 百问百答 compendium first, then ranked clauses with the refusal decision.

`Assistant.ask` is the one entry point the API, the CLI, the benchmarks and the dialogue use.
"""
from __future__ import annotations

import time
from pathlib import Path

from answering import refusal
from answering.compendium import Faq, FaqAnswer
from corpus.compendium import faq_dir
from answering.compose import compose, compose_faq, uncovered_place
from answering.types import Answer
from retrieval.ranking import Hit, Retriever


class Assistant:
    """A Retriever plus the compendium matcher sharing its query embedding; thread-safe for reads."""

    def __init__(self, retriever: Retriever, use_faq: bool = True, cache_dir: Path | None = None) -> None:
        self.retriever = retriever
        self.docs = retriever.docs
        self.faq = _load_faq(retriever, cache_dir) if use_faq else None

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, knowledge_dir: Path | None = None,
             cache_dir: Path | None = None, use_faq: bool = True) -> Assistant:
        """Model, index and compendium as the settings name them."""
        return cls(Retriever.open(index_dir, model, knowledge_dir, cache_dir), use_faq, cache_dir)

    @property
    def embedder(self):  # noqa: ANN201
        return self.retriever.embedder

    def ask(self, question: str, region: str | None = None, top_k: int = 5, mode: str = "hybrid",
            use_faq: bool = True) -> Answer:
        """FAQ-first: a confident compendium match answers with its clauses; else clause retrieval."""
        t0 = time.perf_counter()
        match = self.faq.match(question, region) if (self.faq and use_faq and mode == "hybrid") else None
        if match and not self._faq_fits(question, region, match):
            match = None
        hits = self.retriever.rank(question, region, mode)
        if match:
            answer = compose_faq(question, region, match, self._faq_hits(match, hits)[:max(top_k, 1)])
        else:
            answer = compose(question, region, hits[:max(top_k, 1)], self.docs)
        answer.took_ms = (time.perf_counter() - t0) * 1000
        return answer

    def _faq_fits(self, question: str, region: str | None, match: FaqAnswer) -> bool:
        """An entry that answers the topic must also hold the detail asked for, for a covered place."""
        if uncovered_place(question, region) or refusal.is_task_request(question):
            return False
        if match.silent:
            return True
        clauses = self.retriever.all_clauses
        evidence = " ".join(clauses[c].text for c in match.clause_ids if c in clauses)
        return refusal.missing_detail(question, evidence) is None

    @staticmethod
    def _faq_hits(match: FaqAnswer, ranked: list[Hit]) -> list[Hit]:
        """The entry's own clauses first (in its order), then the retrieval ranking without repeats."""
        by_id = {h.clause.id: h for h in ranked}
        first = [by_id[cid] for cid in match.clause_ids if cid in by_id]
        top = ranked[0].score if ranked else 1.0
        lead = [Hit(h.clause, h.doc, top + 1.0 - i * 0.01, h.bm25, h.dense) for i, h in enumerate(first)]
        return lead + [h for h in ranked if h.clause.id not in set(match.clause_ids)]


def _load_faq(retriever: Retriever, cache_dir: Path | None) -> Faq | None:
    """The compendium matcher when the compendium exists (retrieval works without it)."""
    if not faq_dir(retriever.knowledge_dir).exists():
        return None
    return Faq.load(retriever.embedder, retriever.knowledge_dir, cache_dir)

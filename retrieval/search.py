"""Hybrid clause retrieval (BM25 + dense, reciprocal-rank fusion), region preference and the answer.

`Retriever.ask` is the one entry point the API, the CLI and the dialogue use.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from retrieval import refusal
from retrieval.citations import citation_dict, quote
from retrieval.clauses import Clause, load_clauses
from retrieval.documents import Document, detect_regions, load_documents
from retrieval.index import Index, load
from retrieval.segment import bm25_tokens, words

RRF_K = 20
BM25_WEIGHT = 1.5  # the domain-dictionary BM25 is the stronger signal for this corpus; dense adds paraphrase recall
REGION_BONUS = 0.6  # in units of a rank-1 RRF contribution
MIN_COVERAGE = 0.40  # share of the question's content bigrams the best clause must contain
MIN_DENSE = 0.80


_DEFINE_RE = re.compile(r"(?:什么是|啥是|何为)([\u4e00-\u9fff“”\"]{2,12}?)[？?，。]|"
                        r"([\u4e00-\u9fff“”\"]{2,12}?)(?:是指|指的是|是什么|是啥|是哪|的含义|的内涵|具体指)")


def defined_term(question: str) -> str | None:
    """The term a definition question asks about, if it is one."""
    m = _DEFINE_RE.search(question)
    if not m:
        return None
    term = (m.group(1) or m.group(2)).strip("“”\"")
    for prefix in ("所谓", "这个", "那个", "里说的", "说的"):
        term = term.split(prefix)[-1]
    term = term.strip("“”\"")
    return term if len(term) >= 2 else None


@dataclass
class Hit:
    """One ranked clause with both signals, so staff can see why it ranked."""

    clause: Clause
    doc: Document
    score: float
    bm25: float
    dense: float
    highlights: list[str] = field(default_factory=list)

    def citation(self, terms: list[str] | None = None, today: dt.date | None = None) -> dict:
        return citation_dict(self.clause, self.doc, score=self.score, text=quote(self.clause, terms),
                             today=today, bm25=round(self.bm25, 4), dense=round(self.dense, 4),
                             highlights=self.highlights)


@dataclass
class Answer:
    """The reply to a question: text, whether the corpus answers it, and ranked evidence."""

    question: str
    answer: str
    confident: bool
    hits: list[Hit]
    reason: str
    took_ms: float = 0.0
    source: str = "clauses"
    faq_id: str | None = None

    def citations(self, today: dt.date | None = None) -> list[dict]:
        terms = words(self.question)
        return [h.citation(terms, today) for h in self.hits]


class QueryCache:
    """Wraps an embedder so the FAQ step and clause retrieval embed a question only once.

    Deliberately tiny: it serves the two look-ups of one ask, not repeated questions, so
    latency figures stay honest.
    """

    def __init__(self, embedder) -> None:
        self.inner = embedder
        self.name = embedder.name
        self._encode_one = lru_cache(maxsize=4)(lambda q: embedder.encode_queries([q])[0])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self._encode_one(t) for t in texts])

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        return self.inner.encode_passages(texts, show_progress)


class Retriever:
    """Holds the index, the model, the clause table and the compendium; thread-safe for reads."""

    def __init__(self, index: Index, embedder, knowledge_dir: Path | None = None, use_faq: bool = True) -> None:
        self.index = index
        self.embedder = embedder if isinstance(embedder, QueryCache) else QueryCache(embedder)
        all_clauses = load_clauses(knowledge_dir)
        self.clauses = [all_clauses[i] for i in index.clause_ids]
        self.docs = load_documents(knowledge_dir)
        self.faq = _load_faq(self.embedder, knowledge_dir) if use_faq else None

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, knowledge_dir: Path | None = None,
             use_faq: bool = True) -> "Retriever":
        from retrieval.embed import get_embedder

        embedder = get_embedder(model)
        return cls(load(index_dir, embedder.name, knowledge_dir), embedder, knowledge_dir, use_faq)

    # -- scoring ---------------------------------------------------------------------------
    def bm25_scores(self, question: str) -> np.ndarray:
        tokens = [t for t in bm25_tokens(question) if t in self.index.vocab]
        if not tokens:
            return np.zeros(len(self.clauses), dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(tokens), dtype=np.float32)

    def dense_scores(self, question: str) -> np.ndarray:
        q = self.embedder.encode_queries([question])
        n = self.index.faiss.ntotal
        sims, rows = self.index.faiss.search(q, n)
        out = np.full(len(self.clauses), -1.0, dtype=np.float32)
        np.maximum.at(out, self.index.passage_clause[rows[0]], sims[0])
        return out

    def rank(self, question: str, region: str | None = None, mode: str = "hybrid") -> list[Hit]:
        """Every clause ranked; mode 'bm25' / 'dense' are the single-signal baselines."""
        sparse = self.bm25_scores(question) if mode != "dense" else np.zeros(len(self.clauses))
        dense = self.dense_scores(question) if mode != "bm25" else np.zeros(len(self.clauses))
        fused = np.zeros(len(self.clauses))
        for scores, weight, use in ((sparse, BM25_WEIGHT, mode != "dense"), (dense, 1.0, mode != "bm25")):
            if use:
                fused[np.argsort(-scores, kind="stable")] += weight / (RRF_K + 1 + np.arange(len(scores)))
        fused += self._region_bonus(question, region) + self._definition_bonus(question)
        order = np.argsort(-fused, kind="stable")
        return [Hit(self.clauses[i], self.docs[self.clauses[i].doc_id], float(fused[i]),
                    float(sparse[i]), float(dense[i])) for i in order]

    def _definition_bonus(self, question: str) -> np.ndarray:
        """'什么是X / X是指什么 / 哪五社' questions: prefer the clause that defines X (X……是……)."""
        bonus = np.zeros(len(self.clauses))
        term = defined_term(question)
        if term:
            rx = re.compile(re.escape(term) + r"[”\"」]?(是|，是|指)")
            for i, c in enumerate(self.clauses):
                if rx.search(c.text):
                    bonus[i] = BM25_WEIGHT / (RRF_K + 1)
        return bonus

    def _region_bonus(self, question: str, region: str | None) -> np.ndarray:
        """Prefer clauses of the region the question (or the caller) names; 长宁 is more specific than 上海."""
        targets = detect_regions(f"{region or ''} {question}")
        bonus = np.zeros(len(self.clauses))
        if not targets:
            return bonus
        unit = REGION_BONUS * BM25_WEIGHT / (RRF_K + 1)
        for i, c in enumerate(self.clauses):
            doc = self.docs[c.doc_id]
            for city, district in targets:
                if doc.region_key == city and (district is None or district in (doc.district or "")):
                    bonus[i] = unit
                    break
                if doc.region_key == city:
                    bonus[i] = max(bonus[i], unit / 2)
        return bonus

    # -- answering -------------------------------------------------------------------------
    def ask(self, question: str, region: str | None = None, top_k: int = 5, mode: str = "hybrid",
            use_faq: bool = True) -> Answer:
        """FAQ-first: a confident compendium match answers with its clauses; else clause retrieval."""
        from retrieval.answer import compose, compose_faq

        t0 = time.perf_counter()
        match = self.faq.match(question, region) if (self.faq and use_faq and mode == "hybrid") else None
        if match and not self._faq_fits(question, region, match):
            match = None
        hits = self.rank(question, region, mode)
        if match:
            answer = compose_faq(question, region, match, self._faq_hits(match, hits)[:max(top_k, 1)])
        else:
            answer = compose(question, region, hits[:max(top_k, 1)], self.docs)
        answer.took_ms = (time.perf_counter() - t0) * 1000
        return answer

    def _faq_fits(self, question: str, region: str | None, match) -> bool:  # noqa: ANN001
        """An entry that answers the topic must also hold the detail asked for, for a covered place."""
        from retrieval.answer import uncovered_place

        if uncovered_place(question, region) or refusal.is_task_request(question):
            return False
        if match.silent:
            return True
        clauses = load_clauses()
        evidence = " ".join(clauses[c].text for c in match.clause_ids if c in clauses)
        return refusal.missing_detail(question, evidence) is None

    def _faq_hits(self, match, ranked: list[Hit]) -> list[Hit]:  # noqa: ANN001
        """The entry's own clauses first (in its order), then the retrieval ranking without repeats."""
        by_id = {h.clause.id: h for h in ranked}
        first = [by_id[cid] for cid in match.clause_ids if cid in by_id]
        top = ranked[0].score if ranked else 1.0
        lead = [Hit(h.clause, h.doc, top + 1.0 - i * 0.01, h.bm25, h.dense) for i, h in enumerate(first)]
        return lead + [h for h in ranked if h.clause.id not in set(match.clause_ids)]


def _load_faq(embedder, knowledge_dir: Path | None):  # noqa: ANN001, ANN202
    """The compendium matcher when the compendium exists (retrieval works without it)."""
    from retrieval.faq import Faq, faq_dir

    if not faq_dir(knowledge_dir).exists():
        return None
    return Faq.load(embedder, knowledge_dir)

"""Hybrid clause ranking: BM25 + dense, fused by weighted RRF, with region and definition preferences.

`Retriever.rank` orders every clause for a question; deciding whether and how to answer is
answering/'s job (answering/pipeline.py), which depends on this module and never the reverse.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from corpus.citations import citation_dict, quote
from corpus.clauses import Clause, load_clauses
from corpus.documents import Document, load_documents
from corpus.vocabulary import detect_regions
from retrieval.embed import get_embedder
from retrieval.expansion import expand
from retrieval.fusion import linear
from retrieval.index import Index, load
from retrieval.tokenize import bm25_tokens

DENSE_WEIGHT = 0.3  # dense cosine (as a z-score / 4) added to BM25 scaled to its best clause; see fusion.linear
REGION_BONUS = 0.5  # a clause of the region the question names (a city-wide document covers its districts);
# half for a document of another district of the same city
DEFINITION_BONUS = 0.35  # the clause that defines the term a 什么是X question asks about


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
    """Holds the index, the model and the clause table; thread-safe for reads."""

    def __init__(self, index: Index, embedder, knowledge_dir: Path | None = None) -> None:  # noqa: ANN001
        self.index = index
        self.knowledge_dir = knowledge_dir
        self.embedder = embedder if isinstance(embedder, QueryCache) else QueryCache(embedder)
        self.all_clauses = load_clauses(knowledge_dir)
        self.clauses = [self.all_clauses[i] for i in index.clause_ids]
        self.docs = load_documents(knowledge_dir)

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, knowledge_dir: Path | None = None,
             cache_dir: Path | None = None) -> Retriever:
        """Load the model and the index built with it (IndexMismatch says how to rebuild)."""
        embedder = get_embedder(model, cache_dir)
        return cls(load(index_dir, embedder.name, knowledge_dir), embedder, knowledge_dir)

    # -- scoring ---------------------------------------------------------------------------
    def bm25_scores(self, question: str) -> np.ndarray:
        """BM25 of every clause for the question with its everyday words' policy terms added."""
        tokens = [t for t in bm25_tokens(expand(question, self.knowledge_dir)) if t in self.index.vocab]
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
        fused = linear(sparse, dense, {"hybrid": DENSE_WEIGHT, "bm25": 0.0, "dense": 1.0}[mode])
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
                    bonus[i] = DEFINITION_BONUS
        return bonus

    def _region_bonus(self, question: str, region: str | None) -> np.ndarray:
        """Prefer clauses of the region the question (or the caller) names: for 长宁, 长宁's own documents and
        上海's city-wide ones (which apply there too); a document of another 上海 district gets half."""
        targets = detect_regions(f"{region or ''} {question}")
        bonus = np.zeros(len(self.clauses))
        if not targets:
            return bonus
        unit = REGION_BONUS
        for i, c in enumerate(self.clauses):
            doc = self.docs[c.doc_id]
            for city, district in targets:
                if doc.region_key == city and (district is None or not doc.district or district in doc.district):
                    bonus[i] = unit
                    break
                if doc.region_key == city:
                    bonus[i] = max(bonus[i], unit / 2)
        return bonus

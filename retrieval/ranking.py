"""Hybrid clause ranking: BM25 + dense, fused by weighted RRF, with region and definition preferences.

`Retriever.rank` returns a question's best clauses (top-k over candidates, retrieval/candidates.py);
deciding whether and how to answer is answering/'s job (answering/pipeline.py), which depends on this module and never the reverse.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from corpus.citations import citation_dict, quote
from corpus.clauses import Clause, load_clauses
from corpus.documents import Document, load_documents
from corpus.text import fold_width, quoted_names
from corpus.vocabulary import detect_regions
from retrieval.candidates import BM25_CANDIDATES, ClauseTable
from retrieval.dense import DENSE_CANDIDATES
from retrieval.diversity import Diversifier
from retrieval.embed import get_embedder
from retrieval.expansion import expand
from retrieval.fusion import Scale, linear_scaled
from retrieval.index import Index, load
from retrieval.tokenize import bm25_tokens

DENSE_WEIGHT = 0.3  # dense cosine (as a z-score / 4) added to BM25 scaled to its best clause; see fusion.linear
REGION_BONUS = 0.5  # a clause of the region the question names (a city-wide document covers its districts);
# half for a document of another district of the same city
DEFINITION_BONUS = 0.35  # the clause that defines the term a 什么是X question asks about
RESULT_K = 20  # hits `rank` returns: the API's largest top_k (api/routers/ask.py), beyond what answering re-ranks


_DEFINE_RE = re.compile(r"(?:什么是|啥是|何为)([\u4e00-\u9fff“”\"]{2,12}?)[？?，。]|"
                        r"([\u4e00-\u9fff“”\"]{2,12}?)(?:是指|指的是|是什么|是啥|是哪|的含义|的内涵|具体指|指哪|指什么|指啥)")


def defined_term(question: str) -> str | None:
    """The term a definition question asks about, if it is one."""
    m = _DEFINE_RE.search(question)
    if not m:
        return None
    term = (m.group(1) or m.group(2)).strip("“”\"")
    quoted = quoted_names(term + "”", 16)  # 「北京提到的“五社联动”指哪五方」: the quoted name is the term
    if quoted:
        return quoted[-1]
    for prefix in ("所谓", "这个", "那个", "里说的", "说的", "提到的"):
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
    """Holds the index, the model and the clause table; thread-safe for reads.

    A question is scored on candidates only: the passages FAISS returns (flat or HNSW, retrieval/dense.py),
    BM25's top clauses and any clause the caller asks for. Each candidate's BM25 score and dense cosine
    (its best passage, from the stored vectors) are exact, and fusion is normalised by whole-corpus
    figures, so a candidate scores what a full ranking would give it; per ask the work grows with the
    number of candidates, not with the corpus.
    """

    def __init__(self, index: Index, embedder, knowledge_dir: Path | None = None,  # noqa: ANN001
                 dense_candidates: int = DENSE_CANDIDATES, bm25_candidates: int = BM25_CANDIDATES) -> None:
        self.index = index
        self.knowledge_dir = knowledge_dir
        self.embedder = embedder if isinstance(embedder, QueryCache) else QueryCache(embedder)
        self.all_clauses = load_clauses(knowledge_dir)
        self.clauses = [self.all_clauses[i] for i in index.clause_ids]
        self.docs = load_documents(knowledge_dir)
        self.dense_candidates, self.bm25_candidates = dense_candidates, bm25_candidates
        self.table = ClauseTable(self.clauses, self.docs, index)
        clauses = self.clauses  # not self: no reference cycle, so a replaced Retriever is freed by refcount alone
        self.diversifier = Diversifier(lambda row: clauses[row].text, self.table.clause_doc)

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, knowledge_dir: Path | None = None,
             cache_dir: Path | None = None) -> Retriever:
        """Load the model and the index built with it (IndexMismatch says how to rebuild)."""
        embedder = get_embedder(model, cache_dir)
        return cls(load(index_dir, embedder.name, knowledge_dir), embedder, knowledge_dir)

    # -- scoring ---------------------------------------------------------------------------
    def bm25_scores(self, question: str) -> np.ndarray:
        """BM25 of every clause for the question with its everyday words' policy terms added
        (bm25s sums the question words' posting lists: numpy work, no per-clause Python)."""
        tokens = [t for t in bm25_tokens(expand(question, self.knowledge_dir)) if t in self.index.vocab]
        if not tokens:
            return np.zeros(len(self.clauses), dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(tokens), dtype=np.float32)

    def rank(self, question: str, region: str | None = None, mode: str = "hybrid", k: int = RESULT_K,
             include: Iterable[str] = ()) -> list[Hit]:
        """The ``k`` best clauses, best first (near-duplicates of other documents' clauses after the first five,
        retrieval/diversity.py), plus the ``include``d clause ids (scored alike, in their place after the
        first k when they rank lower); mode 'bm25' / 'dense' are the single-signal baselines."""
        include = tuple(include)
        rows, fused, sparse, dense = self.scored(question, region, mode, include, k)
        order = np.argsort(-fused, kind="stable")  # candidates are in clause order: ties as a full ranking
        order = order[self.diversifier.order(rows[order])]  # near-copies of other documents after the first five
        wanted = {self.table.row_of[c] for c in include if c in self.table.row_of}
        keep = [*order[:k], *(j for j in order[k:] if rows[j] in wanted)]
        return [Hit(self.clauses[rows[j]], self.docs[self.clauses[rows[j]].doc_id], float(fused[j]),
                    float(sparse[j]), float(dense[j])) for j in keep]

    def scored(self, question: str, region: str | None = None, mode: str = "hybrid", include: Iterable[str] = (),
               min_count: int = RESULT_K) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(candidate clause rows in clause order, fused score, BM25, dense) — what `rank` sorts."""
        t = self.table
        sparse_all = self.bm25_scores(question) if mode != "dense" else None
        query = self.embedder.encode_queries([fold_width(question)])[0] if mode != "bm25" else None
        targets = detect_regions(f"{region or ''} {question}")
        extra = [t.row_of[c] for c in include if c in t.row_of]
        extra += t.region_rows(targets, sparse_all, self.bm25_candidates).tolist()
        rows = t.candidates(query, sparse_all, extra, self.dense_candidates, self.bm25_candidates, min_count)
        sparse = sparse_all[rows] if sparse_all is not None else np.zeros(len(rows), np.float32)
        dense = t.dense(query, rows) if query is not None else np.zeros(len(rows), np.float32)
        scale = Scale(float(sparse_all.max()) if sparse_all is not None and len(sparse_all) else 0.0,
                      *(t.dense_moments(query) if query is not None else (0.0, 0.0)))
        fused = linear_scaled(sparse, dense, {"hybrid": DENSE_WEIGHT, "bm25": 0.0, "dense": 1.0}[mode], scale)
        fused += t.region_bonus(targets, rows, REGION_BONUS)
        fused += t.definition_bonus(defined_term(question), rows, DEFINITION_BONUS)
        fused += np.maximum(t.heading_bonus(quoted_names(question, 16), rows, DEFINITION_BONUS),
                            t.titled_bonus(question, rows, DEFINITION_BONUS))
        return rows, fused, sparse, dense

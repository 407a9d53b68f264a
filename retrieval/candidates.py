"""The clause table as arrays, built once at load, and the per-question work on candidate clauses.

What a full ranking did per clause in Python (the region and definition preferences, a dense score
from the full FAISS ranking) is done here with numpy on the candidates only: the union of the dense
search's passages, BM25's top clauses and clauses a caller must see. Region preferences are worked
out per document once per set of named regions and cached; the dense mean and spread that fusion
normalises by come from a fixed sample of clauses (all of them in a small corpus, so exact there).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
from bm25s.selection import topk

from corpus.clauses import Clause
from corpus.documents import Document
from corpus.text import fold_width
from retrieval.dense import inner_products, search, stored_vectors
from retrieval.index import Index

BM25_CANDIDATES = 200  # clauses with the best BM25 scores a question keeps as candidates
REGION_EXACT = 2000  # a named region with up to this many clauses has all of them scored (its bonus can lift any)
STATS_SAMPLE = 2048  # clauses whose dense cosines give the corpus's mean and spread (every clause below this)

Target = tuple[str, str | None]  # (city, district or None), as corpus.vocabulary.detect_regions gives them


class ClauseTable:
    """Per-clause arrays (document, passage ranges) and the vectors, for scoring any subset of clauses."""

    def __init__(self, clauses: list[Clause], docs: dict[str, Document], index: Index) -> None:
        self.clauses, self.docs, self.index = clauses, docs, index
        self.row_of = {c.id: i for i, c in enumerate(clauses)}
        self.doc_list = list(docs.values())
        doc_row = {d.id: i for i, d in enumerate(self.doc_list)}
        self.clause_doc = np.array([doc_row[c.doc_id] for c in clauses], dtype=np.int32)
        owner = np.asarray(index.passage_clause)
        if np.any(np.diff(owner) < 0):
            raise ValueError("passage_clause must list each clause's passages together, in clause order")
        self.passage_start = np.searchsorted(owner, np.arange(len(clauses) + 1)).astype(np.int64)
        self.vectors = stored_vectors(index.faiss)
        self.passage_clause = owner
        step = max(1, int(np.ceil(len(clauses) / STATS_SAMPLE)))
        self.sample = np.arange(0, len(clauses), step)
        self._region = lru_cache(maxsize=64)(self._doc_region_bonus)
        self.named_by = distinct_titles(clauses)  # clause id → the names that mean that clause alone

    def candidates(self, query: np.ndarray | None, sparse: np.ndarray | None, extra: list[int],
                   dense_k: int, bm25_k: int, min_count: int = 0) -> np.ndarray:
        """Sorted clause rows: the dense search's, BM25's top ``bm25_k`` with a positive score, and ``extra``;
        at least ``min_count`` (padded with the lowest other rows, the order a full ranking gives ties)."""
        parts = [np.asarray(extra, dtype=np.int64)]
        if query is not None:
            parts.append(self.passage_clause[search(self.index.faiss, query, dense_k)])
        if sparse is not None and len(sparse):
            _, top = topk(sparse, min(bm25_k, len(sparse)), backend="numpy", sorted=False)
            parts.append(top[sparse[top] > 0])
        rows = np.unique(np.concatenate(parts)).astype(np.int64)
        if len(rows) < min_count:  # too few scored clauses (BM25 alone, few words): the first others, as ties
            rows = np.union1d(rows, np.setdiff1d(np.arange(min(len(self.clauses), 2 * min_count)), rows)[:min_count])
        return rows

    def dense(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Each clause's best passage cosine, exactly, from the stored vectors."""
        if not len(rows):
            return np.zeros(0, np.float32)
        starts, ends = self.passage_start[rows], self.passage_start[rows + 1]
        lengths = ends - starts
        offsets = np.cumsum(lengths) - lengths
        passages = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
        return np.maximum.reduceat(inner_products(query, self.vectors[passages]), offsets)

    def dense_moments(self, query: np.ndarray) -> tuple[float, float]:
        """Mean and spread of the clauses' dense scores (over the sample) that fusion normalises by."""
        scores = self.dense(query, self.sample)  # float32 sums, as the full ranking's normalisation was
        return float(scores.mean()), float(scores.std())

    def region_rows(self, targets: list[Target], sparse: np.ndarray | None, bm25_k: int) -> np.ndarray:
        """Candidates from the named regions' documents, which the region bonus lifts above the rest: all
        of their clauses up to REGION_EXACT (exact there), else the region's best ``bm25_k`` by BM25."""
        if not targets:
            return np.zeros(0, np.int64)
        inside = np.flatnonzero(self._region(tuple(targets), 1.0)[self.clause_doc] > 0)
        if len(inside) <= REGION_EXACT or sparse is None:
            return inside[:REGION_EXACT]
        _, top = topk(sparse[inside], bm25_k, backend="numpy", sorted=False)
        return inside[top]

    def region_bonus(self, targets: list[Target], rows: np.ndarray, unit: float) -> np.ndarray:
        """``unit`` for clauses of a named region's documents (half for another district of the same city)."""
        if not targets:
            return np.zeros(len(rows))
        return self._region(tuple(targets), unit)[self.clause_doc[rows]]

    def _doc_region_bonus(self, targets: tuple[Target, ...], unit: float) -> np.ndarray:
        """Per document: ``unit`` for the region itself (a city-wide document covers its districts),
        half for another district of that city."""
        out = np.zeros(len(self.doc_list))
        for i, doc in enumerate(self.doc_list):
            for city, district in targets:
                if doc.covers(city, district):
                    out[i] = unit
                    break
                if doc.region_key == city:
                    out[i] = max(out[i], unit / 2)
        return out

    def definition_bonus(self, term: str | None, rows: np.ndarray, value: float) -> np.ndarray:
        """``value`` for candidate clauses that define ``term`` (X……是/指……)."""
        if not term:
            return np.zeros(len(rows))
        rx = definition_of(term)
        return np.fromiter((value if rx.search(self.clauses[r].text) else 0.0 for r in rows), float, len(rows))

    def titled_bonus(self, question: str, rows: np.ndarray, value: float) -> np.ndarray:
        """``value`` for candidate clauses whose own title the question names word for word, quoted or not
        (「打造示范阶段呢」「专业服务那项怎么评分」): a title of four or more characters, its note in
        brackets left out, is specific enough to mean that clause."""
        asked = fold_width(re.sub(r"\s+", "", question))
        return np.fromiter((value if self._named_in(asked, self.clauses[r].id) else 0.0 for r in rows),
                           float, len(rows))

    def names_title(self, question: str, clause: Clause) -> bool:
        """Whether the question names the clause by its own title, one that no other clause shares."""
        return self._named_in(fold_width(re.sub(r"\s+", "", question)), clause.id)

    def _named_in(self, asked: str, clause_id: str) -> bool:
        return any(is_named(name, asked) for name in self.named_by.get(clause_id, ()))

    def heading_bonus(self, names: list[str], rows: np.ndarray, value: float) -> np.ndarray:
        """``value`` for candidate clauses whose own heading is a name the question quotes (「“专业服务”占几分」)."""
        if not names:
            return np.zeros(len(rows))
        return np.fromiter((value if self.clauses[r].path and self.clauses[r].path[-1] in names else 0.0
                            for r in rows), float, len(rows))


def definition_of(term: str) -> re.Pattern:
    """Where a clause defines ``term``: 「“五社联动”是指……」「社区社会组织是……」."""
    return re.compile(re.escape(term) + r"[”\"」]?(是|，是|指)")


def title_core(title: str) -> str:
    """「打造示范阶段（5-7月）」 → 「打造示范阶段」: a clause title without its bracketed note."""
    return re.sub(r"（[^）]*）|\([^)]*\)", "", title or "").strip()


# Verbs that lead a heading (「坚持问题导向」「建立健全居民评价机制」): a question names the clause by what follows
# (「问题导向原则具体指啥」「居民评价机制的核心要求」).
_LEADING_VERB = re.compile(r"^(坚持|建立健全|建立|健全|加强|推进|推动|实施|完善|深化|强化|提升|开展|落实|优化|加大|规范|明确)")
# A stage's month in its bracketed note (「调研部署阶段（4月）」「打造示范阶段（5-7月）」): 「4月份要做什么」 names it.
_MONTHS = re.compile(r"[（(](\d{1,2})(?:[-—~至到](\d{1,2}))?月[）)]")


def title_names(title: str) -> list[str]:
    """What a question may call a clause by: its title without the bracketed note, the same without a leading
    verb, and the months its note gives (「5月」「6月」「7月」 for 5-7月)."""
    core = title_core(title)
    names = [core]
    verb = _LEADING_VERB.match(core)
    if verb and len(core) - verb.end() >= 4:
        names.append(core[verb.end():])
    month = _MONTHS.search(title or "")
    if month:
        first = int(month.group(1))
        names += [f"{m}月" for m in range(first, int(month.group(2) or first) + 1)]
    return names


def is_named(name: str, asked: str) -> bool:
    """Whether ``asked`` (spaces removed, width folded) writes ``name``, one of title_names' names."""
    if name[:-1].isdigit():  # a month: 「4月」 is not inside 「14月」 or 「2024月」
        return bool(re.search(rf"(?<![\d年]){name}", asked))  # nor the month of a date (2024年4月)
    return name in asked


def specific(name: str) -> bool:
    """Long enough to mean one clause: four or more characters, or a month."""
    return len(name) >= 4 or name[:-1].isdigit()


def distinct_titles(clauses: list[Clause], most_texts: int = 2) -> dict[str, tuple[str, ...]]:
    """Clause id → the names (title_names) specific enough to mean that clause alone: four or more characters
    (a month is exempt), no other clause called the same (总体目标, 基本原则 and 印发通知 recur), and written in
    at most ``most_texts`` other clauses' texts (专项资金 is a common phrase, 打造示范阶段 is not). Shared names are
    dropped before any text is searched, so a corpus of repeated documents costs little at start-up."""
    names = [title_names(c.title) for c in clauses]
    seen = Counter(n for ns in names for n in set(ns))
    texts = [re.sub(r"\s+", "", c.text) for c in clauses]
    out: dict[str, tuple[str, ...]] = {}
    for i, (c, ns) in enumerate(zip(clauses, names)):
        keep = tuple(n for n in ns if specific(n) and seen[n] == 1
                     and sum(n in x for j, x in enumerate(texts) if j != i) <= most_texts)
        if keep:
            out[c.id] = keep
    return out

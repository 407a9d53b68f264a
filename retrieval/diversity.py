"""Diversity of the first results: near-duplicate clauses of different documents do not fill the top five.

A city's or province's corpus holds many near-copies of one text (a district re-issuing the city's
measures, one city adopting another's). Without a named region they score alike and would fill the
first results with one clause five times. A near-duplicate is a clause of another document whose
character bigrams (digits and spaces dropped, so renumbered copies still match) overlap an earlier
result's by at least DUPLICATE_JACCARD; beyond DUPLICATE_LIMIT per group in the first DIVERSE_TOP
results it waits until after them. Clauses of one document are never grouped: its structure is
the author's, and at 1× no two documents' clauses come near the threshold (highest pair 0.41), so
the real corpus ranks exactly as before.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

DUPLICATE_JACCARD = 0.6  # measured: synthetic copies ≥ 0.65 (99 % ≥ 0.86); distinct clauses of two documents ≤ 0.41 at 1×
DUPLICATE_LIMIT = 1  # near-duplicates of one group among the first DIVERSE_TOP
DIVERSE_TOP = 5  # the citations an answer shows (the API's default top_k)
_DROP = re.compile(r"[\s\d]")


def bigrams(text: str) -> np.ndarray:
    """Sorted unique character bigrams of ``text`` as integers (one array per clause, not a set of strings)."""
    codes = np.frombuffer(_DROP.sub("", text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < 2:
        return np.zeros(0, np.uint64)
    return np.unique((codes[:-1] << np.uint64(21)) | codes[1:])


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Overlap of two bigram arrays (0 when both are empty)."""
    union = len(a) + len(b)
    if not union:
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (union - common)


class Diversifier:
    """Reorders ranked clause rows so near-duplicates of other documents do not crowd the first results."""

    def __init__(self, text_of: Callable[[int], str], doc_of: Sequence[int] | np.ndarray,
                 threshold: float = DUPLICATE_JACCARD, limit: int = DUPLICATE_LIMIT, top: int = DIVERSE_TOP) -> None:
        self.doc_of, self.threshold, self.limit, self.top = doc_of, threshold, limit, top
        self._grams = lru_cache(maxsize=4096)(lambda row: bigrams(text_of(row)))

    def duplicates(self, row: int, kept: list[int]) -> int:
        """How many kept rows of other documents ``row`` nearly duplicates."""
        return sum(1 for k in kept if self.doc_of[k] != self.doc_of[row]
                   and jaccard(self._grams(row), self._grams(k)) >= self.threshold)

    def order(self, rows: Sequence[int]) -> list[int]:
        """Positions into ``rows`` (clause rows, best first): each near-duplicate beyond the limit moved just
        after the first ``top``; when too few others remain, the moved ones fill the places left, in order."""
        kept: list[int] = []
        waiting: list[int] = []
        for i, row in enumerate(rows):
            if len(kept) == self.top:
                return kept + waiting + list(range(i, len(rows)))
            (waiting if self.duplicates(int(row), [int(rows[k]) for k in kept]) >= self.limit else kept).append(i)
        return kept + waiting

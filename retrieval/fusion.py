"""Weighted reciprocal-rank fusion: one pure function, so the ranking rule is tested on its own.

Each signal contributes ``weight / (k + rank)`` for every item (rank 1 = its best). Ties are ranked
in the items' original order (stable sort): a signal that scores everything 0 (a question with no
indexed word) still hands out its contributions by position, favouring earlier items slightly.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


def rrf(signals: Sequence[tuple[np.ndarray, float]], k: int) -> np.ndarray:
    """Fused score per item from ``(scores, weight)`` pairs, all of the same length."""
    if not signals:
        return np.zeros(0)
    n = len(signals[0][0])
    fused = np.zeros(n)
    contribution = 1.0 / (k + 1 + np.arange(n))
    for scores, weight in signals:
        fused[np.argsort(-np.asarray(scores), kind="stable")] += weight * contribution
    return fused


def linear(sparse: np.ndarray, dense: np.ndarray, dense_weight: float) -> np.ndarray:
    """Score fusion: BM25 scaled to its best clause (1.0) plus the dense cosine as a z-score / 4.

    Keeps the magnitudes RRF throws away: a clause far ahead on BM25 stays ahead unless the dense
    signal disagrees strongly. Chosen over RRF on the bank's train split (R@1 0.79 against 0.70).
    """
    stats = Scale(float(np.max(sparse)) if len(sparse) else 0.0,
                  float(np.mean(dense)) if len(dense) else 0.0, float(np.std(dense)) if len(dense) else 0.0)
    return linear_scaled(sparse, dense, dense_weight, stats)


@dataclass(frozen=True)
class Scale:
    """What `linear` normalises by: the best BM25 score and the dense cosines' mean and spread over the corpus.

    Kept apart so the candidates of a top-k search are scored exactly as the whole corpus would score them.
    """

    sparse_top: float
    dense_mean: float
    dense_spread: float


def linear_scaled(sparse: np.ndarray, dense: np.ndarray, dense_weight: float, scale: Scale) -> np.ndarray:
    """`linear` for a subset of the clauses, normalised by the whole corpus's ``scale``."""
    sparse = np.asarray(sparse, dtype=np.float64)
    out = sparse / scale.sparse_top if scale.sparse_top > 0 else np.zeros(len(sparse))
    if scale.dense_spread > 0:
        out = out + dense_weight * (np.asarray(dense, dtype=np.float64) - scale.dense_mean) / (4 * scale.dense_spread)
    return out

"""Weighted reciprocal-rank fusion: one pure function, so the ranking rule is tested on its own.

Each signal contributes ``weight / (k + rank)`` for every item (rank 1 = its best). Ties are ranked
in the items' original order (stable sort): a signal that scores everything 0 (a question with no
indexed word) still hands out its contributions by position, favouring earlier items slightly.
"""
from __future__ import annotations

from collections.abc import Sequence

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

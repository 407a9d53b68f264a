"""Weighted reciprocal-rank fusion against scores computed by hand."""
from __future__ import annotations

import numpy as np
import pytest

from retrieval.fusion import rrf


def test_hand_computed_reference():
    # a ranks items 0, 2, 1 (scores 3 > 2 > 1); b ranks 1, 2, 0 (5 = 5 tie kept in item order, then 0).
    a = np.array([3.0, 1.0, 2.0])
    b = np.array([0.0, 5.0, 5.0])
    k = 60
    want = [1 / 61 + 0.5 / 63,   # item 0: 1st in a, 3rd in b
            1 / 63 + 0.5 / 61,   # item 1: 3rd in a, 1st in b
            1 / 62 + 0.5 / 62]   # item 2: 2nd in both
    np.testing.assert_allclose(rrf([(a, 1.0), (b, 0.5)], k), want, rtol=0, atol=1e-15)


def test_k_shifts_every_rank():
    scores = np.array([0.1, 0.9])
    np.testing.assert_allclose(rrf([(scores, 1.0)], 0), [1 / 2, 1 / 1])
    np.testing.assert_allclose(rrf([(scores, 1.0)], 10), [1 / 12, 1 / 11])


def test_ties_keep_the_original_order():
    """Equal scores are ranked in item order (stable sort), whatever the sort algorithm's default."""
    scores = np.array([1.0, 2.0, 2.0, 2.0, 0.0])
    fused = rrf([(scores, 1.0)], 60)
    np.testing.assert_allclose(fused, [1 / 64, 1 / 61, 1 / 62, 1 / 63, 1 / 65])
    assert list(np.argsort(-fused, kind="stable")) == [1, 2, 3, 0, 4]
    many = np.zeros(200)  # long enough for numpy's default (unstable) quicksort to reorder ties
    np.testing.assert_allclose(rrf([(many, 1.0)], 60), 1 / (61 + np.arange(200)))


def test_weights_scale_each_signal():
    a = np.array([1.0, 0.0])
    b = np.array([0.0, 1.0])
    np.testing.assert_allclose(rrf([(a, 2.0)], 60), 2 * rrf([(a, 1.0)], 60))
    # equal weights: a mirror-image pair of signals fuses to a tie; a heavier signal wins it
    even = rrf([(a, 1.0), (b, 1.0)], 60)
    assert even[0] == pytest.approx(even[1])
    assert np.argmax(rrf([(a, 1.0), (b, 1.5)], 60)) == 1
    assert np.argmax(rrf([(a, 1.5), (b, 1.0)], 60)) == 0
    np.testing.assert_allclose(rrf([(a, 0.0), (b, 1.0)], 60), rrf([(b, 1.0)], 60))  # weight 0 = signal ignored


def test_only_ranks_matter_not_score_scale():
    a = np.array([0.2, 0.9, 0.5])
    np.testing.assert_array_equal(rrf([(a, 1.0)], 60), rrf([(a * 1000 - 7, 1.0)], 60))
    np.testing.assert_array_equal(rrf([(list(a), 1.0)], 60), rrf([(a, 1.0)], 60))  # plain lists too


def test_no_signals():
    assert rrf([], 60).shape == (0,)


def test_linear_fusion_keeps_bm25_magnitudes_and_adds_dense_as_z() -> None:
    from retrieval.fusion import linear

    sparse = np.array([10.0, 5.0, 0.0])
    dense = np.array([0.80, 0.90, 0.70])
    fused = linear(sparse, dense, 0.3)
    z = (dense - dense.mean()) / (4 * dense.std())
    np.testing.assert_allclose(fused, sparse / 10.0 + 0.3 * z)
    assert list(np.argsort(-fused)) == [0, 1, 2]
    np.testing.assert_allclose(linear(np.zeros(3), dense, 1.0), z)  # dense alone
    np.testing.assert_allclose(linear(sparse, np.full(3, 0.5), 0.3), sparse / 10.0)  # no dense spread

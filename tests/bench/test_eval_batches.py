"""bench/eval.py reports the code-blind batch apart from the older items of a set."""
from __future__ import annotations

from bench.eval import _by_batch
from bench.scoring import Run

ITEMS = [{"id": "q6-0001", "clause_ids": ["a"]}, {"id": "sh-0001", "clause_ids": ["b"]}]
OOS = [{"id": "un6-0001"}, {"id": "un-0001"}]


def test_each_batch_is_scored_on_its_own_items():
    runs_in = [Run(["a"], ["x"], True), Run(["c"], ["y"], False)]
    runs_out = [Run([], [], False), Run([], [], True)]
    got = _by_batch(ITEMS, OOS, runs_in, runs_out, {})
    blind, older = got["  of which code-blind batch q6"], got["  of which older items"]
    assert (blind["n"], blind["R@1"], blind["answered"], blind["refused_oos"]) == (1, 1.0, 1.0, 1.0)
    assert (older["n"], older["R@1"], older["answered"], older["refused_oos"]) == (1, 0.0, 0.0, 0.0)


def test_a_set_of_one_batch_gets_no_breakdown():
    assert _by_batch(ITEMS[1:], OOS[1:], [Run(["b"], ["x"], True)], [Run([], [], False)], {}) == {}

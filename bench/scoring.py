"""Pure scoring of ranked answers: Recall@k, MRR, answered / refused rates, calibration tables.

An item is answered by a cited clause when it is one of its labelled `clause_ids` (the question bank)
or, for the anchored sets (../shared/eval, bench/questions/own_*), when the clause text contains the
`anchor` or an alt anchor (whitespace removed, so cleaned line breaks do not matter).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Run:
    """What one question got: the cited clause ids and texts in rank order, and the decision."""

    clause_ids: list[str]
    texts: list[str]
    confident: bool
    p_answer: float | None = None


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def anchors(item: dict) -> list[str]:
    out = [_squash(item["anchor"])]
    out += [_squash(a.split(":", 1)[1]) for a in item.get("alt_anchors", [])]
    return out


def shares_run(text: str, target: str, n: int = 15) -> bool:
    """A chunk 'is' a clause when they share an n-character run (chunk baselines have no clause ids)."""
    a, b = _squash(text), _squash(target)
    if len(b) <= n:
        return b in a
    return any(b[i:i + n] in a for i in range(0, len(b) - n + 1, 3))


def hit_rank(run: Run, item: dict, clause_texts: dict[str, str] | None = None) -> int | None:
    """1-based rank of the first citation that answers the item, else None."""
    if "clause_ids" in item:
        wanted = set(item["clause_ids"])
        for rank, (cid, text) in enumerate(zip(run.clause_ids, run.texts), 1):
            if cid in wanted or (not cid and clause_texts and any(shares_run(text, clause_texts[w]) for w in wanted)):
                return rank
        return None
    keys = anchors(item)
    for rank, text in enumerate(run.texts, 1):
        if any(k in _squash(text) for k in keys):
            return rank
    return None


def score(runs_in: list[Run], items: list[dict], runs_out: list[Run],
          clause_texts: dict[str, str] | None = None) -> dict:
    """R@1, R@5, MRR and the answered rate on answerable items; the refused rate on the others."""
    ranks = [hit_rank(r, i, clause_texts) for r, i in zip(runs_in, items)]
    mean = lambda xs: float(np.mean(xs)) if len(xs) else float("nan")  # noqa: E731
    return {
        "n": len(items), "n_out": len(runs_out),
        "R@1": mean([r == 1 for r in ranks]), "R@5": mean([r is not None and r <= 5 for r in ranks]),
        "MRR": mean([1 / r if r else 0 for r in ranks]),
        "answered": mean([r.confident for r in runs_in]), "refused_oos": mean([not r.confident for r in runs_out]),
        "misses": [i["id"] for i, r in zip(items, ranks) if r != 1],
    }


def reliability(p: list[float], y: list[bool], bins: int = 5) -> list[dict]:
    """Calibration table: per probability bin, how many questions and how many truly answerable."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        idx = [i for i, v in enumerate(p) if lo <= v < hi or (hi == 1.0 and v == 1.0)]
        if idx:
            rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "n": len(idx), "mean_p": float(np.mean([p[i] for i in idx])),
                         "answerable": float(np.mean([y[i] for i in idx]))})
    return rows


def pr_curve(p: list[float], y: list[bool], thresholds: tuple[float, ...] = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)) -> list[dict]:
    """At each threshold: answered share of answerable, refused share of unanswerable, answer precision."""
    out = []
    for t in thresholds:
        answered = [v >= t for v in p]
        tp = sum(a and yy for a, yy in zip(answered, y))
        out.append({"threshold": t, "answerable_answered": tp / max(1, sum(y)),
                    "unanswerable_refused": sum((not a) and (not yy) for a, yy in zip(answered, y)) / max(1, len(y) - sum(y)),
                    "answer_precision": tp / max(1, sum(answered))})
    return out

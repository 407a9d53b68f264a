"""Read a character n-gram logistic regression kept as a table (fitted by tools/ngram_tables.py): the score of a text
is the intercept plus the weights of the n-grams it contains. Read once per file; no scikit-learn at run time."""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

_SPACES = re.compile(r"\s\s+")


@lru_cache(maxsize=4)
def load(path: Path, make: str) -> dict:
    """The table at `path`; a missing one says which make target writes it."""
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run `make {make}`")
    return json.loads(path.read_text(encoding="utf-8"))


def grams(text: str, low: int, high: int) -> set[str]:
    """The text's character n-grams as scikit-learn's char analyzer makes them (lower case, runs of space as one)."""
    text = _SPACES.sub(" ", text.lower())
    return {text[i:i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)}


def score(weights: dict[str, float], intercept: float, found: set[str]) -> float:
    return intercept + sum(weights.get(g, 0.0) for g in found)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exp = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}

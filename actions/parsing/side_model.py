"""Whether a reply asks or remarks on the rules rather than answering the step: the side-question model
(knowledge/models/side_questions.json, fitted by tools/train_side_questions.py on the phrasing bank's dev half).

The hand-written readers in questions.py know the question words and guesses the team has seen; the model scores
every character 1–3-gram of the reply, so a way of asking nobody listed (「新成立的有三年扶持期这个说法」) still counts.
Read once; a plain table lookup, so the action server needs no scikit-learn at run time.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "knowledge" / "models" / "side_questions.json"
_SPACES = re.compile(r"\s\s+")


@lru_cache(maxsize=1)
def _model() -> dict:
    if not MODEL.exists():
        raise FileNotFoundError(f"{MODEL} missing: run `make side-questions` (python -m tools.train_side_questions)")
    return json.loads(MODEL.read_text(encoding="utf-8"))


def _grams(text: str, low: int, high: int) -> set[str]:
    """The reply's character n-grams as scikit-learn's char analyzer makes them (lower case, runs of space as one)."""
    text = _SPACES.sub(" ", text.lower())
    return {text[i:i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)}


def probability(text: str) -> float:
    """P(the reply is a side question) under the fitted model."""
    model = _model()
    weights = model["weights"]
    score = model["intercept"] + sum(weights.get(g, 0.0) for g in _grams(text or "", *model["ngram_range"]))
    return 1.0 / (1.0 + math.exp(-score))


def asks(text: str) -> bool:
    """A reply no step could read that the model takes for a side question."""
    return probability(text) >= _model()["threshold"]


def surely_asks(text: str) -> bool:
    """A reply the model is sure asks, even where a free-text step could read a value in it."""
    return probability(text) >= _model()["sure"]

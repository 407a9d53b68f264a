"""Whether a reply asks or remarks on the rules rather than answering the step: the side-question model
(knowledge/models/side_questions.json, fitted by tools/train_side_questions.py on the phrasing bank's dev half).

The hand-written readers in questions.py know the question words and guesses the team has seen; the model scores
every character 1–3-gram of the reply, so a way of asking nobody listed (「新成立的有三年扶持期这个说法」) still counts.
"""
from __future__ import annotations

from pathlib import Path

from actions.parsing import ngram_table

MODEL = Path(__file__).resolve().parents[2] / "knowledge" / "models" / "side_questions.json"


def _model() -> dict:
    return ngram_table.load(MODEL, "side-questions")


def probability(text: str) -> float:
    """P(the reply is a side question) under the fitted model."""
    model = _model()
    found = ngram_table.grams(text or "", *model["ngram_range"])
    return ngram_table.sigmoid(ngram_table.score(model["weights"], model["intercept"], found))


def asks(text: str) -> bool:
    """A reply no step could read that the model takes for a side question."""
    return probability(text) >= _model()["threshold"]


def surely_asks(text: str) -> bool:
    """A reply the model is sure asks, even where a free-text step could read a value in it."""
    return probability(text) >= _model()["sure"]

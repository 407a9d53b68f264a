"""Which flow a message that starts one asks for, by the opening-flow model (knowledge/models/opening_flows.json,
fitted by tools/train_opening_flows.py on every opening the project keeps outside the sealed and held-out sets).

actions/opening.flow_of asks it where none of the flows' own words decides, instead of the NLU classifier's start
intent: the model has read some eight hundred openings, the classifier's start intents a few dozen each.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from actions.parsing import ngram_table
from actions.parsing.text import normalize_reply

MODEL = Path(__file__).resolve().parents[2] / "knowledge" / "models" / "opening_flows.json"


def probabilities(text: str) -> dict[str, float]:
    """P(flow | the message) for each of the three flows."""
    model = ngram_table.load(MODEL, "opening-flows")
    found = ngram_table.grams(normalize_reply(text or ""), *model["ngram_range"])
    return ngram_table.softmax({flow: ngram_table.score(model["weights"][flow], model["intercepts"][flow], found)
                                for flow in model["classes"]})


def likely_flow(text: str) -> Optional[str]:
    """The model's flow when it is at least as sure as its threshold, else None."""
    probs = probabilities(text)
    flow = max(probs, key=probs.get)
    return flow if probs[flow] >= ngram_table.load(MODEL, "opening-flows")["threshold"] else None

"""Fit a logistic regression over a text's character 1–3-grams and keep it as a plain table (n-gram → weight), so the
action server reads it without scikit-learn (actions/parsing/ngram_table.py). Shared by the side-question model
(tools/train_side_questions.py) and the opening-flow model (tools/train_opening_flows.py).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np

NGRAM_RANGE = (1, 3)


def fit_table(texts: Sequence[str], labels: Sequence, c: float, min_df: int, prune: float) -> dict:
    """Binary labels (0/1): {"intercept", "weights"}; several classes: {"classes", "intercepts", "weights": {class:
    table}} (multinomial, read with a softmax). Weights are rounded and those smaller than `prune` left out."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = CountVectorizer(analyzer="char", ngram_range=NGRAM_RANGE, binary=True, min_df=min_df, lowercase=True)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, np.asarray(labels))
    grams = vec.get_feature_names_out()

    def table(coef: np.ndarray) -> dict[str, float]:
        return dict(sorted((g, round(float(w), 3)) for g, w in zip(grams, coef) if abs(w) >= prune))

    if len(clf.classes_) == 2 and set(clf.classes_) <= {0, 1}:
        return {"ngram_range": list(NGRAM_RANGE), "intercept": round(float(clf.intercept_[0]), 4),
                "weights": table(clf.coef_[0])}
    classes = [str(c) for c in clf.classes_]
    return {"ngram_range": list(NGRAM_RANGE), "classes": classes,
            "intercepts": {c: round(float(b), 4) for c, b in zip(classes, clf.intercept_)},
            "weights": {c: table(coef) for c, coef in zip(classes, clf.coef_)}}


def data_hash(paths: Sequence[Path]) -> str:
    """A short hash of the training files (name and bytes), so a test can tell the table is stale."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]

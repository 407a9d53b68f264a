"""The answerability model: committed coefficients, refit reproducibly from the bank, calibrated."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from answering.answerability import FEATURES, MODEL_FILE, AnswerabilityModel, asks_about_document, is_front_matter
from corpus.clauses import load_clauses
from corpus.documents import DEFAULT_KNOWLEDGE_DIR
from tools import train_answerability

pytestmark = pytest.mark.slow


def test_the_committed_model_loads_and_names_its_features() -> None:
    model = AnswerabilityModel.load()
    assert model.names == FEATURES and 0 < model.threshold < 1 and 0 < model.faq_threshold < 1
    assert model.meta["dev_unanswerable_refused"] >= train_answerability.TARGET_REFUSED


def test_the_committed_model_was_fitted_on_the_current_bank() -> None:
    assert AnswerabilityModel.load().meta["bank_hash"] == train_answerability.data_hash(), \
        "the question bank changed: refit with `make answerability` and commit knowledge/models/answerability.json"


def test_refitting_reproduces_the_committed_model(tmp_path: Path) -> None:
    out = tmp_path / "answerability.json"
    train_answerability.main(["--out", str(out)])
    fresh, committed = json.loads(out.read_text()), json.loads((DEFAULT_KNOWLEDGE_DIR / MODEL_FILE).read_text())
    assert (fresh["threshold"], fresh["faq_threshold"]) == (committed["threshold"], committed["faq_threshold"])
    assert fresh["coef"] == pytest.approx(committed["coef"], abs=1e-6), \
        "features or ranking changed since the model was fitted: run `make answerability` and commit the result"


def test_a_missing_model_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make answerability"):
        AnswerabilityModel.load(tmp_path)


def test_front_matter_answers_only_questions_about_the_document() -> None:
    clauses = load_clauses()
    assert is_front_matter(clauses["sh-mca-2024-1/通知"]) and is_front_matter(clauses["cn-2022/序言"])
    assert not is_front_matter(clauses["sh-mca-2024-1/第七条"])
    assert asks_about_document("这个若干举措是根据什么精神制定的？")
    assert not asks_about_document("群众活动团队怎么备案？")

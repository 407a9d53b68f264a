"""The answerability model: committed coefficients, refit reproducibly from the bank, calibrated."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from answering.answerability import (FEATURES, MODEL_FILE, AnswerabilityModel, asks_about_document, is_front_matter,
                                     names_programme)
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


@pytest.mark.parametrize("question, clause_id", [
    ("那安家工程是啥", "cn-2022/四/（一）/5"),                       # 「实施社区社会组织“安家”工程」
    ("另外那个真爱到家平台是什么", "wz-2021-122/二/（三）/1"),        # 「“真爱到家·救助服务联合体”」
    ("那十佳公益基地是怎么回事", "cn-wushe-2023/三/（二）/4"),
    ("长宁说的“福彩进社区”是什么", "cn-wushe-2023/三/（二）/5"),
    ("条抓块统是啥机制呀", "wz-2021-122/二/（二）/2"),
])
def test_a_programme_the_documents_quote_is_said_by_the_clause_quoting_it(question: str, clause_id: str) -> None:
    assert names_programme(question, load_clauses()[clause_id])


@pytest.mark.parametrize("question, clause_id", [
    ("“公益伙伴日”是哪一天？", "cn-2022/五/（三）"),                # which day: the text names it, never dates it
    ("长宁公益微创投是啥 今年啥时候报名", "cn-2022/四/（一）/5"),     # asks when, after the what
    ("五社联动的资金是什么", "cn-wushe-2023/一"),                    # the money of it, not what it is
    ("安家工程是什么级别", "cn-2022/四/（一）/5"),                   # which grade of it, not what it is
    ("那乡贤参事会是啥", "wz-2021-122/二/（三）/2"),                  # written without quotes: the model decides
])
def test_what_is_not_a_question_about_a_quoted_programme(question: str, clause_id: str) -> None:
    assert not names_programme(question, load_clauses()[clause_id])

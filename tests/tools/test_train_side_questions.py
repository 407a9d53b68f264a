"""The side-question model: refitting the committed bank reproduces the committed table, the action server's
table lookup gives scikit-learn's probabilities, and it tells the bank's kinds of reply apart."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from actions.parsing import ngram_table, side_model
from tools import train_side_questions as trainer


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(side_model.MODEL.read_text(encoding="utf-8"))


def test_refitting_reproduces_the_committed_model(tmp_path: Path, committed: dict) -> None:
    out = tmp_path / "side_questions.json"
    trainer.main(["--out", str(out)])
    fresh = json.loads(out.read_text(encoding="utf-8"))
    assert fresh["meta"]["bank_hash"] == committed["meta"]["bank_hash"], \
        "the phrasing bank changed since the model was fitted: run `make side-questions` and commit the result"
    assert fresh["intercept"] == pytest.approx(committed["intercept"], abs=1e-3)
    assert fresh["weights"].keys() == committed["weights"].keys()


def test_the_table_lookup_gives_what_scikit_learn_gives() -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    texts = ["3A以上才有资格吧", "夕阳红广场舞队", "我们  在 长宁区", "新成立的有三年扶持期这个说法", "ＡＢＣ队"]
    vec = CountVectorizer(analyzer="char", ngram_range=(1, 3), binary=True, lowercase=True).fit(texts)
    for text in texts:
        assert ngram_table.grams(text, 1, 3) == set(vec.build_analyzer()(text))


@pytest.mark.parametrize("text,asks", [
    ("新成立的有三年扶持期这个说法", True), ("街道会派社工来帮我们吗", True), ("场地是街道统一安排的吧", True),
    ("夕阳红广场舞队", False), ("长宁区新华路街道", False), ("13812345678", False), ("番禺居委会", False), ("二十来个人", False),
])
def test_it_tells_a_side_question_from_an_answer(text: str, asks: bool) -> None:
    assert side_model.asks(text) == asks


def test_a_missing_model_says_how_to_make_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(side_model, "MODEL", tmp_path / "none.json")
    with pytest.raises(FileNotFoundError, match="make side-questions"):
        side_model.probability("你好")

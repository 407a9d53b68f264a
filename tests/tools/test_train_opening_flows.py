"""The opening-flow model: refitting the committed data reproduces the committed table, the action server's table
lookup gives scikit-learn's probabilities, and it reads openings in words the flows' own word lists do not hold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from actions.parsing import flow_model
from tools import train_opening_flows as trainer


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(flow_model.MODEL.read_text(encoding="utf-8"))


def test_refitting_reproduces_the_committed_model(tmp_path: Path, committed: dict) -> None:
    out = tmp_path / "opening_flows.json"
    trainer.main(["--out", str(out)])
    fresh = json.loads(out.read_text(encoding="utf-8"))
    assert fresh["meta"]["data_hash"] == committed["meta"]["data_hash"], \
        "the bank, the opening paraphrases or the NLU data changed since the model was fitted: run `make opening-flows`"
    assert fresh["classes"] == committed["classes"] == ["deregistration", "eligibility", "filing"]
    for flow in fresh["classes"]:
        assert fresh["intercepts"][flow] == pytest.approx(committed["intercepts"][flow], abs=1e-3)
        assert fresh["weights"][flow].keys() == committed["weights"][flow].keys()


def test_the_table_lookup_gives_what_scikit_learn_gives() -> None:
    """The same fit through scikit-learn and through the table: the pruned table moves a probability by little."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = trainer.examples()
    vec = CountVectorizer(analyzer="char", ngram_range=(1, 3), binary=True, min_df=trainer.MIN_DF, lowercase=True)
    clf = LogisticRegression(C=trainer.C, max_iter=5000, class_weight="balanced").fit(vec.fit_transform(texts), labels)
    for text in ["我们跳舞的想让街道知道有我们这个队", "队伍散伙了跟谁说一声", "搞活动没钱能不能找政府", "备案"]:
        want = dict(zip(clf.classes_, clf.predict_proba(vec.transform([text]))[0]))
        got = flow_model.probabilities(text)
        assert got == pytest.approx(want, abs=0.05), text


@pytest.mark.parametrize("text,flow", [
    ("我们几个老姐妹唱沪剧的，想让街道晓得有我们这个队", "filing"), ("队伍散伙了要跟谁说一声", "deregistration"),
    ("活动没钱了能不能找政府帮帮忙", "eligibility"), ("我们乐队缺乐器，想申请点", "eligibility"),
])
def test_it_reads_an_opening_without_the_flows_words(text: str, flow: str) -> None:
    assert flow_model.likely_flow(text) == flow


def test_a_missing_model_says_how_to_make_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(flow_model, "MODEL", tmp_path / "none.json")
    with pytest.raises(FileNotFoundError, match="make opening-flows"):
        flow_model.probabilities("你好")

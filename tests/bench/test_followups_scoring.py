"""bench/followups.met: what a second answer must do to meet a follow-up item."""
from __future__ import annotations

import pytest

from bench.followups import met
from corpus.documents import load_documents

DOCS = load_documents()


def _reply(answer: str, doc_id: str = "bj-2022") -> dict:
    return {"answer": answer, "confident": True, "source": "metadata",
            "citations": [{"clause_id": f"{doc_id}/通知", "doc_id": doc_id}]}


@pytest.mark.parametrize("about,answer,ok", [
    ("date", "《关于促进社会组织参与社区治理的意见》由中共北京市委社会工作委员会、北京市民政局于2022年11月24日印发。", True),
    ("date", "《关于促进社会组织参与社区治理的意见》没有文号。", False),
    ("title", "全称是《关于促进社会组织参与社区治理的意见》。", True),
    ("title", "由北京市民政局印发。", False),
    ("issuer", "由中共北京市委社会工作委员会、北京市民政局印发。", True),
    ("doc_number", "《关于促进社会组织参与社区治理的意见》没有文号。", True),
])
def test_a_document_fact_is_met_by_that_fact(about: str, answer: str, ok: bool) -> None:
    """「哪年出的」 is met by the year, 「全称」 by the title; only 「文号」 by the 文号 (or its absence)."""
    assert DOCS["bj-2022"].doc_number is None
    assert met({"doc_id": "bj-2022", "about": about}, _reply(answer), DOCS) is ok

"""What a code-blind batch (q15) found in its train/dev halves: a document's start asked as 「哪天开始实施的」 and
its issue day as 「几号发的」 were read as substantive questions."""
from __future__ import annotations

import pytest

from answering.document_questions import fact_asked
from answering.followup import Context
from answering.pipeline import Assistant
from answering.refusal import asks_validity


@pytest.mark.parametrize("turn, fact", [
    ("这文件哪天开始实施的", "validity"), ("什么时候起执行的", "validity"), ("从哪天开始执行的", "validity"),
    ("几号发的", "date"), ("这个是几号印的", "date"),
    ("实施步骤是啥", None), ("具体怎么实施", None),
    ("津贴一般几号发的", None), ("那补贴几号发的", None),  # the day money is paid, not the document's
    ("示范创建什么时候开始实施", None), ("房租补贴什么时候起执行", None),  # a stage's or a subsidy's start
    ("给我们队起个好听的名字呗", None), ("帮忙取个名字", None), ("这个方案叫什么名字", "title"), ("文件名字是啥", "title"),
])
def test_which_document_fact_a_turn_asks(turn: str, fact: str | None) -> None:
    assert fact_asked(turn) == fact


def test_the_start_of_a_document_is_a_validity_question_and_its_steps_are_not() -> None:
    assert asks_validity("长宁那个实施意见哪天开始实施的")
    assert not asks_validity("五社联动的实施步骤是什么")


@pytest.mark.parametrize("first, turn, doc_id, says", [
    ("长宁规范化评估要提高3A以上占比？", "这文件哪天开始实施的", "cn-2022", "2022年1月30日起施行"),
    ("长宁五社联动打造示范是几月", "几号发的", "cn-wushe-2023", "2023年"),
])
def test_a_document_fact_after_an_answer_is_told_from_its_metadata(assistant: Assistant, first: str, turn: str,
                                                                   doc_id: str, says: str) -> None:
    answer = assistant.ask(turn, context=Context.from_dict(assistant.ask(first).context))
    assert answer.source == "metadata" and answer.hits[0].doc.id == doc_id and says in answer.answer, answer.answer


def test_a_person_from_elsewhere_is_no_place_to_ask_back_about(assistant: Assistant) -> None:
    """「外地户口的人」 speaks of members, not of a place whose documents are meant (「外地呢」 is asked back)."""
    context = Context.from_dict(assistant.ask("社区社会组织可以享受哪些补贴和奖励？").context)
    assert assistant.ask("队里有外地户口的人不要紧吧", context=context).source != "clarify"
    assert assistant.ask("外地呢", context=context).source == "clarify"

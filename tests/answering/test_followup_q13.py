"""What a code-blind batch (q13) found: a short topic turn answered by the outline that only names its part
(「包括：1.…；3.加强人才队伍建设」), a greeting taken for a question about a document, 「哪天发的」 not read as the
date, and a document fact of a place no document covers answered from another place's metadata."""
from __future__ import annotations

import pytest

from answering.compose import by_metadata, front_matter_last
from answering.document_questions import fact_asked
from answering.followup import Context
from answering.turns import CHATTER
from answering.pipeline import Assistant
from answering.positions import numbered_clause, part_titled, relative_clause, spelled_refs
from corpus.clauses import load_clauses

CLAUSES = load_clauses()


def test_an_outline_is_a_bare_heading_that_lists_its_parts() -> None:
    assert CLAUSES["wz-2021-122/二/（二）"].is_outline()  # 加大培育力度 包括：1.…；2.…；3.加强人才队伍建设
    assert CLAUSES["bj-2022/三"].is_outline()
    assert not CLAUSES["wz-2021-122/二/（二）/3"].is_outline()
    assert not CLAUSES["cn-2022/二/（一）"].is_outline()


@pytest.mark.parametrize("outline,terms,part", [
    ("wz-2021-122/二/（二）", ["人才"], "wz-2021-122/二/（二）/3"),
    ("bj-2022/三", ["和谐", "社区"], "bj-2022/三/（三）"),
    ("bj-2022/三", ["社区"], None),  # every part's title says 社区: none is named
    ("wz-2021-122/二/（二）/3", ["人才"], None),  # not an outline
])
def test_the_part_an_outline_names_by_its_title(outline: str, terms: list[str], part: str | None) -> None:
    found = part_titled(CLAUSES[outline], terms, CLAUSES)
    assert (found.id if found else None) == part


@pytest.mark.slow
@pytest.mark.parametrize("first,turn,clause_id", [
    ("温州方案里平台建设咋说", "那人才呢", "wz-2021-122/二/（二）/3"),
    ("北京意见公益社区建设", "和谐社区呢", "bj-2022/三/（三）"),
    ("长宁实施意见里民主协商", "居民评价呢", "cn-2022/四/（七）/17"),
    ("温州方案救助行动", "文化的呢", "wz-2021-122/二/（三）/4"),
])
def test_a_topic_turn_is_answered_by_the_part_not_the_outline(assistant: Assistant, first: str, turn: str,
                                                              clause_id: str) -> None:
    context = Context.from_dict(assistant.ask(first).context)
    answer = assistant.ask(turn, context=context)
    assert answer.confident and answer.hits[0].clause.id == clause_id, [h.clause.id for h in answer.hits[:3]]


@pytest.mark.slow
@pytest.mark.parametrize("greeting", ["你好", "在吗", "您好！"])
def test_after_a_greeting_a_document_question_is_asked_back(assistant: Assistant, greeting: str) -> None:
    context = Context.from_dict(assistant.ask(greeting).context)
    assert context.doc_ids == ()
    assert assistant.ask("那个文件的文号是多少", context=context).source == "clarify"


@pytest.mark.parametrize("turn", ["哪天发的", "几月几号发的呀", "哪一天印的"])
def test_the_day_a_document_was_issued_is_its_date(turn: str) -> None:
    assert fact_asked(turn) == "date"


@pytest.mark.slow
@pytest.mark.parametrize("question", ["河北省社会组织参与社区治理的意见是谁发的", "台州社区社会组织培优方案的文号是多少？",
                                      "徐汇区社区社会组织实施意见什么时候施行？"])
def test_a_document_of_a_place_no_document_covers_is_not_answered_from_anothers_metadata(
        assistant: Assistant, question: str) -> None:
    assert not assistant.ask(question).confident


@pytest.mark.slow
@pytest.mark.parametrize("question,source", [("长宁那个实施意见啥时候到期啊", "metadata"),
                                             ("五社联动那个方案 是谁发的呀", "clauses")])
def test_the_fit_sees_the_metadata_answers_compose_gives(assistant: Assistant, question: str, source: str) -> None:
    """tools/train_answerability decides these questions as compose does: answered before the model is asked."""
    hits = front_matter_last(question, assistant.retriever.rank(question))[:5]
    assert by_metadata(question, hits, assistant.retriever.all_clauses) is True
    answer = assistant.ask(question)
    assert answer.confident and answer.source == source and answer.answerability == 1.0


@pytest.mark.parametrize("turn,cited,clause_id", [
    ("这部分最后一条呢", "bj-2022/四/（三）", "bj-2022/四/（四）"),  # the last of this part, not of the document
    ("最后一条呢", "bj-2022/四/（三）", "bj-2022/五"),
    ("这一块最后那条讲啥", "cn-2022/四/（三）/9", "cn-2022/四/（三）/10"),
])
def test_the_last_clause_of_this_part(turn: str, cited: str, clause_id: str) -> None:
    assert relative_clause(turn, cited, CLAUSES).id == clause_id


@pytest.mark.parametrize("turn,cited,clause_id", [
    ("第三点呢", "wz-2021-122/附件/枢纽作用", "wz-2021-122/附件/枢纽作用"),  # 评分要点：1.…2.…3.… inside it
    ("第三点呢", "wz-2021-122/二/（二）", "wz-2021-122/二/（二）/3"),  # an outline: its third part
])
def test_a_point_inside_the_clause_just_cited(turn: str, cited: str, clause_id: str) -> None:
    found = numbered_clause(spelled_refs(turn), cited.split("/")[0], cited, CLAUSES)
    assert found is not None and found.id == clause_id


@pytest.mark.parametrize("turn", ["补贴每个月几号发", "评估结果几号出", "备案证哪天发", "结果哪天出"])
def test_a_day_something_else_is_given_is_no_document_date(turn: str) -> None:
    assert fact_asked(turn) is None


@pytest.mark.parametrize("turn", ["好的", "嗯嗯", "ok"])
def test_an_acknowledgement_is_no_greeting(turn: str) -> None:
    assert not CHATTER.match(turn)


@pytest.mark.slow
@pytest.mark.parametrize("first,turn,clause_id", [
    ("温州把社区社会组织分成哪几种类型？", "那长宁呢", "cn-2022/四/（一）/2"),  # not 四、（一）, which lists 1.–6.
    ("温州要把社区社会组织工作纳入政府考核吗", "长宁呢", "cn-2022/五/（一）"),  # not 四、（三）
])
def test_a_region_reask_after_a_specific_clause_is_not_answered_by_an_outline(
        assistant: Assistant, first: str, turn: str, clause_id: str) -> None:
    context = Context.from_dict(assistant.ask(first).context)
    answer = assistant.ask(turn, context=context)
    assert answer.hits[0].clause.id == clause_id, [h.clause.id for h in answer.hits[:3]]

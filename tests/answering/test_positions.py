"""Clauses named by their place relative to the last cited one (answering/positions.py, through followup.resolve)."""
from __future__ import annotations

import pytest

from answering.followup import Context, resolve
from answering.positions import items, relative_clause, short_titled
from corpus.clauses import load_clauses
from corpus.documents import load_documents

DOCS, CLAUSES = load_documents(), load_clauses()


def cited(clause_id: str, question: str = "上一个问题") -> Context:
    return Context(question, None, (CLAUSES[clause_id].doc_id,), (clause_id,))


@pytest.mark.parametrize("turn,after,expected", [
    ("下一条呢", "sh-mca-2024-1/第二条", "sh-mca-2024-1/第三条"),
    ("下一条呢", "sh-mca-2024-1/第九条", "sh-mca-2024-1/第十条"),
    ("上一条呢", "sh-mca-2024-1/第八条", "sh-mca-2024-1/第七条"),
    ("那后一项呢", "cn-2022/四/（一）/2", "cn-2022/四/（一）/3"),
    ("最后一条呢", "sh-mca-2024-1/第五条", "sh-mca-2024-1/第十条"),
    ("最后一条呢", "wz-2021-122/一/（一）", "wz-2021-122/三"),  # 条: the document's last part, not the last item
    ("最后一项讲啥", "bj-2022/四", "bj-2022/四/（四）"),  # a clause with items: its last item
    ("最后一部分讲啥", "bj-2022/一", "bj-2022/五"),
    ("第二阶段具体干啥", "cn-wushe-2023/五", "cn-wushe-2023/五/（二）"),
    ("备注那段说了啥", "wz-2021-122/附件/实体运作", "wz-2021-122/附件/备注"),
])
def test_a_place_relative_to_the_cited_clause_names_a_clause(turn: str, after: str, expected: str) -> None:
    follow = resolve(turn, None, cited(after), DOCS, CLAUSES)
    assert (follow.kind, follow.clause_id) == ("clause", expected)


def test_there_is_no_clause_before_the_first_or_after_the_last() -> None:
    assert relative_clause("上一条呢", "sh-mca-2024-1/第一条", CLAUSES) is None  # the 印发通知 is no sibling
    assert relative_clause("下一条呢", "sh-mca-2024-1/第十条", CLAUSES) is None


def test_front_matter_is_not_an_item_of_the_document() -> None:
    assert not any(c.id.endswith(("/通知", "/序言")) for c in items("sh-mca-2024-1", CLAUSES))


@pytest.mark.parametrize("turn", ["下一步怎么办", "我们下一个活动在哪办", "上一次说的补贴呢", "最后怎么办",
                                  "上一条回答没看懂", "上一条说的补贴是多少"])
def test_other_words_with_next_or_last_name_no_clause(turn: str) -> None:
    assert relative_clause(turn, "sh-mca-2024-1/第二条", CLAUSES) is None


def test_a_short_heading_is_named_only_as_a_part_of_the_text() -> None:
    assert short_titled("备注那段说了啥", "wz-2021-122", (), CLAUSES).id == "wz-2021-122/附件/备注"
    assert short_titled("备注一下我们的情况", "wz-2021-122", (), CLAUSES) is None
    assert short_titled("备注那段说了啥", "bj-2022", (), CLAUSES) is None  # no such heading in that document


def test_a_stage_without_a_cited_clause_with_stages_is_a_question_of_its_own() -> None:
    assert resolve("五社联动第二阶段干啥", None, None, DOCS, CLAUSES).kind == "fresh"
    follow = resolve("五社联动第二阶段干啥", None, cited("sh-mca-2024-1/第二条"), DOCS, CLAUSES)
    assert follow.kind != "clarify"


def test_a_stage_of_a_document_without_stages_is_asked_back() -> None:
    follow = resolve("第二阶段具体干啥", None, cited("cn-2022/四/（一）/2"), DOCS, CLAUSES)
    assert follow.kind == "clarify" and "第二阶段" in follow.notes[0]


def test_next_after_an_answer_without_a_cited_clause_is_asked_back() -> None:
    after_validity = Context("北京的意见还有效吗", "北京", ("bj-2022",), ("bj-2022/通知",))
    follow = resolve("下一条呢", None, after_validity, DOCS, CLAUSES)
    assert follow.kind == "clarify"


def test_an_item_number_reads_from_the_cited_clause_its_siblings_or_its_one_list() -> None:
    stage = resolve("那第三阶段呢", None, cited("cn-wushe-2023/五/（一）"), DOCS, CLAUSES)
    assert stage.kind == "clause" and stage.clause_id == "cn-wushe-2023/五/（三）"  # a sibling stage
    task = resolve("第四项展开说说", None, cited("cn-wushe-2023/三"), DOCS, CLAUSES)
    assert task.kind == "clause" and task.clause_id == "cn-wushe-2023/三/（二）/4"  # the one list under 三、
    assert items("cn-wushe-2023/三/（一）", CLAUSES) == []  # the premise: only （二） holds a list


def test_a_short_heading_followed_by_what_it_says_names_a_part() -> None:
    assert short_titled("备注那里写了什么", "wz-2021-122", (), CLAUSES).id == "wz-2021-122/附件/备注"
    assert short_titled("备注写的啥", "wz-2021-122", (), CLAUSES).id == "wz-2021-122/附件/备注"


def test_the_last_scored_item_of_a_table_is_not_its_notes() -> None:
    assert relative_clause("最后一个打分项呢", "wz-2021-122/附件/党建引领", CLAUSES).id == "wz-2021-122/附件/社会评价"
    assert relative_clause("上一个项目怎么样", "wz-2021-122/附件/党建引领", CLAUSES) is None  # 项目 is no item


@pytest.mark.parametrize("turn", ["下面那个备注写的啥", "这个备注说了啥", "那个备注里写了什么"])
def test_a_short_heading_after_a_pointer_is_still_named(turn: str) -> None:
    assert short_titled(turn, "wz-2021-122", ("wz-2021-122/附件/社会评价",), CLAUSES).id == "wz-2021-122/附件/备注"

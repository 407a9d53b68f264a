"""「上一条」「第三个呢」「（三）呢」 count from the clause the last question was about (positions.anchor), not from the
outline or the neighbour the last answer quoted first; headings are named by a piece no other heading has."""
from __future__ import annotations

import pytest

from answering.followup import Context, resolve
from answering.positions import anchor, named_in
from corpus.clauses import load_clauses
from corpus.documents import load_documents

DOCS, CLAUSES = load_documents(), load_clauses()


def after(question: str, cited: str) -> Context:
    return Context(question, None, (CLAUSES[cited].doc_id,), (cited,))


@pytest.mark.parametrize("question,doc,cited,expected", [
    ("联动路径当中资源整合那条怎么讲", "cn-wushe-2023", "cn-wushe-2023/四", "cn-wushe-2023/四/（二）"),
    ("保障措施里面的资源供给具体说了啥", "cn-wushe-2023", "cn-wushe-2023/六", "cn-wushe-2023/六/（二）"),
    ("第9点政府购买服务讲的什么", "cn-2022", "cn-2022/四/（三）", "cn-2022/四/（三）/9"),
    ("突出参与重点里的第二项", "bj-2022", "bj-2022/二", "bj-2022/三/（二）"),  # the answer quoted the wrong part
    ("组织实施那部分第一点写的啥", "wz-2021-122", "wz-2021-122/一", "wz-2021-122/三/（一）"),
    ("评分表专业服务这一项打几分", "wz-2021-122", "wz-2021-122/附件/专业运营", "wz-2021-122/附件/专业服务"),
])
def test_the_clause_a_question_was_about(question: str, doc: str, cited: str, expected: str) -> None:
    assert anchor(question, doc, cited, CLAUSES) == expected


@pytest.mark.parametrize("question,doc,cited", [
    ("上海怎么支持社区社会组织发展", "sh-mca-2024-1", "sh-mca-2024-1/第八条"),
    ("北京对社会组织有啥扶持", "bj-2022", "bj-2022/四/（四）"),
    ("长宁社区社会组织怎么备案", "cn-2022", "cn-2022/四/（一）/2"),
])
def test_a_question_naming_no_heading_keeps_the_clause_cited(question: str, doc: str, cited: str) -> None:
    assert anchor(question, doc, cited, CLAUSES) == cited


def test_one_shared_piece_far_from_the_cited_clause_names_no_heading() -> None:
    # 「资源整合」 is one heading's piece, but the cited clause is 温州's 附件: nowhere near 五社联动's 联动路径
    assert named_in("资源整合有啥要求", "cn-wushe-2023", "cn-wushe-2023/一", CLAUSES) is None


@pytest.mark.parametrize("first,cited,turn,expected", [
    ("联动路径里资源整合咋联动的", "cn-wushe-2023/四", "前一条呢", "cn-wushe-2023/四/（一）"),
    ("保障措施的资源供给讲了什么", "cn-wushe-2023/六", "下一条呢", "cn-wushe-2023/六/（三）"),
    ("第9点政府购买服务啥意思", "cn-2022/四/（三）", "后一点呢", "cn-2022/四/（三）/10"),
    ("重点领域第一个社区服务供给那个说的啥", "cn-2022/一", "那第三个呢", "cn-2022/三/（三）"),
    ("突出参与重点的第二项讲啥", "bj-2022/二", "第四项呢", "bj-2022/三/（四）"),
    ("评分表专业服务那项说了啥", "wz-2021-122/附件/专业运营", "下一项讲啥", "wz-2021-122/附件/社会评价"),
    ("附件里党建引领那项咋打分", "wz-2021-122/二/（一）/1", "后面那项呢", "wz-2021-122/附件/组织培育"),
])
def test_a_place_counts_from_the_clause_asked_about(first: str, cited: str, turn: str, expected: str) -> None:
    follow = resolve(turn, None, after(first, cited), DOCS, CLAUSES)
    assert (follow.kind, follow.clause_id) == ("clause", expected)


@pytest.mark.parametrize("first,cited,turn,expected", [
    ("长宁实施意见的重点领域是哪些", "cn-2022/三", "最后一个领域是啥", "cn-2022/三/（五）"),
    ("北京意见的参与重点有哪几个", "bj-2022/三", "最后一个重点讲啥", "bj-2022/三/（五）"),
    ("温州方案工作任务有几块", "wz-2021-122/二", "第二块展开讲讲", "wz-2021-122/二/（二）"),
    ("五社联动保障措施有哪些", "cn-wushe-2023/六", "（三）讲的啥", "cn-wushe-2023/六/（三）"),
])
def test_items_of_an_outline_by_their_own_words(first: str, cited: str, turn: str, expected: str) -> None:
    follow = resolve(turn, None, after(first, cited), DOCS, CLAUSES)
    assert (follow.kind, follow.clause_id) == ("clause", expected)


@pytest.mark.parametrize("first,cited,turn,expected", [
    ("温州工作任务分哪几块", "wz-2021-122/二", "第一块里面分类管理是咋分的", "wz-2021-122/二/（一）/1"),
    ("评分表第一项实体运作看什么", "wz-2021-122/附件/实体运作", "后一项呢", "wz-2021-122/附件/专业运营"),
    ("评分表第一项是什么", "wz-2021-122/附件/社会评价", "最后一个打分项呢", "wz-2021-122/附件/社会评价"),
])
def test_a_number_reads_near_the_heading_named_or_the_clause_cited(first: str, cited: str, turn: str,
                                                                   expected: str) -> None:
    """An item number is never the document's part of that number when a heading or cited clause is near."""
    follow = resolve(turn, None, after(first, cited), DOCS, CLAUSES)
    assert (follow.kind, follow.clause_id) == ("clause", expected)


@pytest.mark.parametrize("first,cited,turn,expected", [
    ("温州的组织培育怎么搞", "wz-2021-122/二/（一）/1", "下一条", "wz-2021-122/二/（一）/2"),
    ("温州社区社会组织专业服务有哪些要求", "wz-2021-122/二/（三）/2", "第三个呢", "wz-2021-122/二/（三）/3"),
    ("长宁实施意见里社区服务供给怎么支持", "cn-2022/四/（一）/3", "下一条", "cn-2022/四/（一）/4"),
    ("温州对社区社会组织有专业服务方面的要求吗", "wz-2021-122/附件/社会评价", "下一条", "wz-2021-122/附件/备注"),
])
def test_a_heading_named_far_from_the_answer_moves_nothing(first: str, cited: str, turn: str, expected: str) -> None:
    """A heading's words in a question that counts nothing do not move the count away from the answer shown, and a
    count never lands on the clause just shown."""
    follow = resolve(turn, None, after(first, cited), DOCS, CLAUSES)
    assert (follow.kind, follow.clause_id) == ("clause", expected)


@pytest.mark.parametrize("turn", ["第二块牌子能挂吗", "能给第二块场地吗", "第一块钱谁出"])
def test_a_piece_counted_with_kuai_is_no_part_of_the_text(turn: str) -> None:
    assert resolve(turn, None, after("长宁孵化基地依托啥建", "cn-2022/四/（一）/4"), DOCS, CLAUSES).kind != "clause"


@pytest.mark.parametrize("turn,cited,expected", [
    ("第二点呢", "cn-2022/四/（四）", "cn-2022/四/（四）/12"),  # items numbered 11.–13. through the document
    ("第一点讲啥", "cn-2022/四/（六）", "cn-2022/四/（六）/15"),
])
def test_an_item_number_counts_the_cited_clauses_items_in_order(turn: str, cited: str, expected: str) -> None:
    follow = resolve(turn, None, after("上一个问题", cited), DOCS, CLAUSES)
    assert (follow.kind, follow.clause_id) == ("clause", expected)

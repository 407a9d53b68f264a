"""Follow-ups written by a code-blind batch (q12) in words the rules missed: 市里 after a district, a position
across the parts of a document that numbers its items through, a place nobody named, two regions in the last
question, a topic of the document just cited, and a detail of the clause just cited. Resolution without the
model; answers with it."""
from __future__ import annotations

import pytest

from answering.followup import Context, resolve
from answering.pipeline import Assistant
from answering.positions import relative_clause
from corpus.clauses import load_clauses
from corpus.documents import load_documents

DOCS, CLAUSES = load_documents(), load_clauses()
CN = Context("长宁社区社会组织孵化基地怎么建？", "长宁", ("cn-2022",), ("cn-2022/四/（一）/4",))


def ask(question: str, context: Context) -> object:
    return resolve(question, None, context, DOCS, CLAUSES)


@pytest.mark.parametrize("turn,doc_id", [("上海市里呢", "sh-mca-2024-1"), ("上海呢", None), ("北京市里呢", "bj-2022")])
def test_the_city_level_said_leads_with_the_citys_own_document(turn: str, doc_id: str | None) -> None:
    follow = ask(turn, CN)
    assert follow.kind == "region" and follow.doc_id == doc_id, follow


@pytest.mark.parametrize("cited,turn,clause_id", [
    ("cn-2022/四/（二）/7", "上一条讲啥", "cn-2022/四/（一）/6"),  # 7. is the first under （二）: 6. ends （一）
    ("cn-2022/四/（七）/17", "下一条", "cn-2022/四/（八）/18"),
    ("cn-2022/四/（三）/9", "下一条", "cn-2022/四/（三）/10"),  # a sibling where there is one
])
def test_a_position_runs_through_a_documents_numbered_items(cited: str, turn: str, clause_id: str) -> None:
    assert relative_clause(turn, cited, CLAUSES).id == clause_id


@pytest.mark.parametrize("cited,turn", [("cn-2022/四/（八）/18", "下一条"), ("wz-2021-122/二/（一）/3", "下一条")])
def test_no_position_past_the_last_item_or_in_a_document_numbering_each_part_anew(cited: str, turn: str) -> None:
    assert relative_clause(turn, cited, CLAUSES) is None


@pytest.mark.parametrize("turn", ["另一个地方呢", "换个地方呢", "那个地方呢", "换个城市呢"])
def test_a_place_nobody_named_is_asked_back(turn: str) -> None:
    follow = ask(turn, CN)
    assert follow.kind == "clarify" and "哪个地区" in follow.notes[0], follow


def test_a_position_after_a_question_about_two_regions_is_asked_back() -> None:
    two = Context("温州和长宁的总体目标各是什么", None, ("cn-wushe-2023", "wz-2021-122"), ("cn-wushe-2023/三",))
    follow = ask("第三条呢", two)
    assert follow.kind == "clarify" and "《" in follow.notes[0], follow


@pytest.mark.slow
@pytest.mark.parametrize("first,turn,clause_id", [
    ("长宁实施意见里政府购买服务怎么说", "那培训呢", "cn-2022/四/（四）/12"),  # a topic of the document just cited
    ("上海市民政局怎么加强宣传引导", "人才呢", "sh-mca-2024-1/第五条"),
    ("长宁的社区社会工作服务站怎么设", "啥时候要建好", "cn-2022/四/（一）/6"),  # a detail the clause just cited gives
    ("上海市民政局若干举措里党建怎么引领", "没条件建党组织的咋办", "sh-mca-2024-1/第一条"),
    ("长宁社区社会组织孵化基地怎么建？", "上海市里呢", "sh-mca-2024-1/第九条"),
])
def test_turns_answered_from_the_clause_they_mean(assistant: Assistant, first: str, turn: str, clause_id: str) -> None:
    context = Context.from_dict(assistant.ask(first).context)
    answer = assistant.ask(turn, context=context)
    assert answer.confident and answer.hits[0].clause.id == clause_id, [h.clause.id for h in answer.hits[:3]]


@pytest.mark.slow
@pytest.mark.parametrize("first,turn", [
    ("上海市民政局会帮社区社会组织认定免税资格吗", "捐赠能抵多少税"),  # the clause gives no amount
    ("长宁的社区社会工作服务站怎么设", "北京啥时候建好"),  # a place of its own: not a continuation
])
def test_a_turn_the_clause_just_cited_does_not_answer_is_not_kept_on_it(assistant: Assistant, first: str, turn: str) -> None:
    context = Context.from_dict(assistant.ask(first).context)
    answer = assistant.ask(turn, context=context)
    assert not (answer.confident and answer.hits and answer.hits[0].clause.id in context.clause_ids), answer.answer[:80]


SH = Context("群众活动团队备案现在方便了吗", "上海", ("sh-mca-2024-1",), ("sh-mca-2024-1/第二条",))


@pytest.mark.parametrize("turn", ["算了不弄了", "不办了，以后再说", "先不填了", "好的谢谢", "算了"])
def test_a_turn_that_asks_nothing_is_not_read_with_the_last_question(turn: str) -> None:
    """「算了不弄了」 typed at a form step reaches the assistant as a side question: read with the last question it
    would be answered with the last clause, and the form would never hear the cancel."""
    assert ask(turn, SH).read_with_last is None


@pytest.mark.parametrize("turn", ["多久能轮一遍", "谁来管哈", "收费不", "管不管", "有专项资金没", "文件编号发我下", "场地要多大"])
def test_a_turn_that_asks_may_be_read_with_the_last_question(turn: str) -> None:
    assert ask(turn, SH).read_with_last is not None


@pytest.mark.slow
@pytest.mark.parametrize("turn", ["算了不弄了", "好的谢谢", "先不填了"])
def test_a_turn_that_asks_nothing_is_not_answered_from_the_last_clause(assistant: Assistant, turn: str) -> None:
    assert not assistant.ask(turn, context=SH).confident


def test_a_district_leads_its_city_only_with_a_clause_near_the_citys_best() -> None:
    from answering.regions import region_first
    from retrieval.ranking import Hit

    def hit(clause_id: str, score: float) -> Hit:
        return Hit(CLAUSES[clause_id], DOCS[CLAUSES[clause_id].doc_id], score, 0.0, 0.0)
    near = [hit("sh-mca-2024-1/第三条", 1.60), hit("cn-2022/四/（六）/16", 1.54)]
    far = [hit("sh-mca-2024-1/第三条", 1.58), hit("cn-2022/五", 0.93)]  # 五、工作要求 says nothing of 注销
    assert [h.clause.id for h in region_first(near, "长宁")] == ["cn-2022/四/（六）/16", "sh-mca-2024-1/第三条"]
    assert [h.clause.id for h in region_first(far, "长宁")] == ["sh-mca-2024-1/第三条", "cn-2022/五"]


@pytest.mark.parametrize("turn", ["换个区活动要重新备案吗", "搬到另一个区了怎么办"])
def test_moving_to_another_place_is_a_question_not_a_place_to_ask_back(turn: str) -> None:
    assert ask(turn, CN).kind != "clarify"


def test_the_city_level_alone_after_a_district_reasks_for_the_city() -> None:
    follow = ask("市里呢", CN)
    assert (follow.kind, follow.region, follow.doc_id) == ("region", "上海", "sh-mca-2024-1"), follow


def test_a_sign_off_with_me_me_da_asks_nothing() -> None:
    assert ask("好的谢谢么么哒", SH).read_with_last is None

"""Short turns written by a code-blind batch (q11) in words the first rules missed: a position after an answer
quoting several documents, dialect particles, positions said another way, a topic of its own after a narrowing
reading, and staying in the document just cited. Resolution without the model; answers with it."""
from __future__ import annotations

import pytest

from answering.followup import Context, resolve
from answering.pipeline import Assistant
from answering.positions import RELATIVE, spelled_refs
from corpus.clauses import load_clauses
from corpus.documents import load_documents
from corpus.vocabulary import detect_regions

DOCS, CLAUSES = load_documents(), load_clauses()
SEVERAL = Context("社区群众活动团队怎么备案？", None, ("sh-mca-2024-1", "cn-2022"), ("sh-mca-2024-1/第二条",))
ONE = Context("上海市民政局的若干举措怎么优化备案？", "上海", ("sh-mca-2024-1",), ("sh-mca-2024-1/第二条",))


def ask(question: str, context: Context) -> object:
    return resolve(question, None, context, DOCS, CLAUSES)


@pytest.mark.parametrize("turn", ["下一条呢", "请问下一条是什么内容？", "第三条说的啥", "后面那条是啥"])
def test_a_position_after_an_answer_quoting_several_documents_is_asked_back(turn: str) -> None:
    follow = ask(turn, SEVERAL)
    assert follow.kind == "clarify" and "《" in follow.notes[0], follow


@pytest.mark.parametrize("turn,clause_id", [("下一条呢", "sh-mca-2024-1/第三条"), ("后面那条是啥", "sh-mca-2024-1/第三条"),
                                            ("第三条说的啥", "sh-mca-2024-1/第三条"), ("最末尾那条咋说", "sh-mca-2024-1/第十条"),
                                            ("上一条呢", "sh-mca-2024-1/第一条")])
def test_the_same_positions_after_an_answer_from_one_named_document_are_its_clauses(turn: str, clause_id: str) -> None:
    follow = ask(turn, ONE)
    assert (follow.kind, follow.clause_id) == ("clause", clause_id)


@pytest.mark.parametrize("turn", ["后面那项呢", "下一个行动呢", "末项保障措施是什么？", "最末那条讲的啥", "前一项", "附表最底下那行说的啥"])
def test_positions_said_another_way(turn: str) -> None:
    assert RELATIVE.search(turn)


@pytest.mark.parametrize("turn", ["上一条回答没看懂", "期末考试", "下一步怎么办", "前面说的补贴", "我想问下一个问题", "下一个月呢",
                                  "上一个问题呢", "上面那条是啥意思", "最后行不行", "前面部分提到的补贴"])
def test_words_that_are_no_position(turn: str) -> None:
    assert not RELATIVE.search(turn)


@pytest.mark.parametrize("cited,clause_id", [("bj-2022/四/（一）", "bj-2022/四/（二）"),
                                             ("cn-2022/四/（四）/12", "cn-2022/四/（二）"),  # not the heading 二、
                                             ("wz-2021-122/二/（三）/1", "wz-2021-122/二/（二）")])  # not item 2.
def test_an_item_named_by_its_bracketed_number_alone(cited: str, clause_id: str) -> None:
    assert spelled_refs("长宁实施意见四、（一）讲了什么") == "长宁实施意见第四部分第一项讲了什么"  # a label, not an item
    context = Context("上一个问题", None, (CLAUSES[cited].doc_id,), (cited,))
    assert ask("（二）那条呢", context).clause_id == clause_id


@pytest.mark.parametrize("turn,region", [("那温州嘞？", "温州"), ("长宁那边捏", "长宁"), ("首都呢", "北京"),
                                         ("帝都咋搞", "北京"), ("魔都呢", "上海")])
def test_dialect_particles_and_nicknames_of_cities(turn: str, region: str) -> None:
    assert detect_regions(turn) or region in turn
    follow = ask(turn, Context("北京社会组织能帮着调解物业纠纷吗", "北京", ("bj-2022",), ("bj-2022/三/（三）",))
                 if region != "北京" else Context("长宁区怎么培养社区治理人才？", "长宁", ("cn-2022",), ("cn-2022/四/（四）/12",)))
    assert follow.kind == "region" and follow.region == region, follow


@pytest.mark.slow
@pytest.mark.parametrize("first,turn,clause_id", [
    ("长宁区重点领域里社区自治共治说了啥？", "垃圾分类呢", "cn-2022/三/（二）"),  # a topic of its own, not a narrowing
    ("长宁区怎么查处非法社会组织？", "信息公开呢", "cn-2022/四/（六）/15"),
    ("北京意见对社会组织参与智慧社区怎么说？", "能否成立社区基金会？", "bj-2022/四/（四）"),  # stays in the document
    ("北京鼓励社区慈善捐赠吗？", "长宁五社联动里呢", "cn-wushe-2023/三/（二）/5"),  # another document named
    ("上海鼓励提高持证社工比例吗？", "那长宁五社联动里呢", "cn-wushe-2023/四/（四）"),  # not 上海's compendium entry
    ("上海对不干事的僵尸社会组织咋处理", "长宁有没有类似的", "cn-2022/四/（六）/16"),  # the district's, not the city's again
])
def test_a_short_turn_keeps_to_the_document_just_cited(assistant: Assistant, first: str, turn: str, clause_id: str) -> None:
    context = Context.from_dict(assistant.ask(first).context)
    answer = assistant.ask(turn, context=context)
    assert answer.confident and answer.hits[0].clause.id == clause_id, [h.clause.id for h in answer.hits[:3]]


@pytest.mark.slow
def test_a_short_turn_asking_what_no_clause_gives_is_not_kept_in_the_document(assistant: Assistant) -> None:
    context = Context.from_dict(assistant.ask("温州鼓励社区社会组织为哪些困难群体提供救助服务？").context)
    assert not assistant.ask("龙港民政部门电话多少啊", context=context).confident


@pytest.mark.slow
def test_a_narrowing_turn_the_last_clause_holds_stays_a_narrowing(assistant: Assistant) -> None:
    """「那对老年人呢」 after 温州's 困难群体 clause (which names 老年人) is still answered from that clause."""
    context = Context.from_dict(assistant.ask("温州鼓励社区社会组织为哪些困难群体提供救助服务？").context)
    answer = assistant.ask("那对老年人呢", context=context)
    assert answer.hits[0].clause.id == "wz-2021-122/二/（三）/1", [h.clause.id for h in answer.hits[:3]]


BJ = Context("北京鼓励社区慈善捐赠吗？", "北京", ("bj-2022",), ("bj-2022/三/（一）",))


@pytest.mark.parametrize("turn,doc_id", [("长宁五社联动里呢", "cn-wushe-2023"), ("那长宁五社联动方案里呢", "cn-wushe-2023"),
                                         ("长宁的实施意见呢", "cn-2022"), ("长宁五社联动里有类似的吗", "cn-wushe-2023")])
def test_a_turn_naming_another_document_and_nothing_else_asks_the_last_question_there(turn: str, doc_id: str) -> None:
    follow = ask(turn, BJ)
    assert (follow.kind, follow.doc_id, follow.region) == ("region", doc_id, "长宁"), follow
    assert "慈善捐赠" in follow.question and "北京" not in follow.question


@pytest.mark.parametrize("turn", ["长宁五社联动里志愿者呢", "北京有没有实施意见", "那上海呢，有规定吗", "北京意见呢"])
def test_a_document_switch_says_nothing_else_and_names_more_than_a_place(turn: str) -> None:
    follow = ask(turn, BJ)  # a topic of its own; another region's document; a place is a region; the same document
    assert follow.doc_id is None or follow.kind != "region", follow


@pytest.mark.slow
def test_organisations_names_asked_for_another_region_are_no_document_title_question(assistant: Assistant) -> None:
    context = Context.from_dict(assistant.ask("温州的社区社会组织名字要怎么起啊？").context)
    assert assistant.ask("北京呢", context=context).source != "metadata"

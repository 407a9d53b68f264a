"""A region re-ask judged by the clause just cited (answering/counterparts.py): the other region's clause that
reads like it answers, and one that reads unlike it does not."""
from __future__ import annotations

import pytest

from answering.counterparts import COUNTERPART_COS, UNLIKE_COS, Counterparts
from answering.followup import Context
from answering.pipeline import Assistant
from corpus.clauses import load_clauses

CLAUSES = load_clauses()


def _second(assistant: Assistant, first: str, turn: str):  # noqa: ANN202
    return assistant.ask(turn, context=Context.from_dict(assistant.ask(first).context))


@pytest.mark.parametrize("first, turn, clause_id", [
    ("我在北京带了个助老的志愿小队，街道有闲着的办公房能给我们免费用不", "上海市里咋说", "sh-mca-2024-1/第八条"),
    ("长宁社会组织参与应急演练防灾减灾那些有说法吗", "温州的呢", "wz-2021-122/二/（三）/3"),
    ("上海市民政局怎么加强社区社会组织宣传", "温州呢", "wz-2021-122/三/（三）"),
])
def test_the_other_regions_counterpart_answers_a_re_ask(assistant: Assistant, first: str, turn: str,
                                                       clause_id: str) -> None:
    answer = _second(assistant, first, turn)
    assert answer.confident and answer.hits[0].clause.id == clause_id, (answer.reason, answer.hits[0].clause.id)


@pytest.mark.parametrize("first, turn", [
    ("北京要把社会组织参与社区治理情况纳入等级评估指标吗？", "那温州呢？"),  # 温州 scores platforms, not that
    ("上海社区社会组织注销有指引吗", "温州呢"),                          # 温州's nearest is its score table
])
def test_a_re_ask_whose_clause_reads_unlike_the_cited_one_is_refused(assistant: Assistant, first: str,
                                                                    turn: str) -> None:
    assert not _second(assistant, first, turn).confident


def test_likeness_is_symmetric_and_a_clause_is_most_like_itself(assistant: Assistant) -> None:
    judge = Counterparts(assistant.embedder)
    a, b = CLAUSES["sh-mca-2024-1/第八条"], CLAUSES["bj-2022/四/（四）"]
    assert judge.likeness(a, a) == pytest.approx(1.0, abs=1e-5)
    assert judge.likeness(a, b) == pytest.approx(judge.likeness(b, a), abs=1e-6)
    assert UNLIKE_COS < COUNTERPART_COS < 1.0



@pytest.mark.parametrize("first, turn", [
    ("随迁子女在温州办入学要什么条件？", "北京呢"),  # the first was refused: its nearest clause was cited by none
    ("温州有没有１＋１０＋Ｎ的社工站", "北京呢"),
])
def test_after_a_refusal_a_re_ask_is_not_carried_by_likeness(assistant: Assistant, first: str, turn: str) -> None:
    assert not assistant.ask(first).confident
    assert not _second(assistant, first, turn).confident

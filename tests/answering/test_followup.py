"""Follow-up resolution (answering/followup.py) against the real corpus: no model needed."""
from __future__ import annotations

import pytest

from answering import followup
from answering.followup import Context, resolve
from answering.positions import find_clause
from answering.regions import region_first
from corpus.clauses import load_clauses
from corpus.documents import load_documents

DOCS, CLAUSES = load_documents(), load_clauses()
SH = Context("市里对社区社会组织有哪些扶持资金？", "上海", ("sh-mca-2024-1",), ("sh-mca-2024-1/第七条",))
WZ = Context("温州鼓励社区社会组织为哪些困难群体提供救助服务？", "温州", ("wz-2021-122",), ("wz-2021-122/二/（三）/1",))


def ask(question: str, context: Context | None = None, region: str | None = None):  # noqa: ANN201
    return resolve(question, region, context, DOCS, CLAUSES)


@pytest.mark.parametrize("turn,region", [("那北京呢？", "北京"), ("北京呢", "北京"), ("那长宁的话呢", "长宁"),
                                         ("朝阳区那边呢？", "北京"), ("上海那边怎么规定的？", "上海")])
def test_a_region_alone_reasks_the_last_question_there(turn: str, region: str) -> None:
    follow = ask(turn, WZ)
    assert follow.kind == "region" and follow.region == region
    assert follow.question.startswith(region) and "温州" not in follow.question and "困难群体" in follow.question


def test_region_first_puts_that_regions_documents_ahead_in_their_order() -> None:
    from retrieval.ranking import Hit

    ids = ["wz-2021-122/二/（三）/1", "bj-2022/三/（一）", "cn-2022/三/（一）", "sh-mca-2024-1/第七条", "bj-2022/二"]
    hits = [Hit(CLAUSES[c], DOCS[CLAUSES[c].doc_id], 1.0 - i / 10, 0.0, 0.0) for i, c in enumerate(ids)]
    assert [h.clause.id for h in region_first(hits, "北京")] == [ids[1], ids[4], ids[0], ids[2], ids[3]]
    assert [h.clause.id for h in region_first(hits, "长宁")][:2] == [ids[2], ids[3]]  # 长宁 and 上海's city-wide
    city_first = [hits[3], hits[2], hits[0]]  # a district's own documents lead its city's, whatever their rank
    assert [h.clause.id for h in region_first(city_first, "长宁")] == [ids[2], ids[3], ids[0]]
    assert [h.clause.id for h in region_first(city_first, "上海")] == [ids[3], ids[2], ids[0]]
    assert region_first(hits, None) == hits


def test_a_region_alone_without_a_previous_question_is_clarified() -> None:
    follow = ask("那北京呢？")
    assert follow.kind == "clarify" and "北京" in follow.notes[0]


@pytest.mark.parametrize("turn,about", [("这个文件还有效吗？", "validity"), ("它是哪个部门发的？", "issuer"),
                                        ("文号是多少？", "doc_number"), ("什么时候发布的？", "date")])
def test_document_facts_refer_to_the_last_cited_document(turn: str, about: str) -> None:
    follow = ask(turn, SH)
    assert (follow.kind, follow.doc_id, follow.about) == ("document", "sh-mca-2024-1", about)


def test_a_document_pronoun_without_context_is_clarified_not_guessed() -> None:
    assert ask("这个文件还有效吗？").kind == "clarify"


def test_a_question_naming_its_document_is_not_a_follow_up() -> None:
    assert ask("长宁这个实施意见有效期到什么时候？").kind == "fresh"
    assert ask("五社联动那个方案 是谁发的呀 啥时候发的").kind == "fresh"


@pytest.mark.parametrize("turn,clause_id", [("第七条讲的是什么？", "sh-mca-2024-1/第七条"),
                                            ("第3条呢", "sh-mca-2024-1/第三条"),
                                            ("第十条说了啥", "sh-mca-2024-1/第十条")])
def test_a_clause_number_resolves_in_the_last_cited_document(turn: str, clause_id: str) -> None:
    follow = ask(turn, SH)
    assert (follow.kind, follow.clause_id) == ("clause", clause_id)


def test_a_number_counted_through_the_document_is_its_numbered_item() -> None:
    """长宁's 实施意见 numbers its measures 1–18 through 四、（一）…（八）: 第17条 is 四、（七）17., in any digits."""
    cn = Context("长宁那个实施意见政府购买服务咋说的", "长宁", ("cn-2022",), ("cn-2022/四/（三）",))
    for turn in ("第１７条呢", "第十七条呢", "第17条讲的啥"):
        assert (ask(turn, cn).kind, ask(turn, cn).clause_id) == ("clause", "cn-2022/四/（七）/17"), turn


def test_a_document_numbering_its_items_under_each_heading_has_no_numbered_item_counted_through() -> None:
    wz = Context("温州方案的目标是什么", "温州", ("wz-2021-122",), ("wz-2021-122/一",))
    assert ask("第四条呢", wz).kind == "clarify"  # 温州 restarts 1, 2 … under each heading: no 第四条 of the whole


def test_a_number_the_cited_document_lacks_is_read_in_the_document_the_question_named() -> None:
    answered_from = Context("长宁实施意见里社工站咋说的", "长宁", ("cn-wushe-2023",), ("cn-wushe-2023/三/（二）/2",))
    assert ask("第十八条呢", answered_from).clause_id == "cn-2022/四/（八）/18"


def test_a_clause_number_the_document_does_not_have_is_clarified() -> None:
    follow = ask("第二十条讲的是什么？", SH)
    assert follow.kind == "clarify" and "第二十条" in follow.notes[0]


def test_find_clause_by_top_level_heading() -> None:
    assert find_clause("三", "部分", "cn-2022", None, CLAUSES).id == "cn-2022/三"


def test_a_part_is_the_documents_heading_and_an_item_is_under_the_last_clause() -> None:
    """第五部分 is 五、 even when the last answer cited 三/（五）; 第二个 is the 2nd item of the last clause."""
    bj = Context("北京的重点有哪些？", "北京", ("bj-2022",), ("bj-2022/三",))
    assert find_clause("五", "部分", "bj-2022", "bj-2022/三", CLAUSES).id == "bj-2022/五"
    wz = Context("温州有哪几个行动？", "温州", ("wz-2021-122",), ("wz-2021-122/二/（三）",))
    assert (ask("展开说说第二个", wz).kind, ask("展开说说第二个", wz).clause_id) == ("clause", "wz-2021-122/二/（三）/2")


@pytest.mark.parametrize("turn", ["具体有哪些？", "展开说说", "还有呢"])
def test_expanding_refers_to_the_last_clause(turn: str) -> None:
    follow = ask(turn, SH)
    assert (follow.kind, follow.clause_id) == ("expand", "sh-mca-2024-1/第七条")
    assert ask(turn).kind == "clarify"


@pytest.mark.parametrize("turn", ["五社联动有哪几条联动路径？", "温州都有哪些专项行动"])
def test_a_whole_question_with_list_words_stands_on_its_own_without_context(turn: str) -> None:
    """「有哪几/都有哪些」 asks for more of the last clause only when the turn says little else."""
    assert ask(turn).kind == "fresh"


def test_a_pronoun_question_is_asked_of_the_last_document() -> None:
    follow = ask("这个文件里对场地有什么支持？", SH)
    assert follow.kind == "fresh" and DOCS["sh-mca-2024-1"].short_title in follow.question


def test_a_short_elliptical_question_keeps_the_last_region() -> None:
    follow = ask("那场地呢？", WZ)
    assert follow.kind == "fresh" and follow.region == "温州" and follow.question.startswith("温州")


def test_a_new_question_ignores_the_context() -> None:
    follow = ask("社区社会组织怎么参与社区治理？", WZ)
    assert (follow.kind, follow.question, follow.region) == ("fresh", "社区社会组织怎么参与社区治理？", None)


def test_context_round_trips_through_its_payload() -> None:
    assert Context.from_dict(SH.payload()) == SH and Context.from_dict(None) == Context()


@pytest.mark.parametrize("turn,region", [("那长宁咋说的", "长宁"), ("北京那边是怎么讲的", "北京")])
def test_a_region_with_how_it_is_said_reasks_the_last_question(turn: str, region: str) -> None:
    follow = ask(turn, WZ)
    assert follow.kind == "region" and follow.region == region and "困难群体" in follow.question


@pytest.mark.parametrize("turn,region", [("北京有没有类似的", "北京"), ("长宁那边有没有这个说法", "长宁"),
                                         ("换成北京的话呢", "北京"), ("北京呢 困难群体有吗", "北京"),
                                         ("长宁区自己的文件有说吗", "长宁"), ("北京这块怎么讲", "北京"),
                                         ("北京有类似的吗", "北京"), ("那北京那边有没有类似的政策呢？", "北京")])
def test_a_region_with_words_pointing_back_reasks_the_last_question(turn: str, region: str) -> None:
    follow = ask(turn, WZ)
    assert follow.kind == "region" and follow.region == region and "困难群体" in follow.question


@pytest.mark.parametrize("turn", ["北京有没有孵化基地", "长宁的社工站有几个", "北京有没有类似的文件是谁发的",
                                  "温州有没有类似的", "北京有没有社会组织", "北京提供哪些服务", "北京有没有实施意见"])
def test_a_region_with_words_of_its_own_is_a_new_question(turn: str) -> None:
    """Words the last question did not hold make a question of its own; the same region is no re-ask."""
    assert ask(turn, WZ).kind != "region"


def test_a_document_of_another_region_reasks_the_question_there() -> None:
    follow = ask("上海市民政局那个举措呢", WZ)
    assert follow.kind == "region" and follow.region == "上海" and "困难群体" in follow.question


@pytest.mark.parametrize("turn", ["这个具体怎么说的", "原话是啥"])
def test_asking_for_the_wording_expands_the_last_clause(turn: str) -> None:
    follow = ask(turn, WZ)
    assert follow.kind == "expand" and follow.clause_id == "wz-2021-122/二/（三）/1"


@pytest.mark.parametrize("turn", ["那个呢？", "还有那边呢", "这个呢"])
def test_a_turn_with_nothing_to_go_on_is_clarified(turn: str) -> None:
    assert ask(turn, WZ).kind == "clarify"


@pytest.mark.parametrize("turn,part", [("协商那个展开说说", "wz-2021-122/二/（三）/2"), ("具体说说文化那个", "wz-2021-122/二/（三）/4"),
                                       ("展开说说", "wz-2021-122/二/（三）")])
def test_expanding_names_one_item_of_the_last_clause_by_its_title(turn: str, part: str) -> None:
    actions = Context("温州发挥社区社会组织作用有哪四个行动？", "温州", ("wz-2021-122",), ("wz-2021-122/二/（三）",))
    follow = ask(turn, actions)
    assert follow.kind == "expand" and follow.clause_id == part


@pytest.mark.parametrize("context,turn,clause_id", [
    (Context("五社联动的调研部署阶段干啥", None, ("cn-wushe-2023",), ("cn-wushe-2023/五/（一）",)),
     "打造示范阶段呢", "cn-wushe-2023/五/（二）"),
    (Context("温州方案附件里实体运作这项怎么评分？", "温州", ("wz-2021-122",), ("wz-2021-122/附件/实体运作",)),
     "专业服务那项呢", "wz-2021-122/附件/专业服务"),
    (Context("长宁五社联动分几个阶段", None, ("cn-wushe-2023",), ("cn-wushe-2023/五",)),
     "总结宣传阶段干啥", "cn-wushe-2023/五/（四）"),
    (Context("五社联动的调研部署阶段干啥", None, ("cn-wushe-2023",), ("cn-wushe-2023/五/（一）",)),
     "那８月份呢", "cn-wushe-2023/五/（三）"),  # 学习提升阶段（8-9月）
    (Context("北京意见坚持服务为先是啥意思", "北京", ("bj-2022",), ("bj-2022/二/（二）",)),
     "问题导向呢", "bj-2022/二/（三）"),  # 坚持问题导向
])
def test_a_short_turn_naming_a_clause_title_of_the_last_document_gets_that_clause(
        context: Context, turn: str, clause_id: str) -> None:
    follow = ask(turn, context)
    assert (follow.kind, follow.clause_id) == ("clause", clause_id)


def test_a_title_of_another_document_or_a_short_title_is_not_a_clause_reference() -> None:
    assert ask("打造示范阶段呢", WZ).kind != "clause"  # the last document is 温州's
    assert ask("备注呢", Context("评分", "温州", ("wz-2021-122",), ("wz-2021-122/附件/实体运作",))).kind != "clause"


@pytest.mark.parametrize("turn", ["我们区民政局在哪条路上", "我们街道办电话多少", "我们这边社区服务中心地址"])
def test_an_address_or_phone_of_an_unnamed_place_is_not_asked_back(turn: str) -> None:
    """No document gives addresses or phone numbers for any region: the plain refusal, not 「哪个地区？」."""
    assert ask(turn).kind == "fresh"


@pytest.mark.parametrize("turn", ["我们区有什么扶持政策", "我们这里在哪可以免费活动"])
def test_a_policy_question_about_an_unnamed_place_asks_which(turn: str) -> None:
    assert ask(turn).kind == "clarify"


@pytest.mark.parametrize("turn,clause_id", [
    ("上海那个若干举措第七条讲的是什么？", "sh-mca-2024-1/第七条"),
    ("若干举措第七条是什么内容", "sh-mca-2024-1/第七条"),
    ("北京意见第三部分讲什么", "bj-2022/三"),
    ("温州培优方案第二部分第三点说了啥", "wz-2021-122/二/（三）"),  # the point inside the part
    ("长宁五社联动方案第五部分讲的啥", "cn-wushe-2023/五"),
    # the documents' own labels (四、（一）2.) as people copy them, and 第（一）项 with its brackets
    ("长宁那个实施意见四（一）2是啥内容", "cn-2022/四/（一）/2"), ("长宁实施意见四、（一）讲了什么", "cn-2022/四/（一）"),
    ("北京意见第四部分第（三）项讲的什么", "bj-2022/四/（三）"),
])
def test_a_question_naming_a_document_and_a_clause_number_gets_that_clause_in_any_turn(turn: str, clause_id: str) -> None:
    for context in (None, WZ):
        follow = ask(turn, context)
        assert (follow.kind, follow.clause_id) == ("clause", clause_id)


def test_a_class_name_is_no_clause_label() -> None:
    assert followup.spelled_refs("三（二）班家长队要备案吗") == "三（二）班家长队要备案吗"
    assert followup.spelled_refs("四（一）2讲了啥") == "第四部分第一项第2点讲了啥"


@pytest.mark.parametrize("turn", ["若干举措第七条提到的开办补贴有多少钱",  # a detail, not what the clause says
                                  "第七条讲的是什么", "长宁那个文件第三部分讲什么",  # no document, or two alike
                                  "工作人员第三条说了什么",  # 工作 alone is no title
                                  "温州培优方案第一部分第三点说了啥"])  # 一、 has no （三）: not the heading 三、 instead
def test_a_numbered_clause_without_one_named_document_is_not_guessed(turn: str) -> None:
    assert ask(turn).kind != "clause"


def test_two_numbers_joined_by_and_are_not_one_inside_the_other() -> None:
    tasks = Context("温州工作任务有哪些", "温州", ("wz-2021-122",), ("wz-2021-122/二",))
    assert ask("第二点和第三点呢", tasks).clause_id == "wz-2021-122/二/（二）"


@pytest.mark.parametrize("turn", ["我们区备案流程怎么走", "我们这边手续怎么走"])
def test_how_the_procedure_goes_in_an_unnamed_place_still_asks_which(turn: str) -> None:
    assert ask(turn).kind == "clarify"



@pytest.mark.parametrize("turn", ["那对老年人呢", "那团队呢", "如果是备案类的呢", "那这个要多久", "那是每年还是就一次"])
def test_a_turn_narrowing_the_last_question_is_asked_with_it(turn: str) -> None:
    follow = ask(turn, SH)
    assert follow.kind == "fresh" and follow.question.startswith("市里对社区社会组织有哪些扶持资金") and turn in follow.question


@pytest.mark.parametrize("turn", ["那怎么注销呢", "那宁波呢", "天津呢", "那备案要什么材料呢"])
def test_a_new_question_or_another_place_is_not_a_narrowing(turn: str) -> None:
    assert "扶持资金" not in ask(turn, SH).question


@pytest.mark.parametrize("turn", ["上一条回答没看懂", "看不懂", "啥意思？", "你说的我没明白"])
def test_a_reply_not_understood_is_offered_another_way(turn: str) -> None:
    follow = ask(turn, SH)
    assert follow.kind == "clarify" and "转人工" in follow.notes[0]


@pytest.mark.parametrize("turn", ["安家工程是啥意思", "没看懂备案要什么材料", "不明白为什么要备案"])
def test_a_question_about_something_unclear_is_still_a_question(turn: str) -> None:
    assert ask(turn, SH).kind != "clarify" or "转人工" not in ask(turn, SH).notes[0]


def test_a_short_turn_may_be_read_with_the_last_question() -> None:
    from answering.followup import Context, resolve
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents

    docs, clauses = load_documents(), load_clauses()
    last = Context("北京街道每年要汇总哪些清单", "北京", ("bj-2022",), ("bj-2022/四/（二）",))
    same = resolve("满意度由谁来测", None, last, docs, clauses)
    assert same.kind == "fresh" and same.question == "满意度由谁来测"
    assert same.read_with_last == ("北京街道每年要汇总哪些清单，满意度由谁来测", "北京", True)
    other = resolve("温州有类似的清单吗", None, last, docs, clauses)
    assert other.read_with_last == ("温州街道每年要汇总哪些清单，温州有类似的清单吗", "温州", False)
    assert resolve("那广州咋规定的", None, last, docs, clauses).read_with_last is None  # refused for its place
    assert resolve("满意度由谁来测", None, None, docs, clauses).read_with_last is None  # nothing to read it with
    long_turn = "社区社会组织负责人培训一般由哪个部门来组织实施呢"
    assert resolve(long_turn, None, last, docs, clauses).read_with_last is None


@pytest.mark.parametrize("turn,fact", [
    ("这个文件啥时候发的", "date"), ("哪年定的", "date"), ("现在还能用不", "validity"), ("还适用吗", "validity"),
    ("活动室现在还能用吗", None),  # a room, not the document
])
def test_document_facts_in_everyday_words(turn: str, fact: str | None) -> None:
    from answering.document_questions import fact_asked

    assert fact_asked(turn) == fact


@pytest.mark.parametrize("turn", ["具体地址在哪里", "具体给多少钱啊", "详细点，电话多少", "具体补贴标准是多少",
                                  "展开说说联系方式是啥"])
def test_expanding_for_a_detail_the_last_clause_lacks_is_no_expansion(turn: str) -> None:
    """「具体地址在哪」 after 第七条 asks what the clause does not give: the clause word for word would answer nothing."""
    follow = ask(turn, SH)
    assert follow.kind != "expand"
    assert ask("具体说说", SH).kind == "expand"


@pytest.mark.parametrize("turn", ["具体怎么申请", "具体要什么材料", "具体什么时候开始", "具体怎么弄", "展开说说要交哪些材料"])
def test_expanding_for_how_or_when_still_expands_the_last_clause(turn: str) -> None:
    """Only a sum or an address no expansion can give: how, what materials and when are read from the clause itself."""
    assert ask(turn, SH).kind == "expand"

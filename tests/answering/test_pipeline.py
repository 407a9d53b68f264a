"""Retrieval with the real model and the built index: citations, refusal, region, validity."""
import datetime as dt

import pytest

from answering.pipeline import Assistant

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def retriever() -> Assistant:
    from config.settings import get_settings

    s = get_settings()
    return Assistant.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)


def test_every_welcome_question_and_every_compendium_question_as_written_is_answered(retriever, entries):
    """The web chat's examples, and any entry's own question (as tapped under 猜你想问), get that answer,
    cited, whatever the answerability model makes of its wording (「没有活动场地怎么办」 read as a procedure)."""
    import re
    from pathlib import Path

    js = (Path(__file__).resolve().parents[2] / "api" / "static" / "chat.js").read_text(encoding="utf-8")
    welcome = re.findall(r'"([^"]+)"', js.split("const COMMON_QUESTIONS = [", 1)[1].split("];", 1)[0])
    assert len(welcome) >= 4
    for question in welcome:
        answer = retriever.ask(question, top_k=5)
        assert answer.confident and answer.hits, (question, answer.reason)
    for entry in [e for e in entries if not e.silent]:
        answer = retriever.ask(entry.question, top_k=5)
        assert answer.confident and answer.source == "faq", (entry.id, entry.question, answer.reason)


@pytest.mark.parametrize("question,clause_id", [
    ("街道要定期清理不开展活动的群众活动团队吗？", "sh-mca-2024-1/第三条"),
    ("备案类的团队能不能通过财务代管申请扶持？", "sh-mca-2024-1/第七条"),
    ("长宁把社区社会组织分成哪几个层级？", "cn-2022/四/（一）/2"),
    ("五社联动是指哪五社？", "cn-wushe-2023/一"),
    ("温州社区社会团体的名称由哪些部分组成？", "wz-2021-122/二/（一）/2"),
    ("温州服务平台实体运作的办公场地面积有什么要求？", "wz-2021-122/附件/实体运作"),
    ("北京街道可以把闲置办公用房给社会组织用吗？", "bj-2022/四/（四）"),
])
def test_each_document_answers_its_own_question(retriever, question, clause_id):
    answer = retriever.ask(question, top_k=5)
    assert clause_id in [h.clause.id for h in answer.hits[:3]], [h.clause.id for h in answer.hits[:3]]
    assert answer.confident, answer.reason


@pytest.mark.parametrize("question", [
    "明天上海会下雨吗？",
    "个人所得税专项附加扣除怎么填？",
    "社区社会组织申请开办补贴能拿多少钱？",
    "群众活动团队备案要交哪些材料？去哪里办？",
    "北京社会组织孵化基地的地址和电话是多少？",
])
def test_refuses_what_the_corpus_does_not_say(retriever, question):
    answer = retriever.ask(question)
    assert not answer.confident, answer.answer
    assert "社会组织服务中心" in answer.answer and "区民政局" in answer.answer


def test_expired_document_is_quoted_but_flagged(retriever):
    answer = retriever.ask("长宁社区社会组织孵化基地怎么建？")
    assert answer.hits[0].doc.id == "cn-2022"
    assert answer.confident and "已失效" in answer.answer
    cites = answer.citations(today=dt.date(2026, 11, 22))
    assert cites[0]["in_force"] is False


def test_region_named_in_question_is_preferred(retriever):
    q = "政府购买社会组织服务有什么规定？"
    assert retriever.ask("北京" + q).hits[0].doc.region_key == "北京"
    assert retriever.ask(q, region="长宁").hits[0].doc.id == "cn-2022"


def test_an_answer_to_a_question_naming_no_region_says_which_regions_it_drew_on(retriever):
    answer = retriever.ask("政府购买社会组织服务有什么规定？")
    labels = list(dict.fromkeys(h.doc.region_label for h in answer.hits[:5]))
    assert answer.confident and len(labels) > 1, (answer.reason, labels)
    line = answer.answer.splitlines()[-1]
    assert line.startswith("您没有说明地区：以上回答依据") and answer.hits[0].doc.region_label in line
    assert all(label in line for label in labels), line
    assert sum("您没有说明地区" in text for text in answer.answer.splitlines()) == 1


@pytest.mark.parametrize("question,region", [("北京街道可以把闲置办公用房给社会组织用吗？", None),
                                             ("政府购买社会组织服务有什么规定？", "长宁")])
def test_a_question_or_channel_with_a_region_gets_no_regions_line(retriever, question, region):
    answer = retriever.ask(question, region=region)
    assert answer.confident and "您没有说明地区" not in answer.answer


def test_answer_from_another_region_says_so(retriever):
    answer = retriever.ask("北京社区社会组织的注销登记指引是怎么规定的？")
    if answer.hits[0].doc.region_key != "北京":
        assert "北京" in answer.answer and "地区差异" in answer.answer


def test_validity_question_answered_from_metadata(retriever):
    answer = retriever.ask("长宁这个实施意见有效期到什么时候？")
    assert answer.confident and "2025年12月31日" in answer.answer
    bj = retriever.ask("北京这份促进社会组织参与社区治理的意见有效期到哪年？")
    assert not bj.confident and "没有写明" in bj.answer


def test_answer_is_extractive(retriever):
    answer = retriever.ask("市民政局对高评估等级的社区社会组织有什么补贴？", use_faq=False)
    assert answer.source == "clauses"
    top = answer.hits[0].clause
    quoted = answer.answer.split("“", 1)[1].split("”", 1)[0].replace("……", "")
    assert all(part in top.text.replace("\n", "") for part in quoted.split("……") if part)


def test_compendium_answers_first_with_its_clauses(retriever):
    """A paraphrase none of the entry's phrasings writes (「…有啥不一样？」 was refused after q15 joined the bank:
    p 0.747 under the compendium threshold 0.76, see tools/train_answerability.C)."""
    answer = retriever.ask("社区社会组织分几个层级啊")
    assert answer.source == "faq" and answer.faq_id
    entry = retriever.faq.by_id(answer.faq_id)
    assert [h.clause.id for h in answer.hits[:len(entry.clause_ids)]] == list(entry.clause_ids)
    assert entry.answer.split("（")[0][:20] in answer.answer


def test_compendium_entry_without_the_asked_detail_does_not_answer(retriever):
    answer = retriever.ask("福彩公益金项目申报截止到几月几号？")
    assert not answer.confident


def test_place_outside_the_corpus_is_not_answered_confidently(retriever):
    answer = retriever.ask("杭州的社区社会组织怎么备案？")
    assert not answer.confident and "杭州" in answer.answer


@pytest.mark.parametrize("question", [
    "长宁区哪里有好吃的本帮菜馆推荐？",
    "社区社会组织收到的捐款要不要交企业所得税？",
    "社区社会组织能不能收会费？会费标准怎么定？",
    "社会组织规范化评估等级的有效期是几年？",
    "北京朝阳区街道社会组织发展专项资金每年有多少？",
    "社区社会组织负责人年龄有上限吗？超过70岁还能当吗？",
    "当社区组织的负责人有没有工资？一个月多少？",
])
def test_questions_the_documents_do_not_answer_are_refused(retriever, question):
    answer = retriever.ask(question)
    assert not answer.confident, (answer.reason, answer.answer)
    assert "2025年12月31日" not in answer.answer  # a grade's validity is not the document's


def test_front_matter_does_not_answer_a_substantive_question(retriever):
    answer = retriever.ask("社区社会组织可以通过哪些方式获得扶持资金？", use_faq=False)
    assert answer.confident and not answer.hits[0].clause.id.endswith(("/通知", "/序言"))


@pytest.mark.parametrize("question, clause_id, says", [
    ("长宁区“五社联动”工作方案的文号是什么？", "cn-wushe-2023/通知", "长社管联办〔2023〕1号"),
    ("五社联动那个方案 是谁发的呀 啥时候发的", "cn-wushe-2023/通知", "2023年"),
    ("上海市民政局制定持续推进社区社会组织高质量发展若干举措的依据是什么？", "sh-mca-2024-1/序言", "贯彻"),
    ("《关于促进社会组织参与社区治理的意见》制定的目的是什么？", "bj-2022/序言", "引导和促进"),
])
def test_a_question_about_the_document_itself_is_answered_from_its_front_matter(retriever, question, clause_id, says):
    answer = retriever.ask(question)
    assert answer.confident and answer.hits[0].clause.id == clause_id and says in answer.answer


def test_an_entry_about_a_document_does_not_answer_a_question_about_its_substance(retriever):
    answer = retriever.ask("温州培优行动的工作任务分哪几大块？")
    assert answer.hits[0].clause.id == "wz-2021-122/二" and "优化培育体系" in answer.answer


def test_a_colloquial_question_finds_the_policy_clause(retriever):
    answer = retriever.ask("我们小区跳广场舞的十几个阿姨，要去街道办个啥手续不？")
    assert answer.hits[0].clause.id in {"cn-2022/四/（一）/2", "sh-mca-2024-1/第二条", "cn-2022/四/（一）/3"}


def test_the_direct_answer_leads_and_the_citation_follows(retriever):
    answer = retriever.ask("备案类的团队能不能通过财务代管申请扶持？", use_faq=False)
    first, second = answer.answer.split("\n")[:2]
    assert first.startswith("“") and "财务代管" in first and second.startswith("——《")
    assert answer.citations()[0]["full_text"].startswith("丰富扶持资金")


def test_follow_ups_use_the_context_the_answer_returns(retriever):
    from answering.followup import Context

    first = retriever.ask("长宁对社区社会组织孵化基地有什么要求？")
    assert first.context["doc_ids"] == ["cn-2022"] and first.context["region"] == "长宁"
    beijing = retriever.ask("那北京呢？", context=Context.from_dict(first.context))
    assert beijing.hits[0].doc.id == "bj-2022" and beijing.context["region"] == "北京"
    assert {h.doc.id for h in beijing.hits[:2]} == {"bj-2022"}  # the region asked for, not the previous one
    valid = retriever.ask("这个文件还有效吗？", context=Context.from_dict(beijing.context))
    assert valid.hits[0].doc.id == "bj-2022" and "有效期" in valid.answer
    issuer = retriever.ask("它是哪个部门发的？", context=Context.from_dict(first.context))
    assert issuer.confident and "由上海市长宁区" in issuer.answer
    clause = retriever.ask("第七条讲的是什么？", context=Context.from_dict(
        {"question": "若干举措", "doc_ids": ["sh-mca-2024-1"], "clause_ids": ["sh-mca-2024-1/第二条"]}))
    assert clause.confident and clause.hits[0].clause.id == "sh-mca-2024-1/第七条"
    unresolved = retriever.ask("那北京呢？")
    assert unresolved.source == "clarify" and not unresolved.confident


def test_this_document_after_an_answer_quoting_two_documents_is_asked_back(retriever):
    from answering.followup import Context

    first = retriever.ask("社会组织能不能调解邻里纠纷")
    assert "另见《" in first.answer and len({h.doc.id for h in first.hits[:2]}) == 2  # the premise: two documents quoted
    assert first.context["doc_ids"][:2] == [h.doc.id for h in first.hits[:2]]
    which = retriever.ask("这个文件还有效吗", context=Context.from_dict(first.context))
    assert which.source == "clarify" and "哪一份" in which.answer


def test_this_document_after_a_question_naming_no_place_answered_from_several_is_asked_back(retriever):
    from answering.followup import Context

    general = retriever.ask("街道闲置的房子能给社会组织用吗")  # no place named; the top three span documents
    assert general.confident and len({h.doc.id for h in general.hits[:3]}) > 1
    which = retriever.ask("这个谁定的", context=Context.from_dict(general.context))
    assert which.source == "clarify" and "哪一份" in which.answer
    single = retriever.ask("北京街道闲置的房子能给社会组织用吗")
    assert "另见" not in single.answer and single.context["doc_ids"] == ["bj-2022"]
    issuer = retriever.ask("这个谁定的", context=Context.from_dict(single.context))
    assert issuer.source != "clarify" and issuer.hits[0].doc.id == "bj-2022"


def test_suggestions_are_nearby_compendium_questions(retriever):
    answer = retriever.ask("群众活动团队怎么备案？")
    assert 0 < len(answer.suggestions) <= 3 and all(isinstance(s, str) and s for s in answer.suggestions)
    assert answer.answerability is not None and 0.0 <= answer.answerability <= 1.0


def test_another_districts_document_does_not_answer_for_a_named_district():
    from answering.compose import candidate_gap
    from corpus.clauses import load_clauses
    from corpus.documents import load_documents
    from retrieval.ranking import Hit

    docs, clauses = load_documents(), load_clauses()
    hit = Hit(clauses["cn-2022/四/（三）/9"], docs["cn-2022"], 1.0, 0.0, 0.0)
    assert "普陀区" in candidate_gap("普陀区政府购买服务指导性目录有吗", hit)
    assert candidate_gap("长宁区政府购买服务指导性目录由谁制定？", hit) is None
    city_wide = Hit(clauses["sh-mca-2024-1/第八条"], docs["sh-mca-2024-1"], 1.0, 0.0, 0.0)
    assert candidate_gap("普陀区能用闲置用房吗", city_wide) is None


def test_a_question_naming_two_districts_is_not_refused_for_the_first_one():
    from answering.compose import other_district
    from corpus.documents import load_documents

    changning = load_documents()["cn-2022"]
    assert other_district("我在徐汇，长宁区的公益微创投能参加吗", changning) is None
    assert "普陀区" in other_district("普陀区有没有社会组织专项资金", changning)


def test_a_compendium_entry_from_another_districts_document_does_not_answer(retriever):
    answer = retriever.ask("普陀区有没有社会组织专项资金")
    assert not (answer.confident and answer.source == "faq" and
                any(h.doc.id == "cn-2022" for h in answer.hits[:1]))


def test_novelty_knows_every_indexed_clause(retriever: Assistant) -> None:
    """Built from the index as BM25 reads it: no clause's own words are novel, a restaurant's are."""
    for clause in retriever.retriever.clauses[:80]:
        assert retriever.novelty.share(clause.text[:40]) == 0.0, clause.id
    assert retriever.novelty.share("长宁区哪里有好吃的本帮菜馆推荐？") > 0.3


def test_a_refusal_does_not_say_the_documents_lack_a_detail_the_leading_clause_states(retriever: Assistant) -> None:
    """温州's clause states 「比例原则上不低于10%」: whatever the decision, the reply must not say no ratio is written."""
    answer = retriever.ask("温州要求政府新增公共服务支出向社会组织购买服务的比例不低于多少？")
    assert answer.hits[0].clause.id == "wz-2021-122/三/（二）"
    assert "没有写明具体比例" not in answer.answer


def test_a_full_width_question_is_embedded_once(retriever: Assistant) -> None:
    """The compendium matcher reads the question width-folded, as the retriever does: one shared embedding."""
    inner = retriever.retriever.embedder.inner
    texts: list[str] = []
    original = inner.encode_queries
    inner.encode_queries = lambda batch: (texts.extend(batch), original(batch))[1]
    try:
        retriever.ask("温民社组〔２０２１〕１２２号是哪个文件？（第２７条）")
    finally:
        del inner.encode_queries
    assert texts == ["温民社组〔2021〕122号是哪个文件？（第27条）"]


def test_suggestions_leave_out_entries_that_say_the_documents_are_silent(retriever):
    """「社会组织服务中心的地址和联系电话是多少？」 is a silent entry: tapping it would only get a refusal."""
    silent = {e.question for e in retriever.faq.entries if e.silent}
    assert "社会组织服务中心的地址和联系电话是多少？" in silent
    for question in ("街道社会组织服务中心在哪里", "社会组织服务中心电话多少", "群众活动团队怎么备案？"):
        assert not silent & set(retriever.ask(question).suggestions), question


def test_a_refusal_led_by_another_regions_clause_leaves_no_document_to_refer_to(retriever):
    from answering.followup import Context
    from answering.types import Answer

    hit = retriever.retriever.rank("北京社会组织参与社区治理", "北京")[0]
    assert hit.doc.id == "bj-2022"
    refused = Answer("温州社会组织对老年人有什么服务", "抱歉", False, [hit], "低于阈值")
    from answering.followup import FollowUp
    ctx = retriever._context(refused, FollowUp("fresh", "温州社会组织对老年人有什么服务", "温州"))
    assert ctx["doc_ids"] == [] and ctx["question"]  # the question stays for 「那北京呢」
    who = retriever.ask("谁发的", context=Context.from_dict(ctx))
    assert who.source == "clarify"
    unnamed = retriever._context(refused, FollowUp("fresh", "社会组织对老年人有什么服务", None))
    assert unnamed["doc_ids"] == ["bj-2022"]  # no region asked: the nearest clause's document is meant
    other = retriever.retriever.rank("长宁孵化基地", "长宁")[0]
    third = retriever.retriever.rank("温州社会组织服务平台", "温州")[0]
    assert len({hit.doc.id, other.doc.id, third.doc.id}) == 3
    scattered = Answer("那个咋弄", "抱歉", False, [hit, other, third], "低于阈值")
    assert retriever._context(scattered, FollowUp("fresh", "那个咋弄", None))["doc_ids"] == []  # 「那个文件过期没」 is asked back
    mostly = Answer("那个咋弄", "抱歉", False, [hit, other, hit], "低于阈值")  # its document twice in three: it stands
    assert retriever._context(mostly, FollowUp("fresh", "那个咋弄", None))["doc_ids"] == ["bj-2022"]
    for greeting in ("在吗", "你好", "您好！", "哈喽"):  # a greeting refers to nothing, whatever its nearest clauses
        hello = Answer(greeting, "抱歉", False, [hit, other, hit], "低于阈值")
        assert retriever._context(hello, FollowUp("fresh", greeting, None))["doc_ids"] == []


def test_a_short_turn_is_read_with_the_last_question_when_that_reading_is_surer(retriever):
    """「测评谁来做」 alone leads with 温州's 组织培育 score; read with the last question (长宁's 评价机制) the model is
    surer of 长宁's clause on 满意度测评, so that reading answers."""
    from answering.followup import Context

    first = retriever.ask("长宁对居民评价社区治理绩效有什么说法")
    alone = retriever.ask("测评谁来做")
    assert first.confident and alone.hits[0].clause.id != "cn-2022/四/（七）/17"  # the premise
    joined = retriever.ask("测评谁来做", context=Context.from_dict(first.context))
    assert joined.confident and joined.hits[0].clause.id == "cn-2022/四/（七）/17"
    assert joined.context["question"] == "长宁对居民评价社区治理绩效有什么说法，测评谁来做"
    elsewhere = retriever.ask("那广州咋规定的", context=Context.from_dict(first.context))
    assert not elsewhere.confident and "广州" in elsewhere.answer


def test_a_turn_asking_two_document_facts_gets_both(retriever):
    from answering.document_questions import facts_asked
    from answering.followup import Context

    assert facts_asked("这个文件还有效吗？谁发的") == ["validity", "issuer"]
    first = retriever.ask("北京鼓励社会组织参与平安社区吗")
    both = retriever.ask("这个文件还有效吗？谁发的", context=Context.from_dict(first.context))
    assert "有效期" in both.answer and "北京市民政局印发" in both.answer  # was the validity alone (the resident)


def test_a_turn_asking_only_what_the_clause_just_cited_gives_is_answered_from_it(retriever):
    """「收费不」 after 北京's 闲置办公用房 (无偿或优惠): that clause, though the turn alone and read with the last question
    rank others first; 「收费不」 after a clause saying nothing of a fee stays unanswered."""
    from answering.followup import Context

    first = retriever.ask("北京街道闲着的办公用房社会组织能借来办活动吗")
    assert first.hits[0].clause.id == "bj-2022/四/（四）"
    fee = retriever.ask("那收费不", context=Context.from_dict(first.context))
    assert fee.confident and fee.hits[0].clause.id == "bj-2022/四/（四）"
    filing = retriever.ask("上海群众活动团队备案有什么要求")
    assert not retriever.ask("收费吗", context=Context.from_dict(filing.context)).confident


@pytest.mark.parametrize("question, clause_id", [("那安家工程是啥", "cn-2022/四/（一）/5"),
                                                 ("好的。问下公益伙伴月是啥活动", "cn-2022/四/（四）/13")])
def test_what_a_programme_named_in_quotes_is_gets_the_clause_that_names_it(retriever, question, clause_id):
    answer = retriever.ask(question)
    assert answer.confident and answer.hits[0].clause.id == clause_id


def test_an_entry_silent_on_a_detail_answers_only_a_question_asking_it(retriever):
    """「社工专业人才津贴有多少？」 says the documents give no sum; 「长宁的社工有没有人才津贴呀」 asks none, and the clause that
    writes 落实社工专业人才津贴 answers it."""
    asked = retriever.ask("社工专业人才津贴有多少钱")
    assert asked.source == "faq" and not asked.confident
    whether = retriever.ask("长宁的社工有没有人才津贴呀")
    assert whether.confident and whether.source == "clauses" and whether.hits[0].clause.id == "cn-wushe-2023/四/（四）"


@pytest.mark.parametrize("question", ["温州的社区社会组织起名字能不能重复", "政策服务包是干嘛用的"])
def test_an_entry_silent_on_what_its_own_question_asks_no_detail_of_still_answers(retriever, question):
    """Entries whose own question asks no detail (「…能不能重复？」) keep saying the documents are silent."""
    answer = retriever.ask(question)
    assert answer.source == "faq" and not answer.confident, (answer.source, answer.reason)


def test_a_paraphrase_of_the_tiers_entry_about_their_difference_is_answered(retriever):
    answer = retriever.ask("群众活动团队跟社区活动小组有啥不一样？")
    assert answer.confident and answer.source == "faq"

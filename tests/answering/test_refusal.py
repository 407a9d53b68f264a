"""The refusal gate on its own (no model, no index): task requests, validity questions, missing
details of every kind, quantity units, quoted terms, documents outside the corpus, coverage."""
from __future__ import annotations

import pytest

from answering.refusal import (
    asks_validity,
    content_terms,
    coverage,
    external_document,
    is_task_request,
    missing_detail,
)
from answering import refusal
from corpus.clauses import load_clauses


@pytest.mark.parametrize("question", ["帮我写一份活动方案", "请帮我起草一份社区社会组织章程", "麻烦你给我拟一份通知",
                                      "  翻译一段政策原文", "设计一张宣传海报"])
def test_task_requests(question):
    assert is_task_request(question)


@pytest.mark.parametrize("question", ["活动方案怎么写才能通过评审？", "社区社会组织怎么备案？", "写字楼能做活动场地吗",
                                      "帮我看看能申请哪些补贴"])
def test_policy_questions_are_not_task_requests(question):
    assert not is_task_request(question)


@pytest.mark.parametrize("question,expected", [
    ("这个实施意见有效期到什么时候？", True), ("这份文件现在还有效吗", True), ("什么时候起施行", True),
    ("过期了没有", True), ("能管多久", True), ("社区社会组织怎么备案？", False), ("补贴有多少", False),
])
def test_asks_validity(question, expected):
    assert asks_validity(question) is expected


# Each kind of detail: (question, a clause that holds it, a clause that does not, what the user is told).
DETAILS = [
    ("开办补贴能拿多少钱？", "对新成立的社区社会组织给予每家2万元的开办补贴。", "对新成立的社区社会组织给予开办补贴。", "具体金额"),
    ("服务中心的联系电话是多少？", "咨询电话：021-62345678。", "由街道社区社会组织服务中心提供咨询。", "地址、网址或联系方式"),
    ("网上申报的网址是什么", "登录 https://mzj.sh.gov.cn 在线申报。", "在线申报。", "地址、网址或联系方式"),
    ("群众活动团队去哪里备案？", "向所在街道社区社会组织服务中心申请备案。", "群众活动团队应当备案。", "办理地点或部门"),
    ("备案要准备什么材料？", "提交备案申请书和负责人身份证明。", "群众活动团队应当备案。", "所需材料"),
    ("申报截止到几号？", "申报于每年3月31日截止。", "每年组织一次项目申报。", "办理时限"),
    ("最晚什么时候前提交？", "请于每年3月31日前提交。", "按要求提交。", "办理时限"),
    ("孵化期最长几年？", "孵化期一般为2年。", "入驻孵化基地接受培育。", "具体期限或时长"),
    ("多久评估一次", "每年开展一次评估。", "定期开展评估。", "具体期限或时长"),
    ("评审会在什么时间举办？", "评审会于每年6月举办。", "定期举办评审会。", "具体时间"),
    ("目标定到哪一年", "到2025年底，实现全覆盖。", "逐步实现全覆盖。", "具体时间"),
    ("购买服务中支持的比例不低于多少？", "支持比例不低于30%。", "加大购买服务力度。", "具体比例"),
    ("拿到的补贴要交税吗？", "符合条件的可申请非营利组织免税资格。", "对新成立的组织给予开办补贴。", "税收规定"),
    ("比重要提高到百分之多少？", "比重提高到百分之三十。", "提高社区治理类项目的比重。", "具体比例"),
    ("区社会组织联合会会长是谁", "联合会会长由张某某同志担任。", "发挥区社会组织联合会作用。", "负责人姓名"),
    ("备案要交钱吗", "闲置用房通过无偿使用等优惠方式提供给社区社会组织。", "通过补贴（一次性开办补贴、房租补贴）等方式扶持。",
     "是否收费"),
]


@pytest.mark.parametrize("question", ["政府花钱买服务，会优先找社会组织吗", "能拿点钱不", "去哪里申请资金",
                                      "街道付费购买服务有哪些项目", "政府付钱购买服务，社会组织怎么参与", "免费体检算养老服务吗"])
def test_getting_or_spending_public_money_is_no_fee_asked(question):
    assert "fee" not in refusal.asked_details(question)


@pytest.mark.parametrize("question", ["社区社会组织负责人是谁来培训", "负责人叫什么名字要登记吗", "街道谁负责备案",
                                      "社区社会组织负责人是谁？", "谁是社区社会组织负责人的合适人选", "谁是负责人培训的主办单位"])
def test_asking_who_does_something_is_no_person_asked_by_name(question):
    assert "person" not in refusal.asked_details(question)


@pytest.mark.parametrize("question", ["要提高比重的项目有哪几类", "提高持证社工比例有哪几种办法"])
def test_which_kinds_under_a_ratio_ask_no_ratio(question):
    assert "ratio" not in refusal.asked_details(question)


@pytest.mark.parametrize("question,holds,lacks,label", DETAILS)
def test_missing_detail_for_each_kind(question, holds, lacks, label):
    assert missing_detail(question, lacks) == label
    assert missing_detail(question, holds) is None


def test_every_detail_kind_is_covered_above():
    labels = {label for _kind, _ask, _evidence, label in refusal._ASKS}
    assert labels == {label for *_rest, label in DETAILS}


def test_a_year_is_not_a_duration():
    """'2023年' names a year; only a span like '3年' answers 多久."""
    assert missing_detail("这个方案管多久？", "本方案自2023年起施行。") == "具体期限或时长"
    assert missing_detail("这个方案管多久？", "实施期为3年。") is None


def test_a_quoted_count_names_the_listed_noun():
    """「四个群众」 is how people name 群众提出、群众参与、群众评判、群众受益; a quoted term the clause
    lacks altogether is still missing."""
    listed = "强调群众提出、群众参与、群众评判、群众受益，梳理需求清单和项目清单。"
    assert missing_detail("摸底调研强调哪“四个群众”的理念？", listed) is None
    assert missing_detail("要梳理出哪“两张清单”？", listed) is None
    assert missing_detail("“五社联动”是什么？", listed) == "关于“五社联动”的内容"


def test_working_days_answer_how_long():
    """'10个工作日内' states both the time limit and the length asked for by 多长时间内."""
    assert missing_detail("审核多长时间内办完", "街道负责审核。") == "办理时限"
    assert missing_detail("审核多长时间内办完", "街道在10个工作日内完成审核。") is None


def test_whitespace_in_the_clause_does_not_hide_a_detail():
    assert missing_detail("开办补贴能拿多少钱？", "给予每家 2\n万元 补贴") is None


def test_first_missing_kind_is_reported():
    assert missing_detail("补贴多少钱，去哪里申请？", "每家补贴2万元。") == "办理地点或部门"


@pytest.mark.parametrize("question,unit", [
    ("培训多少课时？", "课时"), ("社区社会组织分几级", "级"), ("要满几个月", "个月"), ("建设多少个基地", "个"),
    ("哪几个部门负责", None), ("怎么备案", None), ("需要几家单位联合", "家"),
])
def test_quantity_unit(question, unit):
    assert refusal._quantity_unit(question) == unit


def test_quantity_detail():
    assert missing_detail("每年培训多少课时？", "每年组织骨干培训。") == "具体数量（课时）"
    assert missing_detail("每年培训多少课时？", "每年培训不少于12课时。") is None
    assert missing_detail("社区社会组织分几级？", "分为三级管理。") is None
    assert missing_detail("要建多少个基地", "建设10个孵化基地。") is None
    assert missing_detail("哪几个部门负责？", "由民政部门负责。") is None  # 哪几 asks which, not how many


def test_a_count_asked_with_ge_is_given_in_any_measure_word():
    """「配几个社工」 and 「配备1—2名…社会工作者」: 个 is the everyday measure word of a count the documents write with 名."""
    clause = "有条件的枢纽型组织应配备1—2名专职或兼职社会工作者。"
    assert missing_detail("温州枢纽型的社区社会组织要配几个社工", clause) is None
    assert missing_detail("温州枢纽型的社区社会组织要配几个社工", "鼓励配备专职社会工作者。") == "具体数量（个）"
    assert missing_detail("要配几个社工", "配备社会工作者，每年培训2次。") == "具体数量（个）"  # a figure, not a count of 个


def test_quoted_terms_must_appear_in_the_clause():
    assert missing_detail("什么是“五社联动”？", "“五社联动”是指社区、社会组织……") is None
    assert missing_detail("什么是“三社联动”？", "“五社联动”是指社区、社会组织……") == "关于“三社联动”的内容"
    assert missing_detail("「社区启航计划」怎么申请", "实施社区社会组织培育计划。") == "关于“社区启航计划”的内容"
    assert missing_detail("“五社 联动”", "五社联动") is None  # whitespace inside the quote is ignored


TITLES = ["关于促进社会组织参与社区治理的意见", "上海市民政局关于持续推进社区社会组织高质量发展的若干举措"]


def test_external_document_asked_about_its_contents():
    assert external_document("《中华人民共和国慈善法》里面具体规定了什么？", TITLES) == "中华人民共和国慈善法"
    assert external_document("《社会团体登记管理条例》包括什么内容", TITLES) == "社会团体登记管理条例"


def test_external_document_not_flagged():
    assert external_document("《中华人民共和国慈善法》是哪年发布的？", TITLES) is None  # not about its contents
    assert external_document("《关于促进社会组织参与社区治理的意见》里面具体有哪些？", TITLES) is None  # ours
    assert external_document("《促进社会组织参与社区治理的意见》具体内容", TITLES) is None  # part of our title
    assert external_document("《民法典》具体内容", TITLES) is None  # under four characters: not taken as a title
    assert external_document("社区社会组织具体有哪些扶持", TITLES) is None


def test_content_terms_drop_scaffolding():
    assert content_terms("社区社会组织怎么备案？") == ["社区", "社会", "组织", "区社", "会组", "备案"]
    assert content_terms("能不能申请补贴") == ["申请", "补贴"]
    assert content_terms("温州社区基金会名称有什么规定？") == ["温州", "社区", "基金", "金会", "区基", "名称"]
    assert content_terms("什么样的") == []
    assert content_terms("") == []


def test_coverage_known_values():
    assert coverage("社区社会组织怎么备案？", "社区社会组织 应当\n备案") == 1.0
    assert coverage("社区社会组织怎么备案？", "社区组织") == pytest.approx(2 / 6)  # 社区, 组织
    assert coverage("温州社区基金会名称有什么规定？", "社区基金会") == pytest.approx(4 / 6)  # 社区 基金 金会 区基
    assert coverage("什么样的", "任何文字") == 0.0  # no content terms: nothing is covered
    assert coverage("社区社会组织怎么备案？", "") == 0.0


def test_a_time_asked_in_a_list_is_not_a_clock_time():
    assert "time" not in refusal.asked_details("在完善参与机制方面提出了哪几点？")


@pytest.mark.parametrize("question,lacks,holds", [
    ("成立党支部需要走哪些程序？", "鼓励社区社会组织建立党组织。", "向街道党工委提出申请，经审核同意后成立。"),
    ("备案的具体流程是什么", "群众活动团队应当备案。", "由居委会初审后报街道备案。"),
])
def test_a_procedure_needs_steps_or_whom_to_apply_to(question, lacks, holds):
    assert missing_detail(question, lacks) == "办理程序"
    assert missing_detail(question, holds) is None


@pytest.mark.parametrize("question,procedure", [
    ("群众活动团队没有活动场地怎么办？", False), ("温州这边社区组织没地方活动咋办啊", False), ("缺钱咋办", False),
    ("社会组织名称预先核准怎么办啊", True), ("没有备案的团队怎么办理备案", True), ("没场地怎么办？流程是啥", True),
    ("没有备案的团队怎么办", True), ("没有登记的社会组织怎么办", True), ("不让备案怎么办", True),  # a state, not a lack
])
def test_what_to_do_about_a_lack_is_no_procedure(question, procedure):
    assert refusal.asks_procedure(question) is procedure


def test_a_money_or_space_question_needs_an_answer_that_speaks_of_it():
    after = "已备案的群众活动团队要及时分类，确保数据真实准确。"
    assert refusal.missing_topic("备案了以后街道会给钱吗？", after) == "资金"
    assert refusal.missing_topic("备案了以后街道会给钱吗？", "帮助备案类社区社会组织申请和享受相关扶持政策。") is None
    assert refusal.missing_topic("没地方活动咋办", after) == "场地"
    assert refusal.missing_topic("备案以后要做什么", after) is None


@pytest.mark.parametrize("question,attribute", [
    ("负责人有没有年龄上限？", "年龄"), ("退休老干部当负责人 有没有级别要求", "级别"), ("活动人数有没有限制", "人数"),
    ("对场地有要求吗", "场地"), ("备案有什么要求", None), ("评分表要求服务平台利用哪些方式？", None),
    ("我们有要求吗", None), ("要求上有啥不一样", None),
])
def test_a_requirement_on_an_attribute_needs_that_attribute(question, attribute):
    lacks = "负责人应当遵纪守法，热心公益。"
    assert missing_detail(question, lacks) == (f"对{attribute}的要求" if attribute else None)
    if attribute:
        assert missing_detail(question, f"{lacks}{attribute}方面另有规定。") is None


@pytest.mark.parametrize("question,asks", [
    ("平台运营方的专职社工要配几个人", True), ("要配备几名社工", True), ("需要几个人才能备案", True),
    ("我们几个人想搞个舞蹈队", False), ("小区几个阿姨想跳舞", False),
])
def test_how_many_people_is_asked_only_after_a_staffing_verb(question, asks):
    assert ("quantity" in refusal.asked_details(question)) is asks


@pytest.mark.parametrize("question,kind", [
    ("陪伴式赋能 一年给多少家服务中心做呀", "amount"),
    ("支持社会组织在哪些服务领域承接项目？", "place"),
    ("乡镇（街道）在拓展资源供给时要链接的个人资源主要有哪些？", "contact"),
    ("培优行动那个文件文号多少啊？我要写进材料里", "materials"),
])
def test_words_that_only_look_like_a_detail_ask_for_none(question, kind):
    assert kind not in refusal.asked_details(question)


@pytest.mark.parametrize("question,kind", [
    ("培优行动给每个社区组织补多少钱啊", "amount"), ("注销登记要交哪些材料", "materials"),
    ("“一网通办”的入口链接是什么？", "contact"), ("备案窗口在哪里", "place"),
    ("我们想申请福彩的钱来帮助残疾人，要写什么材料交上去？", "materials"),
])
def test_the_same_words_asking_for_the_detail_still_do(question, kind):
    assert kind in refusal.asked_details(question)


def test_a_quoted_name_typed_full_width_is_found_half_width():
    assert missing_detail("４个“社区社会组织＋”行动分别是啥？", "实施“社区社会组织+协商”行动") is None
    assert missing_detail("“社区社会组织＋”行动分别是啥？", "实施协商行动") is not None


@pytest.mark.parametrize("question,kinds", [
    ("我们温州小区几个退休的老头想组个巡逻队搞搞治安巡逻，这种社区组织政策上支持不", set()),  # 几个 = a few
    ("我们组织想招几个找工作困难的人来上班，上海有没有吸纳就业的补贴？", set()),
    ("社工站里要配几个持证社工啊 有人数要求没", {"quantity"}),  # the part with 几 asks too
    ("五社联动分几个阶段搞呀 每个阶段啥时候", {"quantity", "time"}),
    ("我个人给社区基金会捐钱，能抵个税吗？能抵多少？", {"amount", "tax"}),  # 钱 told, 多少 asked: still an amount
    ("我们社会组织给街道做了项目，要开发票给街道，怎么开？", {"tax"}),  # a part that tells keeps its words
    ("街道多久清理一次啊，是每年年底吗", {"duration"}),
])
def test_a_number_is_asked_only_where_the_question_asks(question: str, kinds: set[str]) -> None:
    assert refusal.asked_details(question) == kinds


@pytest.mark.parametrize("question", ["成立一个队伍需要几个人以上，有要求吗", "社区社会组织要多少人以上才能备案，有规定吗"])
def test_a_number_needed_is_asked_before_another_question(question: str) -> None:
    assert "quantity" in refusal.asked_details(question)


CLAUSES = load_clauses()


@pytest.mark.parametrize("turn,cited,gives", [
    ("收费不", "bj-2022/四/（四）", True),  # 通过无偿或优惠的方式
    ("那要不要钱啊", "cn-2022/四/（一）/5", True),  # 无偿使用
    ("收费吗", "sh-mca-2024-1/第二条", False),  # says nothing of a fee
    ("要到啥时候完成", "cn-wushe-2023/三/（一）", True),  # 2023 年底
    ("啥时候开始", "bj-2022/四/（四）", False),
    ("给多少钱", "bj-2022/四/（四）", False),  # a sum is no figure the clause gives
    ("要交什么材料", "cn-2022/四/（一）/5", False),
])
def test_a_turn_asking_only_what_the_clause_gives(turn: str, cited: str, gives: bool) -> None:
    assert refusal.asks_what_it_gives(turn, CLAUSES[cited].text) is gives


@pytest.mark.parametrize("question, kind, asked", [
    ("温州平台评估拿多少分能算示范型", "amount", False),            # points of a score, not money
    ("评上要拿多少分", "amount", False),
    ("一年能拿多少补贴", "amount", True),
    ("专项资金的规模以及单个项目资助上限是多少？", "amount", True),   # 资助 … 多少, however far apart
    ("被资助的组织有多少家", "amount", False),                       # a count of organisations
    ("我妈老是接到骗钱的电话，社区组织会给老人讲讲防骗吗？", "contact", False),  # calls received, no number asked
    ("老有骗人的电话打来，社区能管管吗", "contact", False),
    ("街道办电话多少", "contact", True),
])
def test_which_detail_a_question_asks(question: str, kind: str, asked: bool) -> None:
    assert (kind in refusal.asked_details(question)) is asked

"""When the corpus does not answer: the refusal decision and its reason.

A question is answered only when the best clause covers what it is about AND holds the kind of
detail it asks for. Users often ask for amounts, durations, places or materials the documents never
state; a topically similar clause must not be passed off as the answer to those.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.text import cjk_bigrams, compact, quoted_names
from retrieval.tokenize import STOPWORDS, tokenizer, words

_NUM = r"[0-9０-９一二三四五六七八九十两百千万]+"
_SPAN = r"(?<![0-9])(?:[0-9]{1,3}|[一二三四五六七八九十两百]+)"  # a length of time, not a year like 2023
_MEASURE_1 = "个次级年月天日周家名项分条类元万人岁期轮批届"
_MEASURE_2 = ("课时", "学时", "小时", "平方", "公里", "个月", "万元")
# 「配几个社工」 is answered by 「配备1—2名…社会工作者」: 个 asks a count, whatever measure word the documents write
_AS_COUNTED = {"个": "[个名位人家所项类种条支]"}
# (kind, pattern in the question, evidence a clause must contain, what to tell the user)
_ASKS = [
    ("amount", r"多少[\u4e00-\u9fff]{0,3}(钱|资金|补贴|经费|奖|租金|费|元|款|基金|税)|(抵|免|减|退)多少(?![家个名人次项场期批所户年天])|(补|给|拿|交)多少(?![家个名人次项场期批所户分岁])|金额|"
               r"几万|收费|价格|(补贴|补助|资助|会费|收费|租金|费用|工资|薪酬|报酬|津贴|奖励|奖金)标准|"
               r"(钱|资金|补贴|补助|资助|经费|奖金|奖励|租金|费用|基金|会费|工资|薪酬|报酬|津贴|成本)[^。]{0,12}(多少|几万|几千|几百)(?![家个名人次项场期批所户])",
     rf"{_NUM}\s*(万?元|万)", "具体金额"),
    # whether something costs the user money (「备案要交钱吗」「场地免费吗」): answered by a clause that says 无偿/免费 or a sum
    ("fee", r"(交|掏)[点些个]?钱|(要|得)花[点些]?钱(?!买)|花不花钱|要不要(交|掏)?钱|收不收钱|不要钱|免费[吗么嘛]|是不是免费|免不免费|"
            r"是否免费|(能|可以)免费|(交|缴)(不交|不缴)?费(?!用)|(要|需要)(不要)?(交|缴)费",
     rf"免费|无偿|不收|收费|{_NUM}\s*(万?元|万)", "是否收费"),
    ("contact", r"(?<!骗子|诈骗|骚扰|推销)(?<!骗钱的|骗人的|诈骗的)电话|手机号|联系方式|热线|网址|链接(是|在哪|地址|发|给)|(什么|啥|哪个|个|平台|报名|下载|申请|网页)链接|地址|下载|二维码",
     r"https?://|www\.|\d{7,}|[路街道]\d+号", "地址、网址或联系方式"),
    ("place", r"在哪(?!些)[里儿]?|去哪[里儿]?|哪里[能可办看找]|找谁|哪个部门|何处|(去|到|在)什么地方(办|交|领|申请|登记)|哪个窗口",
     r"平台|系统|网|公众号|中心|窗口|基地|街道|乡镇|镇|居委|居民委员会|民政局|部门", "办理地点或部门"),
    ("materials", r"(要|需要?|准备|提交|提供|交|带|上传|报送)[^。？?]{0,4}(什么|啥|哪些|哪几)[^。？?]{0,4}(材料|证件|资料)|"
                  r"(什么|啥|哪些)(申请|申报|证明)?(材料|证件|资料)|材料(清单|有哪些|是什么|要哪些|怎么准备|咋准备)|要带|带什么|提交什么|准备[些点]?(什么|啥)|(什么|啥)东西要(带|交|准备)|表格|填(什么|啥|哪些|哪张)表", r"材料|证件|表格|承诺书|申请书|证明", "所需材料"),
    ("deadline", r"截止|期限|最晚|几号前|什么时候前|哪天前|多长时间内", rf"{_NUM}\s*月{_NUM}\s*日|截止|期限|{_NUM}\s*个?工作日", "办理时限"),
    ("time", r"什么时间|什么时候|啥时候|几月|(?<!哪)几点|哪天|哪一天|几号|哪个月|哪一?年",
     rf"{_NUM}\s*(年|月|日|号|点)|年底|年初|年末|月底|季度|上半年|下半年|每(年|月|周)|阶段|即日起|之日|十[一二三四五六七八九]五”?(末|期间|时期)", "具体时间"),
    ("ratio", r"(比例|占比|百分比|比重|覆盖率|比率)[^。？?]{0,8}(多少|(?<!哪)几(?![个类种项方条])|几成)|百分之(几|多少)|多少个?百分点|"
              r"占[^。？?，,]{0,3}(几成|多大比例|多少比例|多大比重)|多大(的)?比(例|重)",
     r"%|％|百分之|[一二三四五六七八九十]成", "具体比例"),
    ("tax", r"交税|缴税|纳税|税收|免税政策|免税吗|免税资格|免税(的)?条件|税前扣除|税率|[个所增印房]\w?税|发票|(要|需要|用)不用?[交缴]税|(多少|几成)税",
     r"税", "税收规定"),
    # the documents name offices, never the people in them: 「联合会会长是谁」「局长叫什么名字」
    ("person", r"(会长|秘书长|局长|主任|书记|理事长|站长|社长|主席|部长|处长|科长|队长|联系人)(是谁|是哪位|叫什么名字|叫什么|叫啥|姓什么|"
               r"姓啥|的名字)(?=(来着|了)?[？?吗呀啊呢哈。！!\s]*($|[，,]))|(哪位|哪个)(领导|干部)|谁签(发|的字)|签发人|谁是[^，,。？?]{0,10}(会长|局长|主任|书记|理事长|站长)[？?吗呀啊呢]*$|"
               r"(主编|起草人|执笔人|作者|撰稿人)(是谁|是哪位|叫什么)|(是)?谁(起草|执笔|主编|撰写|编写)的",
     r"(同志|先生|女士)", "负责人姓名"),
    ("duration", r"多久|多长(时间)?|(?<![好十])几年|多少年|(?<![好十])几个月|最长|最短",
     rf"{_SPAN}\s*(年|个月|月|天|日|个?工作日|周|小时|课时|学时)|每(年|季度|月|周|半年)", "具体期限或时长"),
]
_TASK = re.compile(r"^(请|麻烦)?(你)?(帮我|给我|替我|帮忙)?(写|起草|拟|生成|翻译|做|编|设计)(一|几)?(份|个|篇|段|张)")
_EXTERNAL_DOC = re.compile(r"《([^》]{4,40})》")
_CONTENT_ASK = re.compile(r"具体|哪些|什么内容|列了|里面|里有|规定了什么|包括什么|内容")
# 「每个社区平均要有多少个」「每年培训几次」 ask a rate or a target, which a figure gives and a list of items does not.
_PER = re.compile(r"每[个一年月次人家届期]?[\u4e00-\u9fff]{0,8}(多少|几)")
# A clause that lists its parts answers 「几项/几类」 by the list itself: 包括：一、…；二、…, （一）…（二）…, 一是…二是….
_ENUMERATED = re.compile(r"包括：.+；|（一）.+（二）|一是.+二是|1[.．、].+2[.．、]")
# From when a document is in force (「这文件哪天开始实施的」「实施意见什么时候起执行」), which its 施行 line writes: said of a
# document or of nothing, not of a stage or a subsidy (「示范创建什么时候开始实施」「由谁发起实施」)
IN_FORCE_FROM = (r"(?:^|文件|意见|方案|举措|通知|政策|它|这个|这份)(?:是|从)?(?:哪天|哪一天|几号|何时|什么时候|啥时候)?"
                 r"(?:开始|起)(?:实施|执行)")
_VALIDITY = re.compile(r"有效期|管到|到期|失效|过期|还有效|还管用|不管用|不算数|不作数|作废|施行|生效|哪年为止|管多久|什么时候起|"
                       + IN_FORCE_FROM)


@dataclass(frozen=True)
class Decision:
    """Whether to answer, and why not (shown to staff in the hit test and used in the reply)."""

    confident: bool
    reason: str
    missing: str | None = None


def is_task_request(question: str) -> bool:
    """'帮我写一份活动方案' asks the assistant to produce something, which is not a policy question."""
    return bool(_TASK.search(question.strip()))


def asks_validity(question: str) -> bool:
    return bool(_VALIDITY.search(question))


DETAIL_KINDS = tuple(kind for kind, *_ in _ASKS) + ("quantity", "procedure")
_PROCEDURE = re.compile(r"流程|步骤|办理程序|具体程序|操作步骤|(什么|哪些|啥)(程序|手续)|走什么程序|"
                        r"(怎么|怎样|如何|咋)(办理|办|申请|弄|操作|注册|报名|申报|举报|预约)")
# 「没地方活动咋办啊」「没有活动场地怎么办」: what can be done about a lack, not how a procedure goes
# (a missing resource only: 「没有备案的团队怎么办」 asks about a state, and stays a procedure question)
_WHAT_NOW = re.compile(r"(?:没有?|缺|不够|找不到)(?:固定的?|合适的?|活动的?|排练的?|办公的?)?(?:场地|地方|活动室|场所|房子|用房|"
                       r"钱|经费|资金|人手)[^，,。？?]{0,8}(?:怎么|咋|如何)办[啊呀呢吧哈嘛？?！!。，,～~]*$")


# What a question is about that an answer must speak of (「备案了以后街道会给钱吗」 is not answered by an entry on
# what filed teams must do): the topic's words in questions, and the words its answers use.
_TOPICS = (("资金", re.compile(r"钱|资金|补贴|补助|经费|资助|奖补"), re.compile(r"资金|补贴|补助|经费|资助|奖励|奖补|公益金|购买|扶持|钱")),
           ("场地", re.compile(r"场地|活动室|没地方|地方活动|用房"), re.compile(r"场地|阵地|用房|活动室|设施|空间|场所|地方")))


def missing_topic(question: str, text: str) -> str | None:
    """The topic (资金, 场地) the question is about that the text never speaks of, if any."""
    return next((name for name, asked, said in _TOPICS if asked.search(question) and not said.search(text)), None)


def asks_procedure(question: str) -> bool:
    """Whether the question asks how a procedure goes (流程, 怎么办理, 咋申请), not what to do about a lack."""
    return bool(_PROCEDURE.search(_WHAT_NOW.sub("", question)))


# What a clause that answers a procedure question says: the steps, or to whom one applies or reports.
_PROCEDURE_EVIDENCE = re.compile(r"程序|流程|步骤|手续|审核|审查|核准|(向|到|由|经)[^。；]{0,15}(申请|备案|登记|提交|报送|报告|提出|审批)")


# A part of a question that asks (「这种社区组织政策上支持不」「要配几个社工啊」), as against one that tells the situation
# (「小区几个退休的老头想组个巡逻队」): a question form, or 几/多少/多久 with a particle or at its end.
_QUESTION_FORM = re.compile(r"[？?吗]|呢$|啥|咋|怎|什么|谁|哪|能不能|可不可以|是否|有没有|要不要|会不会|(?<![不没])([\u4e00-\u9fff])不\1|"
                            r"[不没][呀啊哈嘛]?$|(几|多少|多久)([\u4e00-\u9fff]{0,3}$|.*[呀啊呢吧哈嘛]$|[\u4e00-\u9fff]{0,4}(以上|以下|以内|之内))|"
                            r"(需要?|要|得|至少|最少|起码)[\u4e00-\u9fff]{0,2}(几|多少)")


def asked_part(question: str) -> str:
    """The question with 几/多少 read as 「some」 in the parts before its last that only tell the situation, when
    another part asks: 「几个退休的老头想组个巡逻队，…支持不」 asks no number. Every other word stays, since a part
    that tells can hold what is asked about (「要开发票给街道，怎么开」)."""
    parts = re.split(r"([，,；;。！!\s]+)", question)
    texts = parts[::2]
    if len(texts) < 2 or not any(_QUESTION_FORM.search(t) for t in texts):
        return question
    told = [i for i, t in enumerate(texts[:-1]) if not _QUESTION_FORM.search(t)]
    for i in told:
        parts[2 * i] = re.sub(r"多少|几", "些", parts[2 * i])
    return "".join(parts)


def asked_details(question: str) -> set[str]:
    """Every kind of detail a question asks for (amount, contact, place, …, quantity, procedure)."""
    question = asked_part(question)
    kinds = {kind for kind, ask, _evidence, _label in _ASKS if re.search(ask, question)}
    if _quantity_unit(question):
        kinds.add("quantity")
    if asks_procedure(question):
        kinds.add("procedure")
    return kinds


def asks_none_of(question: str, other: str) -> bool:
    """Whether ``other`` asks some detail and ``question`` none of those: a compendium entry silent on what its own
    question asks (「津贴有多少？」) is no answer to 「社工有津贴吗」."""
    kinds = asked_details(other)
    return bool(kinds) and not kinds & asked_details(question)


_TOGETHER = re.compile(r"(合在|合到|一起|一块|联合|合用|共用|搭伙|合署)")


def _quantity_unit(question: str) -> str | None:
    """The measure a 多少/几 question asks for (几级 → 级, 多少课时 → 课时); 哪几 is a 'which' question."""
    for m in re.finditer(r"(?<![哪们十好这那没])多少(?!个(人|邻居|朋友|阿姨|老人|居民|志愿者|伙伴|姐妹|队员|成员))|"
                         r"(?<![哪们有十好这那没])几(?!个(人|邻居|朋友|阿姨|老人|居民|志愿者|伙伴|姐妹|队员|成员))|"
                         r"(?<=配|设|招|派|需|要|得)(多少|几)(?=个?(人|名))", question):
        rest = question[m.end():m.end() + 2]
        if _TOGETHER.match(question, m.end() + 1):  # 「可以几家合在一块办公」: several, not how many
            continue
        if rest in _MEASURE_2:
            return rest
        if rest[:1] and rest[0] in _MEASURE_1:
            return rest[0]
    return None


def _unanswered(question: str, text: str) -> list[tuple[str, str]]:
    """(kind, label) of each detail in _ASKS the question asks for and ``text`` does not give, in _ASKS order."""
    return [(kind, label) for kind, ask, evidence, label in _ASKS if re.search(ask, question) and not re.search(evidence, text)]


def lacks(question: str, clause_text: str, kinds: tuple[str, ...]) -> bool:
    """Whether the question asks one of these kinds of detail (amount, contact, …) and the clause does not give it."""
    return any(kind in kinds for kind, _label in _unanswered(asked_part(question), re.sub(r"\s+", "", clause_text)))


def missing_detail(question: str, clause_text: str) -> str | None:
    """The kind of detail the question asks for that the clause does not contain, if any."""
    text, question = re.sub(r"\s+", "", clause_text), asked_part(question)
    unanswered = _unanswered(question, text)
    if unanswered:
        return unanswered[0][1]
    unit = _quantity_unit(question)
    if unit and not (re.search(rf"{_NUM}\s*[个项类种条名]?[\u4e00-\u9fff]{{0,2}}?{_AS_COUNTED.get(unit, unit[0])}", text)
                     or _ENUMERATED.search(text) and not _PER.search(question)):
        return f"具体数量（{unit}）"
    for term in quoted_names(question, 12):
        if compact(_counted_noun(term)) not in compact(text):  # 「社区社会组织＋」 is 「社区社会组织+」
            return f"关于“{term}”的内容"
    if asks_procedure(question) and not _PROCEDURE_EVIDENCE.search(text):
        return "办理程序"
    noun = _required_attribute(question)
    if noun and noun not in text:
        return f"对{noun}的要求"
    return None


_REQUIREMENT = frozenset("要求 限制 上限 下限 门槛".split())
_ENDS = frozenset("吗 嘛 么 呢 啊 呀 吧 ？ ? ， , 。 ！ !".split())


def _required_attribute(question: str) -> str | None:
    """「年龄有上限吗」「有没有级别要求」: the attribute a requirement is asked about, which the clause must
    name. Only a requirement asked at the end of a clause, after 有 or 有没有, counts: 「提出了什么要求」
    and 「评分表要求…」 do not."""
    ws = [w for w in tokenizer().cut(question) if w.strip()] + ["？"]
    for i in range(1, len(ws) - 1):
        if ws[i] not in _REQUIREMENT or ws[i + 1] not in _ENDS:
            continue
        via_you = ws[i - 1] in ("有", "有没有", "有无", "没有")
        noun = ws[i - 2] if via_you and i >= 2 else ws[i - 1]
        asked = via_you or "".join(ws[max(0, i - 4):i - 1]).endswith(("有没有", "有无", "是否有", "有没"))
        if asked and len(noun) >= 2 and not set(noun) & _FUNCTION_CHARS and noun not in _SCAFFOLD | STOPWORDS:
            return noun
    return None


def _counted_noun(term: str) -> str:
    """「四个群众」「两张清单」 name an enumeration by its count: the clause lists the noun, not the count."""
    term = re.sub(r"\s+", "", term)
    return re.sub(rf"^{_NUM}[个项张条类种大点]", "", term) or term


def external_document(question: str, corpus_titles: list[str]) -> str | None:
    """A question about the contents of a document that is not in the corpus (at most named there)."""
    for name in _EXTERNAL_DOC.findall(question):
        ours = any(t in name or _in_order(name, t) for t in corpus_titles)
        if not ours and _CONTENT_ASK.search(question):
            return name
    return None


def _in_order(name: str, title: str) -> bool:
    """Every character of the name in the title, in order: a title shortened by leaving words out
    (《长宁区社会组织参与社区治理实施意见》《长宁五社联动方案》), which is how people cite a long title."""
    rest = iter(title)
    return all(ch in rest for ch in name)


# Characters that mark a bigram as question scaffolding (什么样 → 么样, 能不能 → 不能, 哪几个 → 几个).
_FUNCTION_CHARS = set("么吗呢吧啊呀哪啥怎几的了着个这那些搞都也就还想没把被给让哦嘛咋")
_SCAFFOLD = frozenset("不能 能不 不算 算不 是从 说要 有个 文是 回事 到底 最后 为了 能查 可以 是否 有没 没有 一下 希望 主要 具体".split())


def content_terms(question: str) -> list[str]:
    """Bigrams of the question's content words: what the question is about, not how it is asked."""
    grams: list[str] = []
    for w in words(question):
        if len(w) < 2:
            continue
        grams.extend(g for g in cjk_bigrams(w) if g not in STOPWORDS and g not in _SCAFFOLD
                     and not (set(g) & _FUNCTION_CHARS))
    return list(dict.fromkeys(grams))


def coverage(question: str, clause_context: str) -> float:
    """Share of the question's content bigrams that the clause (with its headings) contains."""
    terms = content_terms(question)
    if not terms:
        return 0.0
    text = re.sub(r"\s+", "", clause_context)
    return sum(t in text for t in terms) / len(terms)


# 「收费不」「要花钱不」「那要收费吗」: whether it costs anything, answered by a clause that says it is free
_COST_ASKED = re.compile(r"(?:收|交|付|花|要)(?:不收|不交)?(?:费|钱|租金)(?:[吗么嘛不没呢]|$)|收不收|要不要(?:交)?钱|免费[吗么嘛不]")
_FREE_SAID = re.compile(r"无偿|免费|不收取?费")
_COUNTED = ("quantity", "time", "duration")  # 「配几个」「要到啥时候完成」「多久」: a figure the clause may give


def asks_what_it_gives(turn: str, clause_text: str) -> bool:
    """Whether a short turn asks only whether it costs anything, how many, when or how long, and the clause just
    cited gives it (无偿; 1—2名; 2023年底) — the clause then answers the turn, whatever else ranks first."""
    text = re.sub(r"\s+", "", clause_text)
    if _COST_ASKED.search(turn):
        return bool(_FREE_SAID.search(text))
    kinds = asked_details(turn)
    return bool(kinds) and kinds <= set(_COUNTED) and missing_detail(turn, text) is None


"""Elliptical follow-ups resolved from the previous answer's context.

「那北京呢？」 re-asks the last question for another region; 「这个文件还有效吗？」「它是哪个部门发的？」
「文号是多少？」 ask about the last cited document; 「第七条讲的是什么？」 names a clause of it; 「具体有哪些？」
「展开说说」 want the whole last clause. A follow-up with nothing to refer to is not guessed: the
assistant asks which document or region is meant.
"""
from __future__ import annotations

import re

from answering.document_questions import fact_asked, named_document, without_title
from answering.positions import (CLAUSE_REF, RELATIVE, anchor, named_in, numbered_clause, positioned_clause,
                                 spelled_refs, within)
from answering.refusal import asked_details, content_terms, lacks
from answering.regions import region_of, with_region, without_regions
from answering.turns import ASKS, Context, FollowUp, Joined
from corpus.clauses import Clause
from corpus.documents import Document
from corpus.text import compact, squash
from corpus.vocabulary import detect_regions, uncovered_places
from retrieval.ranking import Hit

_FILLER = re.compile(r"那么|那边|这边|的话|怎么样|(是)?(怎么|咋|怎样)(规定|说|讲|写|弄|搞)的?|是怎样的?|如何|又|呢|吧|呀|啊|嘛|那|的|也|一样吗?|"
                     r"情况|方面|规定|政策|文件|里|[？?，,。!！\s]")
_DOC_REF = re.compile(r"(这个|这份|该|上面的?|刚才的?|那个|那份|这)(文件|文|政策|意见|方案|措施|举措|通知|规定)|"
                      r"^(它|这条|该条|这一条)|这条|它是|它的")
# Asking what a numbered clause says (not a detail in it): 「第七条讲的是什么」「第三部分说了啥」.
_WHAT_IT_SAYS = re.compile(r"(讲|说|写|规定)(了|的)?(是)?(什么|啥|些什么|哪些)|(什么|啥)内容|内容是|原文|全文|具体内容")
_EXPAND = re.compile(r"^(具体|详细)|展开|还有呢|还有哪些|还有什么|全文|原文|都有哪些|有哪几|详细点|多说点|"
                     r"具体(是)?(怎么|咋|如何)(说|讲|写|规定)的?|原话")
# Details no collected document gives for any region (phone numbers, street addresses): asking which region
# is meant would not help.
_NEVER_IN_CLAUSES = re.compile(r"地址|在哪条[路街]|哪条[路街]上|门牌|几楼|(?:去|到)[^，,。？?]{1,12}怎么走")
_VAGUE_PLACE = re.compile(r"我们这[儿里边]|咱们这[儿里边]|我们那[儿里边]|别的地方|其他地方|其它地方|外地(?!户口|人|的人|来的|口音|务工|打工)|那个区|这个区|"
                          r"我们区|我们街道|我们镇|我们市|我们省|本地")
# 「另一个地方呢」「换个地方呢」: another place and nothing else (「换个区活动要重新备案吗」 asks about moving)
_OTHER_PLACE = re.compile(r"另一?个(?:地方|城市|区)|另外(?:一个|的)?(?:地方|城市)|换个(?:地方|城市|区)|那个地方|别的(?:城市|区)|其[他它]城市")
_DOC_WORDS = re.compile(r"(市|区)?(民政局|政府)|意见|方案|举措|措施|通知|文件|政策")
_POINTERS = re.compile(r"还有|这个|那个|这|还|说说|讲讲")
SHORT = 14  # a follow-up is short; a long question stands on its own
CONTINUES = 16  # a turn this short may continue the last question
OWN_WORDS = 3  # content terms from which a turn's own ranking must agree with its joined reading
# A turn pointing back at the last question (「长宁有没有类似的」「换成北京的话呢」), not 「北京有没有实施意见」
_POINTING_BACK = re.compile(r"类似|同样|相应|对应|相关|差不多|这种|这样|这么|这个|那个|说法|这块|那块|这方面|换成|自己|要是|如果是?|是不是")
_ASKING = re.compile(r"有没有|有无|有吗|有说|有|吗|么|没|不|也|啥|咋|(实施)?(意见|方案|举措)")
# A turn that narrows the last question or points at its answer: 「那对老年人呢」「那团队呢」「如果是备案类的呢」
# 「那这个要多久」「它一般用来干嘛」「那是每年还是就一次」. It is asked together with the last question.
_NARROWS = re.compile(r"^(那|那么)?(对于?|针对)?(?![^呢]*(怎|咋|如何|什么|啥|哪|多少|能不能|可不可以|要不要|是否))"
                      r"[\u4e00-\u9fff]{1,5}(这块|方面)?呢[？?]*$|^(如果|要是|假如)(是)?[^，,。]{1,8}的?呢|"
                      r"^(那|那么)?(这个|这|它|那个)(个)?[^，,。]{0,10}[？?]*$|^那是[^，,。]{1,10}")
# 「上一条回答没看懂」「看不懂」「啥意思？」: the last reply was not understood (not 「安家工程是啥意思」, which asks)
_UNCLEAR = re.compile(r"(我)?(还是)?(没|不|看不|听不)(太)?(看|听)?(懂|明白)|^(啥|什么)意思|(上一?条|刚才|你)的?(回答|回复|说的)")
_DIALECT_NE = re.compile(r"(嘞|捏|咧|哩|涅|呐)(?=[？?。!！\s]*$)")  # 「温州那边咋说嘞」「文化那块捏」: a 呢 as typed
# Details a clause that does not write them cannot give however it is expanded (a sum, an address or phone number);
# 「具体怎么申请」 after a clause is still its expansion
_NEVER_EXPANDED = ("amount", "contact")
RE_ASK_REST = 6  # characters a re-asking turn may hold besides the region and the pointing words


def _region_only(question: str) -> str | None:
    """The region key of 「那北京呢？」-style turns: a region and nothing else of substance."""
    targets = detect_regions(question)
    if not targets or len(question) > SHORT:
        return None
    if len(_FILLER.sub("", without_regions(question))) > 1:
        return None
    return region_of(question, None)


def _re_asked_for(question: str, ctx: Context) -> str | None:
    """The region a short turn re-asks the last question for, saying more than 「那北京呢」: words pointing back,
    or after 呢 a few characters of the last question (「北京呢 街道会听吗」 after 「长宁街道…会听社会组织意见吗」)."""
    region = region_of(question, None) if len(detect_regions(question)) == 1 else None
    bare = _FILLER.sub("", without_regions(question))
    rest = _ASKING.sub("", _POINTING_BACK.sub("", bare))
    if not ctx.question or len(squash(question)) > SHORT or region in (None, ctx.region) or len(rest) > RE_ASK_REST:
        return None
    if rest:  # 「北京呢 街道会听吗」: words of the last question as it was written, after a 呢
        return region if "呢" in question and rest in compact(ctx.question) else None
    return region if _POINTING_BACK.search(bare) else None


def resolve(question: str, region: str | None, context: Context | None, docs: dict[str, Document],
            clauses: dict[str, Clause]) -> FollowUp:
    """The question to answer, given the previous answer's context (None: a fresh conversation)."""
    ctx = context or Context()
    question = _DIALECT_NE.sub("呢", question)
    short = len(question) <= SHORT
    new_region = _region_only(question)
    if new_region:
        if not ctx.question:
            return FollowUp("clarify", question, new_region, notes=[f"您想了解{new_region}的哪方面政策？"])
        return FollowUp("region", with_region(ctx.question, new_region), new_region,
                        doc_id=_city_wide(question, new_region, docs))
    if ctx.question and short and _says_only(_CITY_LEVEL, question):
        city = next((c for c, district in detect_regions(ctx.region or "") if district), None)  # 「市里呢」 after 长宁
        if city:
            return FollowUp("region", with_region(ctx.question, city), city, doc_id=_city_wide(question, city, docs))
    numbered = spelled_refs(question)
    clause_ref = CLAUSE_REF.search(numbered)
    if clause_ref and clause_ref.group(2) == "阶段" and (not ctx.doc_ids or named_document(question, docs)):
        clause_ref = None  # 「五社联动第二阶段干啥」 stands on its own: only a stage of the cited clause is a reference
    if not (clause_ref or fact_asked(question)) and (other := _re_asked_for(question, ctx)):
        return FollowUp("region", with_region(ctx.question, other), other, doc_id=_city_wide(question, other, docs))
    if not (clause_ref or fact_asked(question)) and (switched := _document_switch(question, ctx, docs)):
        return switched
    named = named_document(question, docs) if clause_ref and _WHAT_IT_SAYS.search(question) else None
    if named:  # 「上海那个若干举措第七条讲的是什么？」「温州培优方案第二部分第三点说了啥」「…四（一）2是啥内容」, in any turn
        heading = named_in(question, named, None, clauses)
        clause = numbered_clause(numbered, named, heading.id if heading else None, clauses)
        if clause is not None:
            return FollowUp("clause", question, region, doc_id=clause.doc_id, clause_id=clause.id)
    if clause_ref and short and not detect_regions(question):
        if not ctx.doc_ids:
            return FollowUp("clarify", question, region, notes=["您问的是哪个文件的条款？请说出文件名称或地区。"])
        if several := _several_cited(question, ctx, docs, clause_ref.group(0)):
            return several
        clause = numbered_clause(numbered, ctx.doc_ids[0], next(iter(_anchored(ctx, clauses)), None), clauses)
        named = named_document(ctx.question, docs)
        if clause is None and named and named not in ctx.doc_ids[:1]:  # 「长宁实施意见里社工站咋说的」 answered from
            clause = numbered_clause(numbered, named, None, clauses)  # another document
        if clause is None:
            title = docs[ctx.doc_ids[0]].short_title if ctx.doc_ids[0] in docs else "上一份文件"
            return FollowUp("clarify", question, region,
                            notes=[f"《{title}》中没有“{clause_ref.group(0)}”。您问的是哪个文件？"])
        clause = within(question, clause, clauses)
        return FollowUp("clause", question, region, doc_id=clause.doc_id, clause_id=clause.id)
    # 「我们区民政局在哪条路上」 is refused whatever the region: no document gives addresses or phone numbers
    vague = _VAGUE_PLACE.search(question) or _says_only(_OTHER_PLACE, question)
    if short and vague and not detect_regions(question) and \
            "contact" not in asked_details(question) and not _NEVER_IN_CLAUSES.search(question):
        return FollowUp("clarify", question, region, notes=["您问的是哪个地区？收录的文件覆盖上海（含长宁区）、北京和温州。"])
    fact = fact_asked(question)
    refers = bool(_DOC_REF.search(question))
    if fact and (refers or short) and not detect_regions(question) and not named_document(question, docs):
        # 「五社联动那个方案是谁发的」 names its document: no reference back
        if len(ctx.doc_ids) > 1:
            titles = "、".join(f"《{docs[d].short_title}》" for d in ctx.doc_ids if d in docs)
            return FollowUp("clarify", question, region, notes=[f"上一条回答涉及{titles}，您问的是哪一份？"])
        if ctx.doc_ids:
            return FollowUp("document", question, region, doc_id=ctx.doc_ids[0], about=fact)
        if (refers or ctx.question) and short:
            return FollowUp("clarify", question, region, notes=["您问的是哪个文件？请说出文件名称或地区。"])
    if short and (relative := RELATIVE.search(question)) and (several := _several_cited(question, ctx, docs, relative.group(0))):
        return several  # 「下一条呢」 after an answer quoting several documents: whose next clause?
    titled = positioned_clause(question, ctx.doc_ids[0], _anchored(ctx, clauses), clauses) if short and ctx.doc_ids else None
    if titled and titled.id in ctx.clause_ids[:1]:  # counted from the clause asked about back to the one just shown:
        titled = positioned_clause(question, ctx.doc_ids[0], ctx.clause_ids, clauses)  # from the one shown
    if titled:  # 「打造示范阶段呢」「专业服务那项呢」: a clause of the last cited document, by its title
        return FollowUp("clause", question, region, doc_id=titled.doc_id, clause_id=titled.id)
    if short and RELATIVE.search(question):  # 「下一条呢」 after an answer that cited no clause of a document
        return FollowUp("clarify", question, region, notes=["您指的是哪个文件的哪一条？请说出文件名称和条款号。"])
    if _EXPAND.search(question) and short:
        other = bool(ctx.clause_ids) and _other_topic(question, ctx.clause_ids[0], clauses)  # 「补贴都有哪些」
        if ctx.clause_ids and ctx.clause_ids[0] in clauses and not other and \
                not lacks(question, clauses[ctx.clause_ids[0]].text, _NEVER_EXPANDED):  # 「具体地址在哪」: not in it
            part = _named_part(question, ctx.clause_ids[0], clauses)  # 「协商那个展开说说」: one item of it
            return FollowUp("expand", ctx.question or question, ctx.region, clause_id=part or ctx.clause_ids[0])
        if len(_substance(_EXPAND.sub("", question))) < 4 and not other:  # 「五社联动有哪几条联动路径？」 stands alone
            return FollowUp("clarify", question, region, notes=["您想具体了解哪方面的规定？请把问题说完整一些。"])
    if short and ctx.question and _UNCLEAR.search(question) and not _substance(_UNCLEAR.sub("", question)):
        return FollowUp("clarify", question, region, notes=["抱歉没说清楚。您可以换个说法再问一次，或者说「转人工」，由工作人员解答。"])
    if short and ctx.question and not _substance(question) and not detect_regions(question):
        return FollowUp("clarify", question, region, notes=["您指的是哪个文件、哪一条，还是哪个地区？请说得具体一些。"])
    named = region_of(question, None)
    if refers and named and ctx.question and short and named != ctx.region and \
            not _substance(_DOC_WORDS.sub("", without_regions(question))):
        return FollowUp("region", with_region(ctx.question, named), named,  # 「上海市民政局那个举措呢」
                        doc_id=_city_wide(question, named, docs))
    if refers and ctx.doc_ids and ctx.doc_ids[0] in docs and not (named and named != ctx.region):
        doc = docs[ctx.doc_ids[0]]
        return FollowUp("fresh", f"《{doc.short_title}》{_DOC_REF.sub('', question)}", region or ctx.region,
                        doc_id=doc.id)
    if short and ctx.question and _NARROWS.search(question) and not names_a_place(question):
        return FollowUp("fresh", f"{ctx.question.rstrip('？?。')}，{question}", ctx.region,  # 「那对老年人呢」
                        doc_id=ctx.doc_ids[0] if ctx.doc_ids else None, alone=question)
    if short and not region and not detect_regions(question) and ctx.region and question.rstrip("？?").endswith("呢"):
        return FollowUp("fresh", f"{ctx.region}{question}", ctx.region)
    return FollowUp("fresh", question, region, doc_id=_document_to_stay_in(question, region, ctx, docs),
                    read_with_last=_read_with_last(question, region, ctx))


def _anchored(ctx: Context, clauses: dict[str, Clause]) -> tuple[str, ...]:
    """The clauses just cited, led by the one the last question was about (positions.anchor): 「上一条」 after
    「联动路径里资源整合怎么联动」 counts from 在资源整合上实现联动, not from the 联动路径 outline the answer quoted."""
    cited = ctx.clause_ids[0] if ctx.clause_ids else None
    about = anchor(ctx.question, ctx.doc_ids[0], cited, clauses) if ctx.question and ctx.doc_ids else cited
    return (about, *(c for c in ctx.clause_ids if c != about)) if about else ctx.clause_ids


def _document_to_stay_in(question: str, region: str | None, ctx: Context, docs: dict[str, Document]) -> str | None:
    """The document a short turn naming no place or document stays in: the one just cited (「政府购买服务方面有何举措？」)."""
    if len(question) > SHORT or region or not ctx.doc_ids or detect_regions(question) or \
            named_document(question, docs) or any(place in question for place in uncovered_places()):
        return None
    return ctx.doc_ids[0]


_CITY_LEVEL = re.compile(r"市里|市级|全市|市一级|市层面|市(?:民政局|政府)")


def _city_wide(question: str, region: str, docs: dict[str, Document]) -> str | None:
    """「上海市里呢」: the city's one city-wide document leads, not a district's."""
    own = [d.id for d in docs.values() if d.region_key == region and not d.district] if _CITY_LEVEL.search(question) else []
    return own[0] if len(own) == 1 else None


def _document_switch(question: str, ctx: Context, docs: dict[str, Document]) -> FollowUp | None:
    """「长宁五社联动里呢」「长宁的实施意见有类似的吗」: the last question asked of another document the turn names by
    more than its place (「上海呢」 is a region), and nothing else; that document leads among its region's."""
    unplaced = without_regions(question)
    doc_id = named_document(unplaced, docs) if ctx.question and len(squash(question)) <= SHORT else None
    places = detect_regions(question)
    if doc_id is None or doc_id in ctx.doc_ids[:1] or (places and not any(docs[doc_id].covers(*p) for p in places)):
        return None  # 「北京有没有实施意见」 asks whether Beijing has one, not what 长宁's says
    rest = without_title(unplaced, docs[doc_id])
    if _ASKING.sub("", _POINTING_BACK.sub("", _FILLER.sub("", rest))):
        return None
    region = region_of(docs[doc_id].district or docs[doc_id].region_key, None)
    return FollowUp("region", with_region(ctx.question, region), region, doc_id=doc_id)


def _several_cited(question: str, ctx: Context, docs: dict[str, Document], ref: str) -> FollowUp | None:
    """A clause named by its number or place (「第三条」「下一条」) after an answer that quoted several documents
    for a question naming none of them: which document's is asked back, not guessed from the first."""
    cited = [d for d in ctx.doc_ids if d in docs]
    if len(cited) < 2 or (named_document(ctx.question, docs) and len(detect_regions(ctx.question)) < 2):
        return None  # 「温州和长宁的总体目标各是什么」 names two
    titles = "、".join(f"《{docs[d].short_title}》" for d in cited)
    return FollowUp("clarify", question, ctx.region, notes=[f"上一条回答涉及{titles}，您问的是哪一份的“{ref}”？"])


def _read_with_last(question: str, region: str | None, ctx: Context) -> Joined | None:
    """A short turn asking what may continue the last question (「多久能轮一遍」「谁来搞满意度测评」「温州有类似的清单吗」):
    the two read together, tried when the turn alone is not answered."""
    if not ctx.question or len(question) > CONTINUES or not ASKS.search(question) or \
            any(place in question for place in uncovered_places()):
        return None  # 「那广州咋规定的」 is refused for its place, 「算了不弄了」 asks nothing: neither is read with the last question
    own_words = len(content_terms(without_regions(question))) >= OWN_WORDS
    named = region_of(question, None)
    if named and named != ctx.region:
        return Joined(f"{with_region(ctx.question, named).rstrip('？?。')}，{question}", named, own_words)
    return Joined(f"{ctx.question.rstrip('？?。')}，{question}", region or ctx.region, own_words)


# 「那对老年人呢」「那团队呢」「如果是备案类的呢」: whom the last question is asked for, not a topic of its own
_FOR_WHOM = re.compile(r"^(?:那|那么)?(?:对于?|针对|如果|要是|假如)|团队|(?<!人才)队伍|小组|组织|备案|登记")


def names_new_topic(turn: str, own: Clause, other: Clause | None) -> bool:
    """Whether a narrowing turn's own leading clause holds the turn's content words (all but one in three: a bigram
    across two words, 「调解纠纷」's 解纠, is no word) while the clause it would otherwise be answered by lacks more:
    「信息公开呢」 after 查处非法社会组织 names a clause of its own; 「那团队呢」「那对老年人呢」 say for whom the last
    question is asked, and stay a narrowing."""
    terms = topic_terms(turn)
    if not terms or other is None or _FOR_WHOM.search(turn):
        return False
    lacking = lambda clause: sum(t not in compact(f"{clause.title}{clause.text}") for t in terms)  # noqa: E731
    return lacking(own) <= len(terms) // 3 and lacking(other) > lacking(own)


def topic_terms(turn: str) -> list[str]:
    """The content words a short turn names besides fillers and pointers (「那人才呢」: 人才); none for a turn saying
    for whom the last question is asked (「那对老年人呢」 narrows it)."""
    return [] if _FOR_WHOM.search(turn) else content_terms(_substance(turn))


def names_a_place(question: str) -> bool:
    """A region of the corpus or a place no document covers (「那宁波呢」 is no narrowing of the last question)."""
    return bool(detect_regions(question)) or any(place in question for place in uncovered_places())


def _says_only(words: re.Pattern, question: str) -> bool:
    """Whether the turn says ``words`` and nothing else of substance (「市里呢」「另一个地方呢」)."""
    return bool(words.search(question)) and not _substance(words.sub("", question))


def _substance(question: str) -> str:
    """What a turn says besides fillers and pointers: 「那个呢？」「还有那边呢」 say nothing to go on."""
    return _FILLER.sub("", _POINTERS.sub("", question))


def _other_topic(question: str, clause_id: str, clauses: dict[str, Clause]) -> bool:
    """Whether a 「…都有哪些」 turn names a topic of its own that the clause just cited (with its parts) never
    mentions (「补贴都有哪些」 after 准入): a new question, not more of that clause."""
    terms = [] if asked_details(question) else topic_terms(_EXPAND.sub("", question))  # 「具体要什么材料」: of it
    text = compact("".join(f"{c.title}{c.text}" for c in clauses.values()
                           if c.id == clause_id or c.id.startswith(f"{clause_id}/")))
    return bool(terms) and not any(t in text for t in terms)


def _named_part(question: str, parent: str, clauses: dict[str, Clause]) -> str | None:
    """The item of the last cited clause a 「…展开说说」 turn names by a word of its title, if any."""
    word = _substance(_EXPAND.sub("", question))
    if len(word) < 2:
        return None
    named = [c.id for c in clauses.values() if c.id.startswith(parent + "/") and word in c.title]
    return named[0] if len(named) == 1 else None

"""Questions about a document itself, asked in the first turn, are answered from its front matter.

Who issued it, when, to whom and under which 文号 is in the 印发通知; what it rests on and what it is for
(依据, 贯彻…精神, 目的) is in the 序言; how long it is in force is in the 施行 line. Retrieval ranks these
clauses poorly (they share few words with the question), and the answerability model, fitted on
substantive questions, finds them weak; so a question that names a document and asks one of these
things is routed to the matching front-matter clause of the document retrieval found first.
"""
from __future__ import annotations

import re
from collections import Counter

from answering.refusal import IN_FORCE_FROM
from corpus.clauses import Clause
from corpus.documents import Document
from corpus.text import cjk_bigrams
from corpus.vocabulary import region_words
from retrieval.ranking import Hit

# 「几号发的」「这个是几号印的」: the day a document was issued, asked of it or of nothing (not 「补贴几号发的」)
_ISSUED_ON = r"(?:^|文件|意见|方案|举措|通知|它|这个|这份|是)几号(?:发|出|印)"
# The kinds in the order they are tried; each maps to the front-matter clauses that answer it.
_KINDS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("basis", re.compile(r"依据|根据(哪|什么|啥|市里|省里|上级|的是)|按照(哪|什么|啥|市里)|照着|为落实|上位|"
                         r"贯彻(什么|啥|哪)|(什么|啥|哪次会议的?|哪个会的?)精神|(制定|出台|出|发)的?目的|达到什么目的|"
                         r"为什么(要)?(出台|制定|出|发|搞|印发)|为了.{0,4}(什么|啥|哪)|背景"),
     ("/序言", "/通知")),
    ("issue", re.compile(r"谁发|谁出|谁印发|谁制定|谁定的|哪个部门|哪些部门|哪个单位|哪些单位|哪几个单位|哪家|"
                         r"印发给|发给|下发给|发文|联合印发|代章|文号|几号文|哪天(发|印)|哪一?年(发|出|印)|"
                         rf"(什么|啥)时候(发|出|印)|(哪天|哪一天|几月几号)(发|出|印)|{_ISSUED_ON}|印发日期|发布时间|主动公开"),
     ("/通知", "/序言")),
    ("validity", re.compile(rf"有效期|还有效|有效吗|还管用|还算数|施行|生效|失效|过期|到期|不管用|不算数|不作数|作废|{IN_FORCE_FROM}"),
     ("/施行",)),
)
# A named document: its kind word, a title in 《》, or a 文号.
_DOCUMENT = re.compile(r"文件|意见|方案|举措|措施|通知|办法|规定|《|〔|号文")
# Issued things that are not documents: money, grades, certificates, the team's own papers.
_OTHER_SUBJECT = re.compile(r"补贴|资金|经费|钱|奖励|奖金|等级|证书|证明|资质|备案证|登记证|执照|牌子|表格|材料|"
                            r"任期|聘期|合同|场地|房子")


def document_question(question: str) -> tuple[str, tuple[str, ...]] | None:
    """(kind, front-matter suffixes that answer it) when the question asks about a document itself."""
    if not _DOCUMENT.search(question) or _OTHER_SUBJECT.search(question):
        return None
    return next(((kind, suffixes) for kind, rx, suffixes in _KINDS if rx.search(question)), None)


def front_matter_first(hits: list[Hit], suffixes: tuple[str, ...], clauses: dict[str, Clause]) -> list[Hit] | None:
    """The leading document's front-matter clause (first suffix it has) ahead of the ranking, or None."""
    if not hits:
        return None
    doc = hits[0].doc
    clause = next((clauses[f"{doc.id}{s}"] for s in suffixes if f"{doc.id}{s}" in clauses), None)
    if clause is None:
        return None
    lead = Hit(clause, doc, hits[0].score + 1.0, 0.0, 0.0)
    return [lead] + [h for h in hits if h.clause.id != clause.id]


def routed(question: str, hits: list[Hit], clauses: dict[str, Clause] | None) -> str | None:
    """The kind of a question about a document itself, its front matter moved ahead of ``hits``; None for others."""
    asked = document_question(question) if clauses else None
    moved = front_matter_first(hits, asked[1], clauses) if asked else None
    if not moved:
        return None
    hits[:] = moved
    return asked[0]


def named_document(question: str, docs: dict[str, Document]) -> str | None:
    """The one document the question names by words of its title that no other title has: two such
    bigrams (「若干举措」「培优方案」), or one that is a place (「北京意见」 where one Beijing document is
    collected); None when it names none or several alike (「工作人员」 shares only 工作 with 工作方案)."""
    asked = re.sub(r"\s+", "", question)
    grams = {d.id: {g for g in cjk_bigrams(f"{d.title} {d.short_title}") if len(g) == 2} for d in docs.values()}
    titles_with = Counter(g for own in grams.values() for g in own)  # one pass, not every title against the rest
    places = set(region_words())
    scores: dict[str, int] = {}
    for doc_id, own in grams.items():
        said = {g for g in own if titles_with[g] == 1 and g in asked}
        scores[doc_id] = len(said) if len(said) >= 2 or said & places else 0
    best = sorted(scores.items(), key=lambda kv: -kv[1])
    if not best or best[0][1] == 0 or (len(best) > 1 and best[1][1] == best[0][1]):
        return None
    return best[0][0]


def without_title(text: str, doc: Document) -> str:
    """The text without the words it shares with the document's title (runs of two characters or more):
    「五社联动里呢」 → 「里呢」 for the 五社联动 方案."""
    title, rest, i = f"{doc.title}{doc.short_title}", "", 0
    while i < len(text):
        j = next((j for j in range(len(text), i + 1, -1) if text[i:j] in title), None)
        rest, i = (rest, j) if j else (rest + text[i], i + 1)
    return rest


# The facts of a document itself a follow-up asks for: 「还有效吗」「谁发的」「文号多少」「哪年发的」「全称叫什么」
_FACTS = (
    ("validity", re.compile(r"有效期|管到|到期|失效|过期|还有效|有效吗|还管用|还算数|不管用|不算数|不作数|作废|施行|生效|哪年为止|管多久|"
                            r"有效到|(什么|啥)时候(还)?有效|还(在)?执行|还作数|还适用|^(现在|目前|如今)?还(能|可以)用(吗|不|么|没)?[？?]*$|"
                            + IN_FORCE_FROM)),
    ("issuer", re.compile(r"哪个部门|哪个单位|哪些单位|哪些部门|谁发|谁出|谁印发|谁制定|发文单位|发布单位|发文机关|"
                          r"哪家|谁定的|印发的|发文的?是谁|是谁发的|(市里|区里|哪一?级)(发|出|定)的")),
    ("doc_number", re.compile(r"文号|几号文|编号是")),
    ("date", re.compile(rf"(什么|啥)时候(发|出|印|出台|发布|定)|哪一?年(发|出|印|定)|(哪天|哪一天|几月几号)(发|出|印|定)的|{_ISSUED_ON}|几几年|"
                        r"发布时间|印发日期|发文日期")),
    ("title", re.compile(r"叫什么|全称|^(?!.*[起取][^，,。？?]{0,6}名字).*名字|标题|哪个文件")),  # not 「起个好听的名字」
)


def fact_asked(question: str) -> str | None:
    """Which document fact a question asks for (validity, issuer, 文号, date, title), if any."""
    return next((name for name, rx in _FACTS if rx.search(question)), None)


def facts_asked(question: str) -> list[str]:
    """Every document fact a turn asks for, in the order asked (「这个文件还有效吗？谁发的」: validity, issuer)."""
    found = [(m.start(), name) for name, rx in _FACTS if (m := rx.search(question))]
    return [name for _start, name in sorted(found)]

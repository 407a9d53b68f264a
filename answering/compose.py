"""Composes the reply: extractive (the clause's own sentences, never a paraphrase) plus honest notes.

Notes say when the source document has expired, when it is from another region than asked, and,
when the corpus is silent, what it does cover and whom to ask.
"""
from __future__ import annotations

import datetime as dt
import re

from answering import refusal
from answering.answerability import (AnswerabilityModel, QuestionSignals, asks_about_document, defines_term, features,
                                     is_front_matter)
from answering.compendium import FaqAnswer
from answering.direct import lead
from answering.document_questions import fact_asked, facts_asked, routed
from answering.types import Answer
from corpus.citations import cite_line, quote, validity_note, written_day
from corpus.clauses import Clause
from corpus.documents import Document
from corpus.vocabulary import ask_office, detect_regions, find_district, short_name, uncovered_places
from retrieval.index import sparse_prefix
from retrieval.ranking import Hit
from retrieval.tokenize import words

MIN_COVERAGE = 0.40  # share of the question's content bigrams a second clause needs to be shown too
SECOND_MARGIN = 0.1  # a second clause this close in fused score is shown too ("另见")
RERANK_DEPTH = 3  # the first of the top three that the model finds answerable answers it
REGION_SPAN = 5  # the citations shown (the API's default top_k): their regions decide the regions line
OFFICE = ask_office()
SCOPE = ("本助手收录了上海市（含长宁区）、北京市、温州市关于社区社会组织的5份政策文件，内容涉及社区社会组织的"
         "分级管理与备案、培育扶持（场地、资金、政府购买服务、公益创投）、退出与清理、人才培训、党建引领、"
         "“五社联动”和参与社区治理等。")
OTHER_PLACES = uncovered_places()  # places people ask about that the corpus does not cover


def _highlight(hits: list[Hit], question: str) -> None:
    terms = sorted(set(words(question)), key=len, reverse=True)
    for h in hits:
        h.highlights = [t for t in terms if len(t) > 1 and t in h.clause.text][:12]


def _region_notes(question: str, region: str | None, top: Hit) -> list[str]:
    notes = []
    if asked_other := [p for p in OTHER_PLACES if p in question or p == (region or "")]:
        notes.append(f"收录的文件不包括{asked_other[0]}的政策，以下内容出自{top.doc.region_label}的文件，仅供参考。")
    targets = detect_regions(f"{region or ''} {question}")
    if targets and not any(top.doc.region_key == city for city, _ in targets):
        names = "、".join(d or c for c, d in targets)
        notes.append(f"您问的是{names}，但最相关的条款出自{top.doc.region_label}的文件，请注意地区差异。")
    return notes


def uncovered_place(question: str, region: str | None) -> str | None:
    """A place the question names that no document covers (and no covered region is named)."""
    if detect_regions(f"{region or ''} {question}"):
        return None
    return next((p for p in OTHER_PLACES if p in question or p == (region or "")), None)


def hard_refusal(question: str, docs: dict[str, Document]) -> refusal.Decision | None:
    """What no clause can answer, whatever the scores: tasks, uncovered places, documents not collected."""
    if refusal.is_task_request(question):
        return refusal.Decision(False, "这是写作或办事请求，不是政策问题")
    if place := uncovered_place(question, None):
        return refusal.Decision(False, f"收录的文件不包括{place}的政策", f"{place}的规定")
    external = refusal.external_document(question, [t for d in docs.values() for t in (d.title, d.short_title)])
    if external:
        return refusal.Decision(False, f"知识库没有收录《{external}》的正文（收录的文件至多提到其名称）",
                                f"《{external}》的具体内容")
    return None


def front_matter_last(question: str, hits: list[Hit]) -> list[Hit]:
    """印发通知 and 序言 answer questions about the document itself, never substantive ones."""
    if asks_about_document(question):
        return hits
    return [h for h in hits if not is_front_matter(h.clause)] + [h for h in hits if is_front_matter(h.clause)]


def candidate_gap(question: str, hit: Hit) -> str | None:
    """What a candidate clause lacks to answer: the asked detail, or the district the question names when
    the clause is another district's own (长宁's 实施意见 does not say what 普陀区 does)."""
    return other_district(question, hit.doc) or refusal.missing_detail(question, hit.clause.context(sparse_prefix(hit.doc)))


def other_district(question: str, doc: Document) -> str | None:
    """The district a question names when ``doc`` is another district's own document, as a gap to tell."""
    if not doc.district or short_name(doc.district) in question:
        return None
    named = find_district(doc.region_key, question)
    return f"{named}的规定（所引条款是{doc.district}的文件）" if named and named != doc.district else None


def with_definition(probability: float, defines: bool, threshold: float) -> float:
    """A clause that defines the asked term answers 什么是X whatever the model says (answerability.defines_term):
    its probability is raised to the threshold (the trainer simulates the decision with this same rule)."""
    return max(probability, threshold if defines else 0.0)


def first_answering(probabilities: list[float], gaps: list[bool], threshold: float) -> int | None:
    """The first candidate that holds the asked detail and reaches the threshold (the trainer
    simulates the decision with this same rule)."""
    return next((i for i, (p, gap) in enumerate(zip(probabilities, gaps)) if not gap and p >= threshold), None)


def _choose(question: str, region: str | None, hits: list[Hit], model: AnswerabilityModel,
            signals: QuestionSignals) -> tuple[int | None, float, refusal.Decision]:
    """(index of the answering hit or None, its probability, the decision) over the top three."""
    top = hits[:RERANK_DEPTH]
    gaps = [candidate_gap(question, h) for h in top]
    substantive = not asks_about_document(question)  # front matter never answers a substantive question
    probs = [0.0 if gap or (substantive and is_front_matter(h.clause))
             else with_definition(model.probability(features(question, region, h, hits, signals)),
                                  defines_term(question, h.clause), model.threshold)
             for h, gap in zip(top, gaps)]
    index = first_answering(probs, [bool(g) for g in gaps], model.threshold)
    if index is not None:
        return index, probs[index], refusal.Decision(True, f"可回答概率 {probs[index]:.2f}（阈值 {model.threshold:.2f}）")
    best_p = max((p for p, gap in zip(probs, gaps) if not gap), default=0.0)
    # 「文件没有写明比例」 only when the leading clause lacks it: a runner-up without the 10 % does not make the
    # documents silent when the leading clause states it but falls short of the threshold.
    missing = gaps[0] if gaps else None
    if missing:
        return None, best_p, refusal.Decision(False, f"条款未写明{missing}", missing)
    return None, best_p, refusal.Decision(False, f"可回答概率 {best_p:.2f} 低于阈值 {model.threshold:.2f}")


_DOCUMENT_WORD = re.compile(r"文件|意见|方案|举措|措施|通知|政策|办法|规定|这个|这份|它")
_OTHER_SUBJECT = re.compile(r"等级|证书|资质|评估结果|备案证|登记证|执照|任期|聘期|合同")


def validity_text(doc: Document) -> tuple[str, bool]:
    """A document's validity from its metadata: (text, whether the document states it)."""
    if doc.valid_until:
        state = "现已失效" if not doc.in_force() else "目前仍在有效期内"
        since = f"自{written_day(doc.valid_from)}起施行，" if doc.valid_from else ""  # as the text writes it
        return f"{doc.cite_title()}写明{since}有效期至{doc.valid_until:%Y年%m月%d日}，{state}。", True
    extra = f"（文件写明的工作期限：{doc.period}）" if doc.period else ""
    return f"{doc.cite_title()}没有写明施行日期或有效期{extra}。是否仍在执行，请向{OFFICE}确认。", False


def _validity_answer(question: str, hits: list[Hit]) -> tuple[str, bool] | None:
    """A question about a document's own validity (not a grade's or a certificate's) is answered from metadata."""
    if not refusal.asks_validity(question) or not _DOCUMENT_WORD.search(question) or _OTHER_SUBJECT.search(question):
        return None
    return validity_text(hits[0].doc)


def document_fact(doc: Document, about: str) -> tuple[str, bool]:
    """Who issued a document, when, its 文号, its full title or its validity, from the metadata."""
    if about == "validity":
        return validity_text(doc)
    if about == "issuer":
        return f"{doc.cite_title()}由{doc.issuer}印发（{doc.date:%Y年%m月%d日}）。", True
    if about == "doc_number":
        if doc.doc_number:
            return f"{doc.cite_title()}的文号是{doc.doc_number}。", True
        return f"《{doc.title}》的文本中没有写文号（没有文号），由{doc.issuer}印发。", True
    if about == "date":
        return f"{doc.cite_title()}由{doc.issuer}于{doc.date:%Y年%m月%d日}印发。", True
    return f"这份文件的全称是{doc.cite_title()}，由{doc.issuer}印发。", True


def _body(question: str, hits: list[Hit]) -> str:
    """The answering sentences first, then where they stand; a close second clause likewise."""
    terms = words(question)
    top = hits[0]
    lines = [f"“{lead(question, top.clause, terms)}”", f"——{cite_line(top.doc, top.clause)}"]
    if second_shown(question, hits):
        second = hits[1]
        lines += [f"另见{cite_line(second.doc, second.clause)}：", f"“{lead(question, second.clause, terms, 120)}”"]
    return "\n".join(lines)


def second_shown(question: str, hits: list[Hit]) -> bool:
    """Whether a close second clause is quoted too ("另见")."""
    if len(hits) < 2:
        return False
    second = hits[1]
    return hits[0].score - second.score <= SECOND_MARGIN and \
        refusal.coverage(question, second.clause.context(sparse_prefix(second.doc))) >= MIN_COVERAGE


def regions_line(question: str, region: str | None, hits: list[Hit]) -> str | None:
    """Which regions an answer drew on, when the question names none and the shown results span several:
    in a multi-region corpus a rule quoted from one place must not read as everyone's."""
    if detect_regions(f"{region or ''} {question}") or uncovered_place(question, region):
        return None
    labels = list(dict.fromkeys(h.doc.region_label for h in hits[:REGION_SPAN]))
    if len(labels) < 2:
        return None
    drawn = list(dict.fromkeys(h.doc.region_label for h in hits[:2 if second_shown(question, hits) else 1]))
    others = [label for label in labels if label not in drawn]
    also = f"；检索结果还涉及{'、'.join(others)}的文件" if others else ""
    return f"您没有说明地区：以上回答依据{'、'.join(drawn)}的文件{also}。"


def refusal_text(missing: str | None) -> str:
    """The plain refusal: what the corpus covers, what it never states, and whom to ask."""
    what = f"（文件没有写明{missing}）" if missing else ""
    return (f"抱歉，收录的政策文件中没有找到能直接回答这个问题的内容{what}。{SCOPE}"
            f"具体金额、办理材料、地址电话、办理时限等文件未写明的事项，请咨询{OFFICE}。"
            "下面列出的条款与问题最接近，仅供参考。")


def compose(question: str, region: str | None, hits: list[Hit], docs: dict[str, Document],
            model: AnswerabilityModel, signals: QuestionSignals = QuestionSignals(),
            clauses: dict[str, Clause] | None = None) -> Answer:
    """Build the reply from the ranked hits; refuses plainly when the corpus is silent."""
    _highlight(hits, question)
    hits[:] = front_matter_last(question, hits)
    hard = hard_refusal(question, docs)  # 「河北省的意见是谁发的」: not 北京's issuer, 徐汇's not 长宁's
    asked, validity = (None, None) if hard else _from_metadata(question, hits, clauses)
    notes = _region_notes(question, region, hits[0])
    if asked:
        return _about_document(question, asked, hits)
    if validity:
        text, ok = validity
        return Answer(question, "\n".join(notes + [text]), ok, hits, "有效期问题按文件元数据回答",
                      source="metadata", answerability=1.0 if ok else 0.0)
    index, p, decision = (None, 0.0, hard) if hard else _choose(question, region, hits, model, signals)
    if index is None:
        return Answer(question, "\n".join(notes + [refusal_text(decision.missing)]), False, hits, decision.reason,
                      answerability=p)
    if index:  # a close runner-up that does answer the question leads instead
        hits.insert(0, hits.pop(index))
        notes = _region_notes(question, region, hits[0])
    top = hits[0]
    extra = [n for n in {validity_note(h.doc) for h in hits[:2]} if n]
    if top.doc.period and re.search(r"方案", top.doc.kind or ""):
        extra.append(f"注：该文件为{top.doc.period}。")
    span = [line for line in [regions_line(question, region, hits)] if line]
    return Answer(question, "\n".join(notes + [_body(question, hits)] + sorted(extra) + span), True, hits,
                  decision.reason, answerability=p)


def _from_metadata(question: str, hits: list[Hit], clauses: dict[str, Clause] | None) -> tuple[str | None, tuple | None]:
    """A question about a document itself: the kind it asks (front matter moved first in ``hits``), else validity."""
    if other_district(question, hits[0].doc):
        return None, None  # 徐汇's question is not about 长宁's document
    asked = routed(question, hits, clauses)
    if asked and asked != "validity":
        return asked, None
    return None, _validity_answer(question, hits)


def by_metadata(question: str, hits: list[Hit], clauses: dict[str, Clause]) -> bool | None:
    """Whether compose answers from metadata before the model (no hard refusal applying); None: the model decides."""
    asked, validity = _from_metadata(question, hits, clauses)
    return True if asked else validity[1] if validity else None


def _about_document(question: str, kind: str, hits: list[Hit]) -> Answer:
    """A first-turn question about the document itself, led by the front-matter clause that answers it
    (and, for who/when/文号, the fact from the document's metadata)."""
    fact = fact_asked(question) if kind == "issue" else None
    lines = [document_fact(hits[0].doc, fact)[0]] if fact in ("issuer", "date", "doc_number") else []
    return Answer(question, "\n".join(lines + [_body(question, hits)]), True, hits,
                  "关于文件本身的问题，按其印发通知或序言回答", answerability=1.0)


def compose_document(question: str, about: str, hits: list[Hit]) -> Answer:
    """A follow-up about the last cited document (hits: that document's clauses, front matter first)."""
    doc = hits[0].doc
    asked = [about] + [f for f in facts_asked(question) if f != about]  # 「还有效吗？谁发的」: both answered
    told = [document_fact(doc, fact) for fact in asked]
    ok = all(fine for _text, fine in told)
    notes = [n for n in [validity_note(doc)] if n and "validity" not in asked]
    return Answer(question, "\n".join([text for text, _fine in told] + notes), ok, hits,
                  f"按文件元数据回答（{'、'.join(asked)}）", source="metadata", answerability=1.0 if ok else 0.0)


def compose_clause(question: str, hit: Hit) -> Answer:
    """A follow-up naming a clause of the last cited document, or asking for all of the last clause."""
    doc, clause = hit.doc, hit.clause
    lines = [f"{cite_line(doc, clause)}：", f"“{clause.text.replace(chr(10), '')}”"]
    lines += [n for n in [validity_note(doc)] if n]
    return Answer(question, "\n".join(lines), True, [hit], "按上一条回答所引文件的条款回答", answerability=1.0)


def compose_clarify(question: str, notes: list[str]) -> Answer:
    """A follow-up with nothing to refer to: ask instead of guessing."""
    text = "\n".join(notes or ["请问您指的是哪个文件或哪个地区？"])
    return Answer(question, text, False, [], "追问无法对应上一条回答", source="clarify", answerability=0.0)


def compose_faq(question: str, region: str | None, match: FaqAnswer, hits: list[Hit]) -> Answer:
    """A compendium answer: the entry's plain-language answer, then its clause citations.

    An entry that says the documents are silent is not a confident answer, so it stays
    `confident: false` and the reply still names the office to ask.
    """
    _highlight(hits, question)
    notes = _region_notes(question, region, hits[0]) if hits else []
    cites = "；".join(cite_line(h.doc, h.clause) for h in hits if h.clause.id in match.clause_ids)
    extra = sorted({n for h in hits if h.clause.id in match.clause_ids and (n := validity_note(h.doc))})
    text = "\n".join(notes + [match.answer, f"依据：{cites}"] + [n for n in extra if "已失效" not in match.answer])
    reason = f"百问百答 {match.id}（匹配度 {match.score:.2f}）"
    return Answer(question, text, not match.silent, hits, reason, source="faq", faq_id=match.id)

"""Composes the reply: extractive (the clause's own sentences, never a paraphrase) plus honest notes.

Notes say when the source document has expired, when it is from another region than asked, and,
when the corpus is silent, what it does cover and whom to ask.
"""
from __future__ import annotations

import datetime as dt
import re

from answering import refusal
from answering.compendium import FaqAnswer
from answering.types import Answer
from corpus.citations import cite_line, quote, validity_note
from corpus.documents import Document
from corpus.vocabulary import ask_office, detect_regions, uncovered_places
from retrieval.index import sparse_prefix
from retrieval.ranking import Hit
from retrieval.tokenize import words

MIN_COVERAGE = 0.40  # share of the question's content bigrams the best clause must contain
MIN_DENSE = 0.80
RERANK_DEPTH = 3  # the best of the top three that covers the question answers it
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
    asked_other = [p for p in OTHER_PLACES if p in question or p == (region or "")]
    if asked_other:
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


def _decide(question: str, top: Hit, docs: dict[str, Document]) -> refusal.Decision:
    if refusal.is_task_request(question):
        return refusal.Decision(False, "这是写作或办事请求，不是政策问题")
    place = uncovered_place(question, None)
    if place:
        return refusal.Decision(False, f"收录的文件不包括{place}的政策", f"{place}的规定")
    context = top.clause.context(sparse_prefix(top.doc))
    external = refusal.external_document(question, [d.title for d in docs.values()])
    if external:
        return refusal.Decision(False, f"知识库没有收录《{external}》的正文（收录的文件至多提到其名称）",
                                f"《{external}》的具体内容")
    cov = refusal.coverage(question, context)
    if cov < MIN_COVERAGE or (top.dense != 0.0 and top.dense < MIN_DENSE):  # dense is 0.0 in the BM25-only baseline
        return refusal.Decision(False, f"最相关条款与问题匹配度低（覆盖 {cov:.2f}，语义 {top.dense:.2f}）")
    missing = refusal.missing_detail(question, context)
    if missing:
        return refusal.Decision(False, f"条款未写明{missing}", missing)
    return refusal.Decision(True, f"覆盖 {cov:.2f}，语义 {top.dense:.2f}")


def _validity_answer(question: str, hits: list[Hit]) -> tuple[str, bool] | None:
    """Questions about a document's validity are answered from its metadata."""
    if not refusal.asks_validity(question):
        return None
    doc = hits[0].doc
    if doc.valid_until:
        state = "现已失效" if not doc.in_force() else "目前仍在有效期内"
        return (f"{doc.cite_title()}写明有效期至{doc.valid_until:%Y年%m月%d日}，{state}。", True)
    extra = f"（文件写明的工作期限：{doc.period}）" if doc.period else ""
    return (f"{doc.cite_title()}没有写明施行日期或有效期{extra}。是否仍在执行，请向{OFFICE}确认。", False)


def _body(question: str, hits: list[Hit]) -> str:
    terms = words(question)
    top = hits[0]
    lines = [f"根据{cite_line(top.doc, top.clause)}：", f"“{quote(top.clause, terms, 160)}”"]
    second = hits[1] if len(hits) > 1 else None
    if second and second.score >= 0.85 * top.score and refusal.coverage(question, second.clause.context(sparse_prefix(second.doc))) >= MIN_COVERAGE:
        lines += [f"另见{cite_line(second.doc, second.clause)}：", f"“{quote(second.clause, terms, 120)}”"]
    return "\n".join(lines)


def compose(question: str, region: str | None, hits: list[Hit], docs: dict[str, Document]) -> Answer:
    """Build the reply from the ranked hits; refuses plainly when the corpus is silent."""
    _highlight(hits, question)
    top = hits[0]
    notes = _region_notes(question, region, top)
    validity = _validity_answer(question, hits)
    if validity:
        text, ok = validity
        return Answer(question, "\n".join(notes + [text]), ok, hits, "有效期问题按文件元数据回答")
    decision = _decide(question, hits[0], docs)
    for i, hit in enumerate(hits[1:RERANK_DEPTH], 1):
        if decision.confident:
            break
        alt = _decide(question, hit, docs)
        if alt.confident:  # a close runner-up that does answer the question leads instead
            hits.insert(0, hits.pop(i))
            decision, top = alt, hit
            notes = _region_notes(question, region, top)
    if not decision.confident:
        what = f"（文件没有写明{decision.missing}）" if decision.missing else ""
        text = (f"抱歉，收录的政策文件中没有找到能直接回答这个问题的内容{what}。{SCOPE}"
                f"具体金额、办理材料、地址电话、办理时限等文件未写明的事项，请咨询{OFFICE}。"
                "下面列出的条款与问题最接近，仅供参考。")
        return Answer(question, "\n".join(notes + [text]), False, hits, decision.reason)
    extra = [n for n in {validity_note(h.doc) for h in hits[:2]} if n]
    if top.doc.period and re.search(r"方案", top.doc.kind or ""):
        extra.append(f"注：该文件为{top.doc.period}。")
    return Answer(question, "\n".join(notes + [_body(question, hits)] + sorted(extra)), True, hits, decision.reason)


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

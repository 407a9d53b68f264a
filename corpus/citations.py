"""Citations: 《title》（文号）+ clause label, with the clause quoted and its validity stated.

Pure Python 3.10 compatible: the Rasa action server renders fixed citations with it.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from corpus.clauses import Clause, load_clauses
from corpus.documents import Document, load_documents

_SENT_RE = re.compile(r"[^。；！？\n]+[。；！？]?")


def sentences(text: str) -> list[str]:
    """Sentences of a clause (split on 。；！？ and line breaks), stripped."""
    return [s.strip() for s in _SENT_RE.findall(text) if s.strip()]


def cite_line(doc: Document, clause: Clause) -> str:
    """The reference a user can look up: 《title》（文号）第七条."""
    return f"{doc.cite_title()}{clause.label}"


def quote(clause: Clause, terms: list[str] | None = None, max_chars: int = 220) -> str:
    """The clause text, trimmed to the sentences that share most terms with the question when long."""
    text = clause.text.replace("\n", "")
    if len(text) <= max_chars or not terms:
        return text if len(text) <= max_chars else text[:max_chars].rstrip() + "……"
    sents = sentences(clause.text)
    scored = sorted(range(len(sents)), key=lambda i: -sum(t in sents[i] for t in terms))
    keep: list[int] = []
    for i in scored:
        if sum(len(sents[j]) for j in keep) + len(sents[i]) > max_chars and keep:
            break
        keep.append(i)
    parts = [sents[i] for i in sorted(keep)]
    prefix = "" if sorted(keep)[0] == 0 else "……"
    return prefix + "".join(parts) + ("" if sorted(keep)[-1] == len(sents) - 1 else "……")


def citation_dict(clause: Clause, doc: Document, *, score: float = 1.0, text: str | None = None,
                  today: dt.date | None = None, **extra: object) -> dict:
    """The JSON shape every interface uses for a citation."""
    return {
        "doc_id": doc.id, "title": doc.title, "doc_number": doc.doc_number, "issuer": doc.issuer,
        "date": doc.date.isoformat(), "region": doc.region_label, "clause_id": clause.id,
        "clause": clause.label, "text": text if text is not None else clause.text.replace("\n", ""),
        "full_text": clause.text.replace("\n", ""),
        "score": round(float(score), 4), "in_force": doc.in_force(today), "cite": cite_line(doc, clause),
        "valid_until": doc.valid_until.isoformat() if doc.valid_until else None, "period": doc.period,
        **extra,
    }


def render_citation(clause_id: str, today: dt.date | None = None, knowledge_dir: Path | None = None) -> dict:
    """Citation for a fixed clause id (flows' outcomes, FAQ entries); KeyError names the bad id."""
    clauses = load_clauses(knowledge_dir)
    if clause_id not in clauses:
        raise KeyError(f"unknown clause id {clause_id!r}: list valid ids with `python -m corpus clauses`")
    clause = clauses[clause_id]
    return citation_dict(clause, load_documents(knowledge_dir)[clause.doc_id], today=today)


# The expiry wordings. Three readers need three forms, so each has its own function here and nowhere
# else: a reply's note, the note inside a compendium answer, and the tail of a flow's reference.
_REFERENCE_EXPIRED = "（该文件已过有效期，仅供参考）"


def validity_note(doc: Document, today: dt.date | None = None) -> str | None:
    """A short warning for an expired document (quoted, but flagged): a sentence of its own in a reply."""
    if not doc.in_force(today) and doc.valid_until:
        return f"《{doc.short_title}》有效期至{doc.valid_until:%Y年%m月%d日}，现已失效，引用内容仅供参考。"
    return None


def written_day(day: dt.date) -> str:
    """A date as the documents write it: 2022年1月30日, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def answer_expiry_note(doc: Document) -> str:
    """The parenthesis a compendium answer resting on a document with a stated end date must carry."""
    return f"（{doc.short_title}有效期至{written_day(doc.valid_until)}，已失效，仅供参考）"


def reference_with_validity(citation: dict) -> str:
    """《标题》（文号）第X条 from a citation dict, flagged when the document is no longer in force.

    The dialogue flows write this into their replies; the citation itself travels alongside.
    """
    return citation["cite"] + ("" if citation.get("in_force", True) else _REFERENCE_EXPIRED)

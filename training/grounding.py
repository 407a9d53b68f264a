"""Grounding checks of the compendium: every fact an answer states must stand in a clause it cites.

Used by the compendium tests (every entry), by staff-written entries and by the quiz (which strips
the expiry notes from its options).
"""
from __future__ import annotations

import re
import unicodedata

from corpus.citations import answer_expiry_note
from corpus.clauses import Clause
from corpus.compendium import FaqEntry
from corpus.documents import Document
from corpus.text import CN_COUNT, DIGITS, compact
from corpus.vocabulary import document_offices

OFFICES = document_offices()  # a "silent" entry must send people to one of them


def doc_region(doc: Document) -> str:
    """The region tag an entry uses for a document: its district (长宁) if any, else its city."""
    return doc.district.removesuffix("区") if doc.district else doc.region_key


_QUOTED = re.compile(r"“([^”]+)”|《([^》]+)》")


def answer_facts(answer: str) -> list[str]:
    """Named programmes, numbers and counted quantities an answer asserts (each must be in a clause)."""
    text = unicodedata.normalize("NFKC", answer)
    quoted = [a or b for a, b in _QUOTED.findall(answer)]
    return [q for q in quoted] + DIGITS.findall(text) + CN_COUNT.findall(text)


def check_entry(entry: FaqEntry, clauses: dict[str, Clause], docs: dict[str, Document]) -> list[str]:
    """Problems with one entry (empty list: grounded). Chinese-free messages: they are for developers."""
    missing = [c for c in entry.clause_ids if c not in clauses]
    if missing or not entry.clause_ids:
        return [f"{entry.id}: unknown or no clause ids {missing}"]
    cited_docs = {clauses[c].doc_id: docs[clauses[c].doc_id] for c in entry.clause_ids}
    problems: list[str] = []
    expected_regions = {doc_region(d) for d in cited_docs.values()}
    if set(entry.regions) != expected_regions:
        problems.append(f"{entry.id}: regions {sorted(entry.regions)} != documents' {sorted(expected_regions)}")
    answer = entry.answer
    for doc in cited_docs.values():
        if doc.valid_until:
            note = answer_expiry_note(doc)
            if note not in answer:
                problems.append(f"{entry.id}: cites {doc.id} (valid until {doc.valid_until}) without {note}")
            answer = answer.replace(note, "")
    corpus = compact("".join(clauses[c].text for c in entry.clause_ids))
    problems += [f"{entry.id}: {fact!r} not in its cited clauses"
                 for fact in answer_facts(answer) if compact(fact) not in corpus]
    if entry.silent and not any(office in entry.answer for office in OFFICES):
        problems.append(f"{entry.id}: silent entry names no office to ask")
    return problems


def strip_notes(answer: str, docs: dict[str, Document]) -> str:
    """The answer without expiry notes (quiz options: the note would give the answer away)."""
    for doc in docs.values():
        if doc.valid_until:
            answer = answer.replace(answer_expiry_note(doc), "")
    return answer.strip()



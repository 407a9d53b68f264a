"""Grounding checks of the compendium: every fact an answer states must stand in a clause it cites.

The checker itself is corpus/grounding.py (shared with the guided flows' texts); this module applies it
to 百问百答 entries. Used by the compendium tests (every entry), by staff-written entries and by the quiz
(which strips the expiry notes from its options).
"""
from __future__ import annotations

from corpus import grounding
from corpus.clauses import Clause
from corpus.compendium import FaqEntry
from corpus.documents import Document
from corpus.grounding import answer_facts, doc_region

__all__ = ["answer_facts", "check_entry", "doc_region", "in_chinese", "strip_notes"]


def check_entry(entry: FaqEntry, clauses: dict[str, Clause], docs: dict[str, Document]) -> list[str]:
    """Problems with one entry (empty list: grounded): its regions are exactly its documents' regions; a
    silent entry names an office its regions' documents name."""
    if not entry.clause_ids:
        return [grounding.Problem(f"{entry.id}: no clause ids", "没有引用任何条款：请至少选择一个答案所依据的条款。")]
    region_docs = [d.id for d in docs.values() if doc_region(d) in entry.regions]
    return grounding.check_statement(entry.id, entry.answer, entry.clause_ids, clauses, docs,
                                     regions=entry.regions, silent=entry.silent,
                                     offices=grounding.office_groups(), office_docs=region_docs)


def strip_notes(answer: str, docs: dict[str, Document]) -> str:
    """The answer without expiry notes (quiz options: the note would give the answer away)."""
    return grounding.strip_notes(answer, docs.values())


def in_chinese(problems: list[str]) -> list[str]:
    """The problems as staff read them: each checker problem carries its Chinese wording."""
    return [getattr(p, "zh", str(p)) for p in problems]

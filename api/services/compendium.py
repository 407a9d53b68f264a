"""The 百问百答 compendium as the gateway serves it: entries, topics, citations, the /api/faq listing.

Everything here reads the knowledge folder of the settings (never a library default), so the
booklet, the quiz and the listing always show the same knowledge the retriever answers from.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from api.services.errors import Refused
from config.settings import get_settings
from corpus.citations import render_citation
from corpus.compendium import REGIONS, FaqEntry, load_entries
from training.quiz import eligible


@lru_cache(maxsize=2)
def _entries(knowledge_dir: Path) -> tuple[FaqEntry, ...]:
    return tuple(load_entries(knowledge_dir))


def compendium() -> tuple[FaqEntry, ...]:
    """The entries, loaded once per process (the YAML does not change while serving)."""
    return _entries(get_settings().knowledge_dir)


def cite(clause_id: str) -> dict:
    """One clause in the Citation shape /api/ask returns, from the served knowledge folder."""
    return render_citation(clause_id, knowledge_dir=get_settings().knowledge_dir)


def topics() -> list[str]:
    """Topics in booklet order."""
    return list(dict.fromkeys(e.topic for e in compendium()))


def citations(entry: FaqEntry) -> list[dict]:
    """The entry's clauses in the same Citation shape /api/ask returns."""
    return [cite(cid) for cid in entry.clause_ids]


def entry_json(entry: FaqEntry) -> dict:
    """An entry as /api/faq lists it, with its citations."""
    return {"id": entry.id, "topic": entry.topic, "audience": list(entry.audience), "regions": list(entry.regions),
            "question": entry.question, "paraphrases": list(entry.paraphrases), "answer": entry.answer,
            "silent": entry.silent, "citations": citations(entry)}


def check_topic(topic: str | None) -> None:
    """An unknown topic is refused with the list of real ones, so the user can pick again."""
    if topic and topic not in topics():
        raise Refused(f"没有这个主题：{topic}。可选主题：{'、'.join(topics())}")


def check_region(region: str | None) -> None:
    """Only the regions the compendium is tagged with can filter it."""
    if region and region not in REGIONS:
        raise Refused(f"地区只能是：{'、'.join(REGIONS)}")


def search(topic: str | None, region: str | None, keyword: str | None) -> dict:
    """Entries with citations, optionally filtered by topic, region and a keyword (the /api/faq body)."""
    check_topic(topic)
    check_region(region)
    found = [e for e in eligible(list(compendium()), topic, region)
             if not keyword or keyword.strip() in " ".join([e.question, *e.paraphrases, e.answer])]
    return {"topics": topics(), "count": len(found), "entries": [entry_json(e) for e in found]}

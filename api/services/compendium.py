"""The 百问百答 compendium as the gateway serves it: entries, topics, citations, the /api/faq listing.

The entries are the reviewed YAML (knowledge/faq/, of the settings' knowledge folder, never a library
default) merged with what staff saved in the console (api/models/compendium.py: new entries, edits
and retirements). Every worker polls the newest revision id at most every FAQ_RELOAD_S seconds and
reloads the entries when it grew, so a saved entry is served everywhere within seconds, without a
restart and without rebuilding the index: only the new phrasings are embedded (``sync_matcher``).
"""
from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from answering.compendium import STAFF_SOURCE
from api.db import session_scope
from api.models.compendium import FaqRecord, FaqRevision
from api.services.errors import Refused
from api.services.polled import PolledVersion
from config.settings import get_settings
from corpus.citations import render_citation
from corpus.compendium import REGIONS, FaqEntry, load_entries
from training.quiz import eligible

log = logging.getLogger("api.compendium")
_lock = threading.Lock()
_served: dict = {"key": None, "entries": ()}


@lru_cache(maxsize=2)
def _yaml_entries(knowledge_dir: Path) -> tuple[FaqEntry, ...]:
    return tuple(load_entries(knowledge_dir))


def yaml_entries() -> tuple[FaqEntry, ...]:
    """The reviewed entries of the knowledge folder, before staff changes."""
    return _yaml_entries(get_settings().knowledge_dir)


def record_entry(row: FaqRecord, source: str) -> FaqEntry:
    """A stored row as the FaqEntry the matcher, booklet and quiz use."""
    return FaqEntry(id=row.id, topic=row.topic, audience=tuple(json.loads(row.audience_json)),
                    regions=tuple(json.loads(row.regions_json)), question=row.question,
                    paraphrases=tuple(json.loads(row.paraphrases_json)), answer=row.answer,
                    clause_ids=tuple(json.loads(row.clause_ids_json)), silent=row.silent, source=source)


def merge(base: tuple[FaqEntry, ...], rows: list[FaqRecord]) -> tuple[FaqEntry, ...]:
    """YAML entries with staff edits applied and retired ones left out, then staff-written entries."""
    by_id = {r.id: r for r in rows}
    out = []
    for entry in base:
        row = by_id.pop(entry.id, None)
        if row is None:
            out.append(entry)
        elif not row.retired:
            out.append(record_entry(row, entry.source))
    staff = sorted((r for r in by_id.values() if not r.retired), key=lambda r: (r.created_at, r.id))
    return tuple(out) + tuple(record_entry(r, STAFF_SOURCE) for r in staff)


def stored_version() -> int:
    """The newest revision id (0: nothing saved yet; -1: the tables are missing, e.g. not migrated)."""
    try:
        with session_scope() as db:
            return int(db.scalar(select(func.max(FaqRevision.id))) or 0)
    except SQLAlchemyError:
        log.warning("compendium tables unavailable: serving the YAML entries only")
        return -1


def _load(version: int) -> tuple[FaqEntry, ...]:
    base = yaml_entries()
    if version <= 0:
        return base
    with session_scope() as db:
        return merge(base, list(db.scalars(select(FaqRecord))))


_version = PolledVersion(stored_version)


def refresh(force: bool = False) -> tuple:
    """Reload the entries if staff saved something since the last look (or the settings point elsewhere);
    returns the key of what is served. ``force``: look now (the worker that saved does, at once)."""
    key = _version.key(force)
    with _lock:
        if key != _served["key"]:
            _served["entries"], _served["key"] = _load(key[2]), key
    return key


def compendium() -> tuple[FaqEntry, ...]:
    """The served entries (YAML + staff changes), at most FAQ_RELOAD_S seconds old."""
    refresh()
    return _served["entries"]


def sync_matcher(assistant) -> None:  # noqa: ANN001
    """Give the assistant's matcher the served entries when they changed (called before each answer,
    on the model thread); phrasings already embedded are reused."""
    entries = compendium()
    faq = getattr(assistant, "faq", None)
    if faq is None or getattr(faq, "served_key", None) == _served["key"]:
        return
    fresh = faq.replaced(list(entries))
    fresh.served_key = _served["key"]
    assistant.faq = fresh


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
            "silent": entry.silent, "staff_written": entry.source == STAFF_SOURCE, "citations": citations(entry)}


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

"""The guided flows' texts as data (knowledge/flows/*.yml): statements per region, each with its clause ids.

A flow asks for a region's statements by key and renders them: placeholders filled in, and beside each
sentence resting on a document with a stated end date, that document's expiry note. Local practice
(knowledge/flows/local_practice.yml) is shown only when switched on, always under its label. The
grounding checker (corpus/grounding.py) runs over every statement in tests/actions/test_flow_grounding.py.
Python 3.10; imports only the corpus package.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from corpus import vocabulary as V
from corpus.clauses import load_clauses
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, load_documents
from corpus.grounding import expiry_note, load_regions

FLOWS_DIR = DEFAULT_KNOWLEDGE_DIR / "flows"
DEFAULT = "default"
KINDS = ("service", "silent", "uncovered")


@dataclass(frozen=True)
class Statement:
    """One sentence (or two that belong together) of a flow text."""

    id: str
    text: str
    clause_ids: tuple[str, ...] = ()
    kind: str = "policy"  # policy | silent | uncovered | service

    def render(self, **values: Any) -> str:
        """The text with its placeholders filled and the expiry note of each document it rests on."""
        return self.text.format(**values) + "".join(notes(self.clause_ids))


def notes(clause_ids: tuple[str, ...]) -> list[str]:
    """Expiry notes of the documents (with a stated end date) behind these clauses, once each."""
    clauses, docs = load_clauses(), load_documents()
    out: list[str] = []
    for cid in (c for c in clause_ids if c in clauses):  # an unknown id is the checker's to report
        note = expiry_note(docs[clauses[cid].doc_id])
        if note and note not in out:
            out.append(note)
    return out


def _statement(raw: dict, sid: str) -> Statement:
    kind = next((k for k in KINDS if raw.get(k)), "policy")
    clause_ids = tuple(raw.get("clause_ids") or ())
    if not raw.get("text") or (kind == "policy" and not clause_ids):
        raise ValueError(f"knowledge/flows: {sid} needs a text and, unless silent/uncovered/service, clause ids")
    return Statement(sid, str(raw["text"]).strip(), clause_ids, kind)


def _statements(items: Optional[list], prefix: str) -> tuple[Statement, ...]:
    return tuple(_statement(raw, f"{prefix}/{n}") for n, raw in enumerate(items or [], 1))


@lru_cache(maxsize=8)
def load_flow(name: str, flows_dir: Optional[Path] = None) -> dict[str, dict[str, tuple[Statement, ...]]]:
    """{region or "service": {key: statements}} of knowledge/flows/<name>.yml; every region must be there."""
    data = yaml.safe_load(((flows_dir or FLOWS_DIR) / f"{name}.yml").read_text(encoding="utf-8"))
    flow = {"service": {key: _statements(items, f"{name}/service/{key}")
                        for key, items in (data.get("service") or {}).items()}}
    for region, keys in data["regions"].items():
        flow[region] = {key: _statements(items, f"{name}/{region}/{key}") for key, items in keys.items()}
    missing = set(load_regions()["regions"]) - set(flow)
    if missing:
        raise ValueError(f"knowledge/flows/{name}.yml: no texts for regions {sorted(missing)}")
    return flow


def flow_region(place: Optional[str]) -> str:
    """长宁区 → 长宁, 徐汇区 → 上海, 鹿城区 → 温州, 朝阳区 → 北京; a place outside the corpus → default."""
    label = V.place_label(place or "") if place else None
    tags = V.regions_of_place(label) if label else []
    return next((key for key in load_regions()["order"] if key in tags), DEFAULT)


def region_info(region: str) -> dict[str, Any]:
    """name, documents, within, ask of a flow region (knowledge/flows/regions.yml)."""
    return load_regions()["regions"][region]


def statements(flow: str, region: str, key: str) -> tuple[Statement, ...]:
    """A region's statements for one part of a flow (service texts under region "service")."""
    return load_flow(flow)[region].get(key, ())


def render(items: tuple[Statement, ...], sep: str = "", **values: Any) -> str:
    return sep.join(s.render(**values) for s in items)


def clause_ids(items: tuple[Statement, ...]) -> tuple[str, ...]:
    """The clause ids behind the statements, in order, once each."""
    return tuple(dict.fromkeys(cid for s in items for cid in s.clause_ids))


@lru_cache(maxsize=2)
def local_practice(flows_dir: Optional[Path] = None) -> dict[str, Any]:
    return yaml.safe_load(((flows_dir or FLOWS_DIR) / "local_practice.yml").read_text(encoding="utf-8"))


def local_setting(key: str) -> Optional[dict[str, Any]]:
    """A switched-on local-practice item, else None (everything is off by default)."""
    item = local_practice().get(key) or {}
    return item if item.get("enabled") else None


def local_text(key: str) -> Optional[str]:
    """「本地做法（非文件规定）」+ source + text of a switched-on item; None when it is off."""
    item = local_setting(key)
    if item is None:
        return None
    text = str(item["text"]).format(**item)
    return f"{local_practice()['label']}{item.get('source') or '本地工作口径'}：{text}"


def all_clause_ids(flows: tuple[str, ...] = ("filing", "deregistration")) -> tuple[str, ...]:
    """Every clause id the flows' texts cite, once each (tests render each of them)."""
    return tuple(dict.fromkeys(cid for name in flows for keys in load_flow(name).values()
                               for items in keys.values() for s in items for cid in s.clause_ids))

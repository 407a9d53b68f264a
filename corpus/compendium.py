"""The 百问百答 compendium as data: entries in ``knowledge/faq/*.yml`` (one file per topic).

Pure Python (stdlib + PyYAML), Python 3.10 compatible. Matching a question against the entries is
answering/compendium.py; the grounding checks are training/grounding.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from corpus.documents import DEFAULT_KNOWLEDGE_DIR
from corpus.vocabulary import detect_regions, region_keys, regions_within

FAQ_SUBDIR = "faq"
AUDIENCES = ("居民", "组织负责人", "工作人员")
REGIONS = region_keys()  # the region tags an entry may carry (上海, 长宁, 北京, 温州)


@dataclass(frozen=True)
class FaqEntry:
    """One question–answer pair of the compendium, grounded in ``clause_ids``."""

    id: str
    topic: str
    audience: tuple[str, ...]
    regions: tuple[str, ...]
    question: str
    paraphrases: tuple[str, ...]
    answer: str
    clause_ids: tuple[str, ...]
    silent: bool = False
    source: str = ""

    def texts(self) -> list[str]:
        """Every phrasing the matcher compares against."""
        return [self.question, *self.paraphrases]



def faq_dir(knowledge_dir: Path | None = None) -> Path:
    return Path(knowledge_dir or DEFAULT_KNOWLEDGE_DIR) / FAQ_SUBDIR


def _entry(raw: dict, topic: str, source: str) -> FaqEntry:
    """One YAML mapping → FaqEntry; list fields become tuples so entries are hashable."""
    return FaqEntry(
        id=str(raw["id"]), topic=str(raw.get("topic") or topic), audience=tuple(raw.get("audience") or ()),
        regions=tuple(raw.get("regions") or ()), question=str(raw["question"]).strip(),
        paraphrases=tuple(str(p).strip() for p in raw.get("paraphrases") or ()),
        answer=str(raw["answer"]).strip(), clause_ids=tuple(raw.get("clause_ids") or ()),
        silent=bool(raw.get("silent", False)), source=source)


def load_entries(knowledge_dir: Path | None = None) -> list[FaqEntry]:
    """All entries in file order (files sorted by name, so the booklet's topic order is stable)."""
    entries: list[FaqEntry] = []
    for path in sorted(faq_dir(knowledge_dir).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("entries") or []:
            entries.append(_entry(raw, str(data.get("topic", "")), path.name))
    return entries




def region_allows(entry_regions: tuple[str, ...], wanted: list[tuple[str, str | None]]) -> bool:
    """Whether an entry may answer a question about ``wanted`` regions (empty: any region).

    A city and the regions inside it answer each other (长宁 is in 上海; the city's measures apply
    there); 北京 and 温州 stand alone.
    """
    if not wanted:
        return True
    allowed = set()
    for city, district in wanted:
        allowed |= set(regions_within(city))
        if district:
            allowed.add(district)
    return bool(allowed & set(entry_regions))


def wanted_regions(question: str, region: str | None) -> list[tuple[str, str | None]]:
    """Regions from the explicit parameter, else those the question names."""
    return detect_regions(region) if region and region.strip() else detect_regions(question)


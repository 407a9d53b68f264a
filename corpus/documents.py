"""The corpus metadata: which document says what, for which region, and whether it is in force.

Pure Python (stdlib + PyYAML), Python 3.10 compatible: the Rasa action server imports it too.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from corpus.vocabulary import city_keys, detect_regions  # noqa: F401  (detect_regions: kept importable here)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = ROOT / "knowledge"  # the gateway passes Settings.knowledge_dir explicitly


@dataclass(frozen=True)
class Document:
    """One policy document with the facts a citation must carry."""

    id: str
    title: str
    short_title: str
    issuer: str
    doc_number: str | None
    date: dt.date
    region: str
    district: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    period: str | None
    kind: str
    path: Path
    withdrawn: bool = False

    @property
    def region_key(self) -> str:
        """City-level key (上海 / 北京 / 温州) used for region preference."""
        for key in city_keys():
            if key in self.region:
                return key
        return self.region

    def covers(self, city: str, district: str | None) -> bool:
        """Whether this document applies to (city, district): its own district's, or its city's city-wide."""
        return self.region_key == city and (district is None or not self.district or district in self.district)

    @property
    def region_label(self) -> str:
        return f"{self.region}{self.district or ''}"

    def in_force(self, today: dt.date | None = None) -> bool:
        """False only when a stated validity has passed (or not yet begun)."""
        today = today or dt.date.today()
        if self.valid_until and today > self.valid_until:
            return False
        return not (self.valid_from and today < self.valid_from)

    def cite_title(self) -> str:
        """《title》（文号） as a citation shows it; no 文号 where the text has none."""
        number = f"（{self.doc_number}）" if self.doc_number else ""
        return f"《{self.title}》{number}"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _to_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def from_entry(entry: dict, base: Path) -> Document:
    return Document(
        id=entry["id"], title=entry["title"], short_title=entry.get("short_title") or entry["title"],
        issuer=entry["issuer"], doc_number=entry.get("doc_number"), date=_to_date(entry["date"]),
        region=entry["region"], district=entry.get("district"),
        valid_from=_to_date(entry.get("valid_from")), valid_until=_to_date(entry.get("valid_until")),
        period=entry.get("period"), kind=entry.get("kind", ""),
        path=base / "documents" / f"{entry['id']}.txt", withdrawn=bool(entry.get("withdrawn")),
    )


def read_metadata(knowledge_dir: Path) -> list[dict]:
    meta = knowledge_dir / "documents.yml"
    if not meta.exists():
        return []
    return yaml.safe_load(meta.read_text(encoding="utf-8")).get("documents", [])


@lru_cache(maxsize=8)
def load_documents(knowledge_dir: Path | None = None) -> dict[str, Document]:
    """All documents by id, in metadata order."""
    base = Path(knowledge_dir or DEFAULT_KNOWLEDGE_DIR)
    return {e["id"]: from_entry(e, base) for e in read_metadata(base) if not e.get("deleted")}


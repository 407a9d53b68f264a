"""The corpus metadata: which document says what, for which region, and whether it is in force.

Pure Python (stdlib + PyYAML), Python 3.10 compatible: the Rasa action server imports it too.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = Path(os.environ.get("KNOWLEDGE_DIR", ROOT / "knowledge"))

# Region words users type → the region key of the documents (city level) and, for 长宁, the district.
REGION_ALIASES = {
    "上海": ("上海", None), "沪": ("上海", None), "长宁": ("上海", "长宁"),
    "北京": ("北京", None), "京": ("北京", None),
    "温州": ("温州", None), "浙江": ("温州", None),
}


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
        for key in ("上海", "北京", "温州"):
            if key in self.region:
                return key
        return self.region

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


def _from_entry(entry: dict, base: Path) -> Document:
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
    base = Path(knowledge_dir or current_knowledge_dir())
    return {e["id"]: _from_entry(e, base) for e in read_metadata(base) if not e.get("deleted")}


def detect_regions(text: str) -> list[tuple[str, str | None]]:
    """Regions a question names, most specific first (长宁 before 上海)."""
    found = [(alias, target) for alias, target in REGION_ALIASES.items() if alias in text]
    if any(a == "京" for a, _ in found) and "北京" not in text and "南京" in text:
        found = [f for f in found if f[0] != "京"]
    targets = []
    for _alias, target in sorted(found, key=lambda f: f[1][1] is None):
        if target not in targets:
            targets.append(target)
    return targets


# -- staff changes to the corpus (console upload / expire / delete) ---------------------------------
_REQUIRED = ("title", "issuer", "date", "region")


def current_knowledge_dir() -> Path:
    return Path(os.environ.get("KNOWLEDGE_DIR", KNOWLEDGE_DIR))


def _write_metadata(base: Path, entries: list[dict]) -> None:
    """Rewrite documents.yml atomically, keeping its header comment."""
    path = base / "documents.yml"
    header = "".join(ln for ln in path.read_text(encoding="utf-8").splitlines(True) if ln.startswith("#"))
    tmp = path.with_suffix(".yml.tmp")
    tmp.write_text(header + yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    tmp.replace(path)


def _clear_caches() -> None:
    from retrieval.clauses import load_clauses

    load_documents.cache_clear()
    load_clauses.cache_clear()


def _new_id(meta: dict, taken: set[str]) -> str:
    stem = f"doc-{str(meta['date']).replace('-', '')}"
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def add_document(meta: dict, text: str) -> str:
    """Clean, check and store an uploaded document; the caller re-indexes. ValueError = bad input."""
    from retrieval.clauses import segment
    from retrieval.clean import clean_text

    missing = [k for k in _REQUIRED if not meta.get(k)]
    if missing:
        raise ValueError(f"缺少必填信息：{'、'.join(missing)}")
    base = current_knowledge_dir()
    entries = read_metadata(base)
    doc_id = meta.get("id") or _new_id(meta, {e["id"] for e in entries})
    if any(e["id"] == doc_id for e in entries):
        raise ValueError(f"文件编号 {doc_id} 已存在")
    cleaned, _report = clean_text(text)
    entry = {"id": doc_id, "title": meta["title"], "short_title": meta.get("short_title") or meta["title"],
             "issuer": meta["issuer"], "doc_number": meta.get("doc_number") or None, "date": str(meta["date"]),
             "region": meta["region"], "district": meta.get("district") or None,
             "valid_from": meta.get("valid_from") or None, "valid_until": meta.get("valid_until") or None,
             "period": meta.get("period"), "kind": meta.get("kind") or "", "uploaded": True}
    clauses = segment(_from_entry(entry, base), cleaned)
    if not clauses or len(cleaned.strip()) < 20:
        raise ValueError("文件内容为空或无法识别条款，请检查上传的文件。")
    (base / "documents" / f"{doc_id}.txt").write_text(cleaned, encoding="utf-8")
    _write_metadata(base, entries + [entry])
    _clear_caches()
    return doc_id


def _update(doc_id: str, change) -> None:  # noqa: ANN001
    base = current_knowledge_dir()
    entries = read_metadata(base)
    if not any(e["id"] == doc_id for e in entries):
        raise ValueError(f"没有编号为 {doc_id} 的文件")
    _write_metadata(base, [change(e) if e["id"] == doc_id else e for e in entries])
    _clear_caches()


def set_expired(doc_id: str) -> None:
    """Staff withdraw a document: it is no longer indexed or cited as current; the record stays."""
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()

    def change(e: dict) -> dict:
        return {**e, "withdrawn": True, "valid_until": min(str(e.get("valid_until") or yesterday), yesterday)}

    _update(doc_id, change)


def delete_document(doc_id: str) -> None:
    """Remove a document from the corpus (its text file is kept aside as <id>.txt.deleted)."""
    base = current_knowledge_dir()
    _update(doc_id, lambda e: {**e, "deleted": True})
    path = base / "documents" / f"{doc_id}.txt"
    if path.exists():
        path.rename(path.with_name(path.name + ".deleted"))

"""Staff changes to the corpus (console upload / expire / delete): metadata rewrites and cleaned texts.

Every function takes the knowledge folder explicitly (the gateway passes ``Settings.knowledge_dir``);
callers re-index afterwards.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from corpus.clauses import load_clauses, segment
from corpus.clean import clean_text
from corpus.documents import from_entry, load_documents, read_metadata

_REQUIRED = ("title", "issuer", "date", "region")


def _write_metadata(base: Path, entries: list[dict]) -> None:
    """Rewrite documents.yml atomically, keeping its header comment."""
    path = base / "documents.yml"
    header = "".join(ln for ln in path.read_text(encoding="utf-8").splitlines(True) if ln.startswith("#"))
    tmp = path.with_suffix(".yml.tmp")
    tmp.write_text(header + yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    tmp.replace(path)


def clear_caches() -> None:
    """Forget cached documents and clauses after the corpus changed on disk."""
    load_documents.cache_clear()
    load_clauses.cache_clear()


def _new_id(meta: dict, taken: set[str]) -> str:
    stem = f"doc-{str(meta['date']).replace('-', '')}"
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def add_document(base: Path, meta: dict, text: str) -> str:
    """Clean, check and store an uploaded document; the caller re-indexes. ValueError = bad input."""
    missing = [k for k in _REQUIRED if not meta.get(k)]
    if missing:
        raise ValueError(f"缺少必填信息：{'、'.join(missing)}")
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
    clauses = segment(from_entry(entry, base), cleaned)
    if not clauses or len(cleaned.strip()) < 20:
        raise ValueError("文件内容为空或无法识别条款，请检查上传的文件。")
    (base / "documents" / f"{doc_id}.txt").write_text(cleaned, encoding="utf-8")
    _write_metadata(base, entries + [entry])
    clear_caches()
    return doc_id


def _update(base: Path, doc_id: str, change) -> None:  # noqa: ANN001
    entries = read_metadata(base)
    if not any(e["id"] == doc_id for e in entries):
        raise ValueError(f"没有编号为 {doc_id} 的文件")
    _write_metadata(base, [change(e) if e["id"] == doc_id else e for e in entries])
    clear_caches()


def set_expired(base: Path, doc_id: str) -> None:
    """Staff withdraw a document: it is no longer indexed or cited as current; the record stays."""
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()

    def change(e: dict) -> dict:
        return {**e, "withdrawn": True, "valid_until": min(str(e.get("valid_until") or yesterday), yesterday)}

    _update(base, doc_id, change)


def delete_document(base: Path, doc_id: str) -> None:
    """Remove a document from the corpus (its text file is kept aside as <id>.txt.deleted)."""
    _update(base, doc_id, lambda e: {**e, "deleted": True})
    path = base / "documents" / f"{doc_id}.txt"
    if path.exists():
        path.rename(path.with_name(path.name + ".deleted"))

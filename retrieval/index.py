"""The search index: a folder with BM25 over clauses, FAISS over clause passages, and params.json.

params.json records the embedding model and a hash of the knowledge it was built from; loading
with another model is refused (vectors of different models are not comparable) and a stale index
is detected. Rebuilds go to a temporary folder that replaces the old one only when complete, so
the running service keeps answering from the old index meanwhile.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from corpus.citations import sentences
from corpus.clauses import Clause, load_clauses
from corpus.documents import DEFAULT_KNOWLEDGE_DIR, Document, load_documents
from retrieval.cache import TokenCache, VectorCache
from retrieval.dense import HNSW_MIN_PASSAGES, make_index
from retrieval.dense import kind as dense_kind
from retrieval.embed import DEFAULT_CACHE
from retrieval.fsutil import replace_dir
from retrieval.tokenize import bm25_tokens

INDEX_VERSION = 3
Progress = Callable[[float, str], None]


class IndexMismatch(RuntimeError):
    """The index on disk was built differently from what is asked for; the message says how to fix it."""


@dataclass
class Index:
    """Everything search needs in memory."""

    clause_ids: list[str]
    bm25: bm25s.BM25
    vocab: set[str]
    faiss: faiss.Index
    passage_clause: np.ndarray  # passage row → clause row
    params: dict


def knowledge_hash(knowledge_dir: Path | None = None) -> str:
    """Hash of the metadata and every document text: changes whenever the corpus changes."""
    base = Path(knowledge_dir or DEFAULT_KNOWLEDGE_DIR)
    h = hashlib.sha256()
    for path in sorted([base / "documents.yml", *(base / "documents").glob("*.txt"), *(base / "dict").glob("*")]):
        if path.exists():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def sparse_prefix(doc: Document) -> str:
    """Words that identify a document (title, 文号, region) shared by all of its clauses for BM25."""
    return " ".join(x for x in (doc.title, doc.short_title, doc.doc_number or "", doc.region_label) if x)


def passages(clause: Clause, doc_title: str = "") -> list[str]:
    """What gets embedded: the whole clause with its headings, plus sentence pairs of long clauses."""
    head = " > ".join(p for p in (doc_title, *clause.path) if p)
    out = [clause.context(doc_title)[:1200]]
    sents = sentences(clause.text)
    if len(sents) > 3:
        out += [f"{head}：{sents[i]}{sents[i + 1] if i + 1 < len(sents) else ''}" for i in range(0, len(sents))]
    return out


def build(out_dir: Path, embedder, progress: Progress | None = None, knowledge_dir: Path | None = None,
          cache_dir: Path | None = None, hnsw_min: int = HNSW_MIN_PASSAGES) -> dict:
    """Build a complete index into a temp folder, then swap it in atomically.

    ``cache_dir`` holds the per-document vector and token caches (``embcache/``, ``tokcache/``), so a
    rebuild encodes and tokenises only the documents that changed; ``hnsw_min`` is the corpus size
    (passages) from which FAISS gets an HNSW graph instead of a flat index (retrieval/dense.py).
    """
    progress = progress or (lambda _f, _m: None)
    cache_dir = Path(cache_dir or DEFAULT_CACHE)
    docs = load_documents(knowledge_dir)
    clauses = [c for c in load_clauses(knowledge_dir).values() if not docs[c.doc_id].withdrawn]
    progress(0.05, f"分段完成：{len(clauses)} 条条款")
    corpus = _tokens(clauses, docs, cache_dir)
    bm25 = bm25s.BM25()
    bm25.index(corpus, show_progress=False)
    rows, by_doc, by_doc_rows = _passages(clauses, docs)
    progress(0.15, f"向量化 {len(rows)} 段文本")
    cache = VectorCache(cache_dir, embedder.name)
    per_doc = cache.vectors(by_doc, lambda texts: _encode_batches(embedder, texts),
                            lambda f: progress(0.15 + 0.75 * f, "向量化中"))
    vecs = _in_row_order(per_doc, by_doc_rows)
    progress(0.92, "建立向量索引")
    dense = make_index(vecs, hnsw_min)
    params = {
        "version": INDEX_VERSION, "model": embedder.name, "dim": int(vecs.shape[1]),
        "n_clauses": len(clauses), "n_passages": len(rows), "dense_index": dense_kind(dense),
        "knowledge_hash": knowledge_hash(knowledge_dir), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    _write(out_dir, [c.id for c in clauses], bm25, dense, np.asarray(rows, dtype=np.int32), params)
    progress(1.0, "索引已更新")
    return params


def _tokens(clauses: list[Clause], docs: dict[str, Document], cache_dir: Path) -> list[list[str]]:
    """BM25 tokens of every clause (with its document's identifying words), tokenising only new texts."""
    texts: dict[str, list[str]] = {}
    for c in clauses:
        texts.setdefault(c.doc_id, []).append(c.context(sparse_prefix(docs[c.doc_id])))
    per_doc = {d: iter(t) for d, t in TokenCache(cache_dir).tokens(texts, bm25_tokens).items()}
    return [next(per_doc[c.doc_id]) for c in clauses]


def _passages(clauses: list[Clause], docs: dict[str, Document]
              ) -> tuple[list[int], dict[str, list[str]], dict[str, list[int]]]:
    """(passage row → clause row, passage texts per document, their passage rows per document)."""
    rows, by_doc, by_doc_rows = [], {}, {}
    for i, c in enumerate(clauses):
        for p in passages(c, docs[c.doc_id].short_title):
            by_doc_rows.setdefault(c.doc_id, []).append(len(rows))
            by_doc.setdefault(c.doc_id, []).append(p)
            rows.append(i)
    return rows, by_doc, by_doc_rows


def _in_row_order(per_doc: dict[str, np.ndarray], rows: dict[str, list[int]]) -> np.ndarray:
    """One (n_passages, dim) matrix from the per-document vectors, each at its passage rows."""
    dim = next(v.shape[1] for v in per_doc.values() if len(v))
    out = np.zeros((sum(len(r) for r in rows.values()), dim), dtype=np.float32)
    for doc_id, vecs in per_doc.items():
        if len(vecs):
            out[rows[doc_id]] = vecs
    return out


def _encode_batches(embedder, texts: list[str], batch: int = 16) -> np.ndarray:
    """Encode shortest first in small batches: little padding, and the caller's progress moves per document."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[np.ndarray | None] = [None] * len(texts)
    for start in range(0, len(order), batch):
        part = order[start:start + batch]
        for i, v in zip(part, embedder.encode_passages([texts[i] for i in part])):
            out[i] = v
    return np.vstack(out)


def _write(out_dir: Path, ids: list[str], bm25, dense, rows: np.ndarray, params: dict) -> None:
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    bm25.save(str(tmp / "bm25"))
    faiss.write_index(dense, str(tmp / "dense.faiss"))
    np.save(tmp / "passage_clause.npy", rows)
    (tmp / "clause_ids.json").write_text(json.dumps(ids, ensure_ascii=False), encoding="utf-8")
    (tmp / "params.json").write_text(json.dumps(params, ensure_ascii=False, indent=2), encoding="utf-8")
    replace_dir(tmp, out_dir)


def load(index_dir: Path, model_name: str, knowledge_dir: Path | None = None) -> Index:
    """Load an index, refusing one built with another model or from other knowledge."""
    index_dir = Path(index_dir)
    pfile = index_dir / "params.json"
    if not pfile.exists():
        raise IndexMismatch(f"索引不存在：{index_dir}。请先运行 `make index`（或 python -m retrieval build）。")
    params = json.loads(pfile.read_text(encoding="utf-8"))
    if params.get("model") != model_name:
        raise IndexMismatch(f"索引由模型 {params.get('model')} 构建，当前模型为 {model_name}；"
                            "请用当前模型重建索引：python -m retrieval build")
    if params.get("version") != INDEX_VERSION or params.get("knowledge_hash") != knowledge_hash(knowledge_dir):
        raise IndexMismatch("索引已过期（知识库或索引格式有变化）；请重建：python -m retrieval build")
    bm25 = bm25s.BM25.load(str(index_dir / "bm25"))
    return Index(
        clause_ids=json.loads((index_dir / "clause_ids.json").read_text(encoding="utf-8")),
        bm25=bm25, vocab=set(bm25.vocab_dict), faiss=faiss.read_index(str(index_dir / "dense.faiss")),
        passage_clause=np.load(index_dir / "passage_clause.npy"), params=params,
    )

"""Build caches kept per document: passage vectors (per model) and BM25 tokens (per tokeniser).

Adding, changing or deleting one document then encodes and tokenises only that document and writes
only its own cache files; a corpus of thousands of documents is never re-read into one dict and
re-written as one file. Entries are keyed by a hash of the text, so a clause moved to another
document or a document renamed still reuses its work. The single-file vector cache of index
version 3 (``embcache/<model>.npz``) is read as a fallback, so an old cache is not thrown away.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from corpus.documents import DEFAULT_KNOWLEDGE_DIR

Encode = Callable[[list[str]], np.ndarray]
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _file_name(doc_id: str, suffix: str) -> str:
    """A file name for a document id: the id itself when it is safe, plus a short hash so ids never collide."""
    return f"{_SAFE.sub('_', doc_id)[:60]}-{text_key(doc_id)[:8]}{suffix}"


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    write(tmp)
    tmp.replace(path)


def _save_npz(path: Path, vectors: dict[str, np.ndarray]) -> None:
    with path.open("wb") as f:
        np.savez(f, keys=np.array(list(vectors)), vecs=np.vstack(list(vectors.values())))


class VectorCache:
    """Passage vectors of one model, one .npz per document under ``embcache/<model hash>/``."""

    def __init__(self, cache_dir: Path, model_name: str) -> None:
        name = hashlib.sha1(model_name.encode()).hexdigest()[:12]
        self.folder = Path(cache_dir) / "embcache" / name
        self.legacy = Path(cache_dir) / "embcache" / f"{name}.npz"
        self._all: dict[str, np.ndarray] | None = None  # see _pool

    def vectors(self, doc_texts: dict[str, list[str]], encode: Encode,
                progress: Callable[[float], None] = lambda _f: None) -> dict[str, np.ndarray]:
        """(n_texts, dim) per document, encoding only texts no cache holds; rewrites only changed documents."""
        out, done, total = {}, 0, sum(len(t) for t in doc_texts.values())
        for doc_id, texts in doc_texts.items():
            out[doc_id] = self._document(doc_id, texts, encode)
            done += len(texts)
            progress(done / max(total, 1))
        return out

    def _document(self, doc_id: str, texts: list[str], encode: Encode) -> np.ndarray:
        path = self.folder / _file_name(doc_id, ".npz")
        known = self._read(path)
        keys = [text_key(t) for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in known]
        if missing:
            pool = self._pool()
            known.update({k: pool[k] for k in missing if k in pool})
            todo = {k: t for k, t in zip(keys, texts) if k not in known}
            if todo:
                known.update(zip(todo, encode(list(todo.values()))))
        if missing or set(known) != set(keys):  # new texts, or vectors of texts the document no longer has
            kept = {k: known[k] for k in dict.fromkeys(keys)}
            _atomic_write(path, lambda tmp: _save_npz(tmp, kept))
        return np.vstack([known[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, 0), np.float32)

    @staticmethod
    def _read(path: Path) -> dict[str, np.ndarray]:
        if not path.exists():
            return {}
        with np.load(path) as z:
            return dict(zip(z["keys"].tolist(), z["vecs"]))

    def _pool(self) -> dict[str, np.ndarray]:
        """Every cached vector of the model (all documents' files and the old single file), read once and
        only when a document has texts its own file lacks: a copied or moved clause is not re-encoded."""
        if self._all is None:
            self._all = self._read(self.legacy)
            for path in sorted(self.folder.glob("*.npz")):
                self._all.update(self._read(path))
        return self._all


def tokeniser_hash(knowledge_dir: Path | None = None) -> str:
    """What BM25 tokens depend on: the tokeniser's code, the bigram helper and the jieba dictionary."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in (here / "tokenize.py", here.parent / "corpus" / "text.py",
                 Path(DEFAULT_KNOWLEDGE_DIR) / "dict" / "domain.txt"):
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


class TokenCache:
    """BM25 tokens of clause texts, one JSON per document under ``tokcache/<tokeniser hash>/``."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = Path(cache_dir) / "tokcache" / tokeniser_hash()

    def tokens(self, doc_texts: dict[str, list[str]], tokenise: Callable[[str], list[str]]) -> dict[str, list[list[str]]]:
        """Token lists per document, tokenising only texts not cached for that document."""
        return {doc_id: self._document(doc_id, texts, tokenise) for doc_id, texts in doc_texts.items()}

    def _document(self, doc_id: str, texts: Iterable[str], tokenise: Callable[[str], list[str]]) -> list[list[str]]:
        texts = list(texts)
        path = self.folder / _file_name(doc_id, ".json")
        known: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        keys = [text_key(t) for t in texts]
        fresh = {k: tokenise(t) for k, t in zip(keys, texts) if k not in known}
        if fresh or set(known) != set(keys):
            known.update(fresh)
            kept = {k: known[k] for k in keys}
            _atomic_write(path, lambda tmp: tmp.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8"))
            known = kept
        return [known[k] for k in keys]

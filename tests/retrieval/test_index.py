"""Index build and load without the real model: a deterministic fake embedder, a copy of knowledge/
in tmp_path and a tmp cache folder (so nothing here touches var/index or $BAIWEN_CACHE)."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from corpus import admin
from corpus.documents import DEFAULT_KNOWLEDGE_DIR
from retrieval import index as index_mod
from retrieval.index import IndexMismatch, build, load

DIM = 8


class FakeEmbedder:
    """Unit vectors from a hash of the text: same text, same vector; records what it was asked to encode."""

    def __init__(self, name: str = "fake:hash-8") -> None:
        self.name = name
        self.dim = DIM
        self.encoded: list[str] = []

    @staticmethod
    def _vec(text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        return v / np.linalg.norm(v)

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        self.encoded.extend(texts)
        return np.vstack([self._vec(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self._vec("query: " + t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)


@pytest.fixture
def knowledge(tmp_path: Path):
    """A private copy of knowledge/ (documents.yml, documents, dict); caches keyed by its path."""
    dst = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, dst)
    admin.clear_caches()
    yield dst
    admin.clear_caches()


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def built(tmp_path: Path, knowledge: Path, cache_dir: Path):
    """(index folder, embedder, params) of a complete build."""
    emb = FakeEmbedder()
    out = tmp_path / "index"
    params = build(out, emb, knowledge_dir=knowledge, cache_dir=cache_dir)
    return out, emb, params


def _edit_document(knowledge: Path, doc_id: str = "sh-mca-2024-1") -> str:
    """Change one sentence of one document on disk; returns the new sentence."""
    path = knowledge / "documents" / f"{doc_id}.txt"
    text = path.read_text(encoding="utf-8")
    old = "丰富扶持资金。"
    assert old in text
    new = "丰富扶持资金（测试改写）。"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    admin.clear_caches()  # as the gateway's re-index job does after a change on disk
    return new


def test_build_then_load(built, knowledge):
    out, emb, params = built
    idx = load(out, emb.name, knowledge)
    assert params["model"] == emb.name and params["dim"] == DIM
    assert idx.params == json.loads((out / "params.json").read_text(encoding="utf-8"))
    assert len(idx.clause_ids) == params["n_clauses"] > 100
    assert idx.faiss.ntotal == params["n_passages"] == len(idx.passage_clause) == len(emb.encoded)
    assert idx.passage_clause.max() == len(idx.clause_ids) - 1
    assert "sh-mca-2024-1/第七条" in idx.clause_ids
    assert not (out.parent / "index.building").exists()


def test_progress_reported(tmp_path, knowledge, cache_dir):
    seen: list[float] = []
    build(tmp_path / "index", FakeEmbedder(), lambda f, _m: seen.append(f), knowledge, cache_dir)
    assert seen[0] < seen[-1] == 1.0


def test_load_refuses_another_model(built, knowledge):
    out, _emb, _params = built
    with pytest.raises(IndexMismatch, match="python -m retrieval build") as err:
        load(out, "some-other-model", knowledge)
    assert "fake:hash-8" in str(err.value) and "some-other-model" in str(err.value)


def test_load_refuses_stale_knowledge(built, knowledge):
    out, emb, _params = built
    _edit_document(knowledge)
    with pytest.raises(IndexMismatch, match="python -m retrieval build"):
        load(out, emb.name, knowledge)


def test_load_refuses_another_index_version(built, knowledge):
    out, emb, params = built
    (out / "params.json").write_text(json.dumps({**params, "version": params["version"] - 1}), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="python -m retrieval build"):
        load(out, emb.name, knowledge)


def test_load_refuses_missing_folder(tmp_path, knowledge):
    with pytest.raises(IndexMismatch, match="make index"):
        load(tmp_path / "no-index-here", "fake:hash-8", knowledge)


class Interrupted(Exception):
    pass


def test_interrupted_encoding_leaves_old_index_loadable(tmp_path, built, knowledge):
    out, emb, params = built

    class Crashing(FakeEmbedder):
        def encode_passages(self, texts, show_progress=False):
            raise Interrupted

    with pytest.raises(Interrupted):  # an empty cache, so the rebuild must encode (and dies doing so)
        build(out, Crashing(), knowledge_dir=knowledge, cache_dir=tmp_path / "empty-cache")
    assert json.loads((out / "params.json").read_text(encoding="utf-8")) == params  # untouched
    assert load(out, emb.name, knowledge).faiss.ntotal == params["n_passages"]


def test_interrupted_write_leaves_old_index_loadable(built, knowledge, cache_dir, monkeypatch):
    out, emb, params = built
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def crash(*_a, **_k):
        raise Interrupted

    monkeypatch.setattr(index_mod.np, "save", crash)  # dies after bm25 and faiss were written to the temp folder
    with pytest.raises(Interrupted):
        build(out, FakeEmbedder(), knowledge_dir=knowledge, cache_dir=cache_dir)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert load(out, emb.name, knowledge).params == params
    # the half-written temp folder does not block the next build
    assert (out.parent / "index.building").exists()
    build(out, FakeEmbedder(), knowledge_dir=knowledge, cache_dir=cache_dir)
    assert not (out.parent / "index.building").exists()
    load(out, emb.name, knowledge)


def test_embedding_cache_reencodes_only_new_passages(tmp_path, built, knowledge, cache_dir):
    out, first, _params = built
    again = FakeEmbedder()
    build(out, again, knowledge_dir=knowledge, cache_dir=cache_dir)
    assert again.encoded == []  # nothing changed: every vector from the cache

    _edit_document(knowledge)
    after = FakeEmbedder()
    build(out, after, knowledge_dir=knowledge, cache_dir=cache_dir)
    fresh = FakeEmbedder()  # the same knowledge with an empty cache: every passage of the new corpus
    build(tmp_path / "index-fresh", fresh, knowledge_dir=knowledge, cache_dir=tmp_path / "empty-cache")
    assert set(after.encoded) == set(fresh.encoded) - set(first.encoded)
    assert after.encoded and all("测试改写" in t for t in after.encoded)  # only passages of the edited clause
    assert len(after.encoded) < len(fresh.encoded) / 10
    idx = load(out, after.name, knowledge)  # the updated index is current and complete
    assert idx.faiss.ntotal == len(fresh.encoded)


def test_cache_is_per_model(tmp_path, built, knowledge, cache_dir):
    out, first, _params = built
    other = FakeEmbedder("fake:other-model")
    build(out, other, knowledge_dir=knowledge, cache_dir=cache_dir)
    assert sorted(other.encoded) == sorted(first.encoded)  # another model's vectors are never reused
    load(out, "fake:other-model", knowledge)
    with pytest.raises(IndexMismatch):
        load(out, first.name, knowledge)

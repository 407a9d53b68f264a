"""The FAISS index chosen by size, its stored vectors, and the per-document build caches (fake embedder)."""
from __future__ import annotations

import shutil

import faiss
import numpy as np
import yaml

from corpus import admin
from retrieval import dense
from retrieval import index as index_mod
from retrieval.index import build, load
from tests.retrieval.test_index import FakeEmbedder, cache_dir, knowledge  # noqa: F401


def _unit(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_flat_below_the_threshold_hnsw_from_it():
    x = _unit(300)
    assert dense.kind(dense.make_index(x, hnsw_min=301)) == "flat"
    assert dense.kind(dense.make_index(x, hnsw_min=300)) == "hnsw"
    assert dense.HNSW_MIN_PASSAGES > 10 * 607  # today's corpus (607 passages) stays exact


def test_hnsw_finds_what_flat_finds_and_keeps_the_vectors(tmp_path):
    x = _unit(2000)
    flat, hnsw = dense.make_index(x, hnsw_min=10**9), dense.make_index(x, hnsw_min=1)
    faiss.write_index(hnsw, str(tmp_path / "h.faiss"))
    hnsw = faiss.read_index(str(tmp_path / "h.faiss"))
    overlap = []
    for q in x[:20] + 0.1 * _unit(20, seed=1):
        q = q / np.linalg.norm(q)
        want, got = dense.search(flat, q, 50), dense.search(hnsw, q, 300)
        assert len(want) == 50 and len(got) == 300
        overlap.append(len(set(want) & set(got)) / 50)
    assert np.mean(overlap) > 0.95
    np.testing.assert_array_equal(dense.stored_vectors(hnsw), x)
    np.testing.assert_array_equal(dense.stored_vectors(flat), x)


def test_build_records_the_index_kind(tmp_path, knowledge, cache_dir):  # noqa: F811
    small = build(tmp_path / "a", FakeEmbedder(), knowledge_dir=knowledge, cache_dir=cache_dir)
    big = build(tmp_path / "b", FakeEmbedder(), knowledge_dir=knowledge, cache_dir=cache_dir, hnsw_min=100)
    assert (small["dense_index"], big["dense_index"]) == ("flat", "hnsw")
    idx = load(tmp_path / "b", FakeEmbedder().name, knowledge)
    assert dense.kind(idx.faiss) == "hnsw" and idx.faiss.ntotal == big["n_passages"]


def _add_copy(knowledge, doc_id: str = "bj-2022", new_id: str = "bj-2022-copy") -> None:  # noqa: ANN001
    meta = yaml.safe_load((knowledge / "documents.yml").read_text(encoding="utf-8"))
    entry = next(e for e in meta["documents"] if e["id"] == doc_id)
    meta["documents"].append({**entry, "id": new_id, "title": entry["title"] + "（副本）"})
    shutil.copy(knowledge / "documents" / f"{doc_id}.txt", knowledge / "documents" / f"{new_id}.txt")
    (knowledge / "documents.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
    admin.clear_caches()


def test_adding_a_document_touches_only_its_cache_files(tmp_path, knowledge, cache_dir, monkeypatch):  # noqa: F811
    build(tmp_path / "index", FakeEmbedder(), knowledge_dir=knowledge, cache_dir=cache_dir)
    files = {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*") if p.is_file()}
    assert len([p for p in files if p.suffix == ".npz"]) == 5 and len([p for p in files if p.suffix == ".json"]) == 5
    tokenised: list[str] = []
    tokens = index_mod.bm25_tokens
    monkeypatch.setattr(index_mod, "bm25_tokens", lambda t: tokenised.append(t) or tokens(t))
    _add_copy(knowledge)
    emb = FakeEmbedder()
    params = build(tmp_path / "index", emb, knowledge_dir=knowledge, cache_dir=cache_dir)
    assert {p: p.stat().st_mtime_ns for p in files} == files  # the five documents' caches untouched
    new = [p for p in cache_dir.rglob("*") if p.is_file() and p not in files]
    assert sorted(p.suffix for p in new) == [".json", ".npz"] and all("bj-2022-copy" in p.name for p in new)
    # the copy's clauses differ from the original only in the title the BM25 text starts with
    assert tokenised and all("（副本）" in t for t in tokenised)
    # the copy's passages embed the short title, the same texts as the original's: found, not encoded
    assert emb.encoded == []
    assert load(tmp_path / "index", emb.name, knowledge).faiss.ntotal == params["n_passages"]


def test_the_single_file_cache_of_version_3_is_still_read(tmp_path, knowledge, cache_dir):  # noqa: F811
    first = FakeEmbedder()
    build(tmp_path / "index", first, knowledge_dir=knowledge, cache_dir=cache_dir)
    cache = index_mod.VectorCache(cache_dir, first.name)
    keys, vecs = [], []
    for path in cache.folder.glob("*.npz"):
        with np.load(path) as z:
            keys += z["keys"].tolist()
            vecs.append(z["vecs"])
    np.savez(cache.legacy, keys=np.array(keys), vecs=np.vstack(vecs))
    shutil.rmtree(cache.folder)
    again = FakeEmbedder()
    build(tmp_path / "index", again, knowledge_dir=knowledge, cache_dir=cache_dir)
    assert again.encoded == [] and len(list(cache.folder.glob("*.npz"))) == 5

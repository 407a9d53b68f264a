"""The FAISS side of the index: which index a corpus gets, and reading its stored vectors back.

A flat (exhaustive) inner-product index is exact and, below a few tens of thousands of passages,
also the fastest; above that an HNSW graph returns the few hundred candidate passages in under a
millisecond where flat search grows linearly (bench/scale.py measures both). Either way the ranking
re-scores its candidates exactly from the stored vectors, so the approximate index only decides
which clauses are looked at, never their scores.
"""
from __future__ import annotations

import faiss
import numpy as np

HNSW_MIN_PASSAGES = 20_000  # measured (bench/scale.py, 2 cores): flat top-300 ≈ 0.4 ms at 12k passages, ≈ 6 ms at 30k
HNSW_M = 32  # graph degree: faiss's usual default for 384-d text embeddings
HNSW_EF_CONSTRUCTION = 64
DENSE_CANDIDATES = 300  # passages a question's dense search returns (≈ 70 clauses' worth at 4.3 passages a clause)


def make_index(vecs: np.ndarray, hnsw_min: int = HNSW_MIN_PASSAGES) -> faiss.Index:
    """Flat inner-product index for a small corpus, HNSW (inner product) from ``hnsw_min`` passages."""
    vecs = np.ascontiguousarray(vecs, dtype=np.float32)
    dim = vecs.shape[1]
    if len(vecs) < hnsw_min:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(vecs)
    return index


def kind(index: faiss.Index) -> str:
    """'flat' or 'hnsw' (what params.json and the scale bench report)."""
    return "hnsw" if isinstance(faiss.downcast_index(index), faiss.IndexHNSW) else "flat"


def search(index: faiss.Index, query: np.ndarray, k: int = DENSE_CANDIDATES) -> np.ndarray:
    """Rows of the ``k`` passages nearest the (1, dim) query, best first (HNSW explores at least k nodes)."""
    k = min(k, index.ntotal)
    params = faiss.SearchParametersHNSW(efSearch=max(k, 64)) if kind(index) == "hnsw" else None
    _, rows = index.search(np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), k, params=params)
    return rows[0][rows[0] >= 0]


def inner_products(query: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """query · each row, with FAISS's own kernel: exactly the scores its search gives the same vectors."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    query = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
    out = np.empty(len(vectors), dtype=np.float32)
    if len(vectors):
        faiss.fvec_inner_products_ny(faiss.swig_ptr(out), faiss.swig_ptr(query), faiss.swig_ptr(vectors),
                                     len(query), len(vectors))
    return out


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """(ntotal, dim) view of the vectors a flat or HNSW-flat index holds (no copy: the index owns them)."""
    index = faiss.downcast_index(index)
    flat = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    xb = faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d)
    return np.asarray(xb).reshape(flat.ntotal, flat.d)

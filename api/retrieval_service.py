"""The gateway's single Retriever: loaded once, swapped atomically after a staff-triggered rebuild."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from api.settings import get_settings
from retrieval.index import load
from retrieval.search import Retriever

_lock = threading.Lock()
# One thread runs the model: on 2 cores parallel forward passes only compete, and a fixed thread
# keeps torch's intra-op thread pool warm instead of waking a new one per request.
_model_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="retriever")


async def run_model(fn, *args):  # noqa: ANN001, ANN201
    """Run a retrieval call on the model thread without blocking the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_model_thread, fn, *args)
_retriever: Retriever | None = None


def get_retriever() -> Retriever:
    """Load on first use (the model takes ~2 s); later calls reuse it."""
    global _retriever
    if _retriever is None:
        with _lock:
            if _retriever is None:
                s = get_settings()
                _retriever = Retriever.open(s.index_dir, s.embedding_model)
    return _retriever


def is_ready() -> bool:
    return _retriever is not None


def reload_retriever() -> Retriever:
    """Open the freshly built index and swap it in; the old one keeps serving until this returns."""
    global _retriever
    s = get_settings()
    old = _retriever
    if old is None:
        fresh = Retriever.open(s.index_dir, s.embedding_model)
    else:
        fresh = Retriever(load(s.index_dir, old.embedder.name), old.embedder)
    with _lock:
        _retriever = fresh
    return fresh

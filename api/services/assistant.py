"""The gateway's single Assistant (retriever + compendium): loaded once, swapped after a rebuild.

``answer`` is /api/ask: the model runs on its own thread, and residents' questions are logged for the
staff review.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from answering.followup import Context
from answering.pipeline import Assistant
from api.logging_setup import mask_pii
from api.services import compendium
from api.services.feedback import record_question
from api.services.errors import Unavailable
from config.settings import get_settings
from retrieval.index import IndexMismatch, load
from retrieval.ranking import Retriever

log = logging.getLogger("api.ask")

_lock = threading.Lock()
# One thread runs the model: on 2 cores parallel forward passes only compete, and a fixed thread
# keeps torch's intra-op thread pool warm instead of waking a new one per request.
_model_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="retriever")
_assistant: Assistant | None = None


async def run_model(fn, *args):  # noqa: ANN001, ANN201
    """Run a retrieval call on the model thread without blocking the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_model_thread, fn, *args)


def get_assistant() -> Assistant:
    """Load on first use (the model takes ~2 s); later calls reuse it."""
    global _assistant
    if _assistant is None:
        with _lock:
            if _assistant is None:
                s = get_settings()
                _assistant = Assistant.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)
    return _assistant


def is_ready() -> bool:
    return _assistant is not None


def reload_assistant() -> Assistant:
    """Open the freshly built index and swap it in; the old one keeps serving until this returns."""
    global _assistant
    s = get_settings()
    old = _assistant
    if old is None:
        fresh = Assistant.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)
    else:
        embedder = old.embedder
        retriever = Retriever(load(s.index_dir, embedder.name, s.knowledge_dir), embedder, s.knowledge_dir)
        fresh = Assistant(retriever, cache_dir=s.cache_dir)
    with _lock:
        _assistant = fresh
    return fresh


def ask_payload(question: str, region: str | None, top_k: int, context: dict | None = None) -> dict:
    """The /api/ask response body (also used by the staff hit test and the benchmarks); entries staff
    saved since the last question are matched first (compendium.sync_matcher)."""
    current = get_assistant()
    compendium.sync_matcher(current)
    return current.ask(question, region, top_k, context=Context.from_dict(context) if context else None).payload()


async def answer(question: str, region: str | None, top_k: int, sender_id: str | None, record: bool,
                 context: dict | None = None) -> dict:
    """The /api/ask body; ``record`` logs the question for the staff review (not for staff hit tests).

    Answers come from the corpus only; ``confident`` is false when the documents do not answer.
    """
    try:
        body = await run_model(ask_payload, question, region, top_k, context)
    except IndexMismatch as exc:
        log.error("index unavailable: %s", exc)
        raise Unavailable("知识库索引暂不可用，请联系管理员重建索引后再试。") from exc
    log.info("ask confident=%s q=%s", body["confident"], mask_pii(question[:80]))
    if record:
        await asyncio.to_thread(record_question, question, body, sender_id)
    return body

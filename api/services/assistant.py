"""The gateway's single Assistant (retriever + compendium): loaded once, swapped after a rebuild.

A rebuild finished by any worker bumps the index version in the database (api/services/index_jobs.py); every
worker polls it like the compendium's (api/services/polled.py) and reopens the index when it grew, so all
workers answer from the new index within FAQ_RELOAD_S seconds.

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
from api.services import compendium, index_jobs
from api.services.feedback import record_question
from api.services.errors import Unavailable
from api.services.polled import PolledVersion
from config.settings import get_settings
from corpus import admin
from retrieval.index import IndexMismatch, load
from retrieval.embed import serve_queries
from retrieval.ranking import Retriever

log = logging.getLogger("api.ask")

_lock = threading.Lock()
# One thread runs the model: on 2 cores parallel forward passes only compete, and a fixed thread
# keeps torch's intra-op thread pool warm instead of waking a new one per request.
_model_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="retriever")
_assistant: Assistant | None = None
_index_version = PolledVersion(index_jobs.index_version)
_opened: dict = {"key": None}  # the index version key the served assistant was opened at


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
                opened = _index_version.key(force=True)  # read before opening: a later build is newer
                _assistant = Assistant.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)
                _opened["key"] = opened
    return _assistant


def current_assistant() -> Assistant:
    """The assistant, reopened first when another worker finished a rebuild since it was opened."""
    assistant = get_assistant()
    key, opened = _index_version.key(), _opened["key"]
    if opened is None or key[:2] != opened[:2]:  # settings switched (tests, tools): adopt, nothing to reload
        _opened["key"] = key
    elif key[2] > opened[2]:
        log.info("index version %s → %s: reopening the index", opened[2], key[2])
        try:
            assistant = reload_assistant(key)
        except Exception:  # noqa: BLE001 — a broken index on disk must not take answering down
            log.exception("could not open index version %s: the previous index keeps serving", key[2])
            _opened["key"] = key  # not retried on every request; the next finished build is tried again
    return assistant


def is_ready() -> bool:
    return _assistant is not None


def reload_assistant(version_key: tuple | None = None) -> Assistant:
    """Open the freshly built index and swap it in; the old one keeps serving until this returns.
    ``version_key``: the index version it now serves (the polled key, or the job this worker just finished)."""
    global _assistant
    s = get_settings()
    admin.clear_caches()  # another worker may have changed the documents on disk: read them afresh
    old = _assistant
    if old is None:
        fresh = Assistant.open(s.index_dir, s.embedding_model, s.knowledge_dir, s.cache_dir)
    else:
        embedder = old.embedder
        retriever = Retriever(load(s.index_dir, embedder.name, s.knowledge_dir), embedder, s.knowledge_dir)
        fresh = Assistant(retriever, cache_dir=s.cache_dir)
    with _lock:
        _assistant = fresh
        if version_key is not None:
            _opened["key"] = version_key
    return fresh


def ask_payload(question: str, region: str | None, top_k: int, context: dict | None = None) -> dict:
    """The /api/ask response body (also used by the staff hit test and the benchmarks); entries staff
    saved since the last question are matched first (compendium.sync_matcher). Runs on the model thread, which
    serves one query at a time with one torch thread (retrieval/embed.serve_queries; torch's thread count is
    per thread, and loading the model set one per core)."""
    current = current_assistant()  # may load the model, which sets one torch thread per core
    serve_queries()
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

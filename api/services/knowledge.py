"""Staff changes to the knowledge base and the background re-index job that follows each of them.

The change itself (corpus/admin.py) runs first; the index is then rebuilt in a temp folder and
swapped in, while the old index keeps serving. The job is a database row (api/services/index_jobs.py):
one job at a time across all gateway workers, its progress visible from any of them, and its end bumps
the index version the other workers poll to reopen the new index within seconds.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import TypeVar

from api.services import index_jobs
from api.services.assistant import reload_assistant
from api.services.errors import Conflict, NotFound, Refused
from api.services.extract import Rejected, extract_in_worker, extract_text  # noqa: F401  (extract_text: tests)
from api.services.index_jobs import JobBusy
from api.services.polled import PolledVersion
from config.settings import get_settings
from corpus import admin
from corpus.documents import Document, load_documents
from retrieval.embed import get_embedder
from retrieval.index import build

log = logging.getLogger("api.knowledge")
T = TypeVar("T")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # the default of Settings.max_upload_bytes
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
_JOB_LOCK = threading.Lock()  # this worker's own changes one at a time; the row guards against the others


def job_state() -> dict:
    """The newest re-index job (whichever worker runs it), for the console."""
    return index_jobs.latest()


def rebuild(progress: Callable[[float, str], None]) -> None:
    """Build the new index in a temp folder (swapped in on disk only when complete)."""
    s = get_settings()
    admin.clear_caches()
    build(s.index_dir, get_embedder(s.embedding_model, s.cache_dir), progress, s.knowledge_dir, s.cache_dir)


def _run_rebuild(job_id: int) -> None:
    """Thread body: build, serve the new index here, then end the job (which tells the other workers).
    A failure keeps the old index serving and shows the error to staff."""
    try:
        rebuild(lambda fraction, message: index_jobs.progress(job_id, fraction, message))
        index_jobs.progress(job_id, 0.99, "正在加载新索引…")
        reload_assistant((*PolledVersion.source(), job_id))
    except Exception as exc:  # noqa: BLE001 — any failure must be shown, not lost in a thread
        log.exception("index rebuild failed")
        index_jobs.finish(job_id, f"{type(exc).__name__}: {exc}")
        return
    index_jobs.finish(job_id)


def start_job(action: str, change: Callable[[], T]) -> T:
    """Apply a knowledge change and start re-indexing; JobBusy (nothing changed) while a job runs anywhere.

    ValueError from the change (a bad document) propagates with its message for staff, and no job is left.
    """
    with _JOB_LOCK:
        job_id = index_jobs.begin(action)
        try:
            result = change()
        except BaseException:
            index_jobs.abandon(job_id)
            raise
        threading.Thread(target=_run_rebuild, args=(job_id,), name="index-rebuild", daemon=True).start()
    return result


def staff_change(change: Callable[[], T]) -> T:
    """Run a knowledge change for staff: Conflict while a job runs, Refused with the reason for a bad document."""
    try:
        return change()
    except JobBusy as exc:
        raise Conflict(str(exc)) from None
    except ValueError as exc:  # the helpers refuse bad documents with a message for staff
        raise Refused(str(exc)[:300]) from None


def documents() -> dict[str, Document]:
    """Fresh metadata every time: uploads and expiries change it while the process runs."""
    load_documents.cache_clear()
    return load_documents(get_settings().knowledge_dir)


def doc_row(doc: Document) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {"id": doc.id, "title": doc.title, "issuer": doc.issuer, "doc_number": doc.doc_number,
            "date": iso(doc.date), "region": doc.region_label, "kind": doc.kind,
            "valid_from": iso(doc.valid_from), "valid_until": iso(doc.valid_until), "in_force": doc.in_force()}


def require_document(doc_id: str) -> None:
    """NotFound for an id the list no longer has (another staff member may have deleted it)."""
    if doc_id not in documents():
        raise NotFound("没有这个文件，请刷新列表后重试。")


def check_new_doc_id(doc_id: str) -> str:
    """A staff-chosen id must be a short slug and not in use yet."""
    if not _DOC_ID.match(doc_id):
        raise Refused("文件编号只能用小写字母、数字和连字符（2–41 位）。")
    if doc_id in documents():
        raise Conflict("该文件编号已存在。")
    return doc_id


def add_document(meta: dict, text: str) -> str:
    return start_job(f"上传《{meta['title']}》", lambda: admin.add_document(get_settings().knowledge_dir, meta, text))


def expire_document(doc_id: str) -> None:
    start_job(f"标记失效 {doc_id}", lambda: admin.set_expired(get_settings().knowledge_dir, doc_id))


def delete_document(doc_id: str) -> None:
    start_job(f"删除 {doc_id}", lambda: admin.delete_document(get_settings().knowledge_dir, doc_id))


async def upload_text(filename: str, data: bytes) -> str:
    """The text of an uploaded file (read up to MAX_UPLOAD_BYTES + 1), or Refused saying what is wrong.

    Extraction runs in a limited child process (api/services/extract.py): the event loop never parses.
    """
    settings = get_settings()
    if len(data) > settings.max_upload_bytes:
        raise Refused(f"文件太大（上限 {settings.max_upload_bytes // (1024 * 1024)} MB）。")
    try:
        text = await extract_in_worker(filename, data, timeout_s=settings.extract_timeout_s,
                                       memory_mb=settings.extract_memory_mb,
                                       max_unzipped=settings.extract_max_unzipped_mb << 20)
    except Rejected as exc:
        raise Refused(str(exc)) from None
    if len(text.strip()) < 20:
        raise Refused("没有从文件中读出正文（扫描版 PDF 请先转成文字）。")
    return text

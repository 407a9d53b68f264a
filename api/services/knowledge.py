"""Staff changes to the knowledge base and the background re-index job that follows each of them.

The change itself (corpus/admin.py) runs first; the index is then rebuilt in a temp folder and
swapped in, while the old index keeps serving. One job at a time per process.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TypeVar

from api.models.requests import utcnow
from api.services.assistant import reload_assistant
from api.services.errors import Conflict, NotFound, Refused
from api.services.extract import Rejected, extract_in_worker, extract_text  # noqa: F401  (extract_text: tests)
from config.settings import get_settings
from corpus import admin
from corpus.documents import Document, load_documents
from retrieval.embed import get_embedder
from retrieval.index import build

log = logging.getLogger("api.knowledge")
T = TypeVar("T")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # the default of Settings.max_upload_bytes
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")


class JobBusy(RuntimeError):
    """A re-index job is running; nothing was changed."""


@dataclass
class IndexJob:
    """The one re-index job of this process; the console polls it for progress."""

    state: str = "idle"  # idle | running | done | failed
    action: str = ""
    progress: float = 0.0
    message: str = ""
    error: str | None = None
    started_at: str | None = None
    finished_at: str | None = None


JOB = IndexJob()
_JOB_LOCK = threading.Lock()


def job_state() -> dict:
    return asdict(JOB)


def rebuild(progress: Callable[[float, str], None]) -> None:
    """Build the new index in a temp folder (swapped in only when complete), then serve from it."""
    s = get_settings()
    admin.clear_caches()
    build(s.index_dir, get_embedder(s.embedding_model, s.cache_dir), progress, s.knowledge_dir, s.cache_dir)
    progress(0.99, "正在加载新索引…")
    reload_assistant()


def _progress(fraction: float, message: str) -> None:
    JOB.progress = max(0.0, min(1.0, float(fraction)))
    JOB.message = str(message)[:200]


def _run_rebuild() -> None:
    """Thread body: a failure keeps the old index serving and shows the error to staff."""
    try:
        rebuild(_progress)
        JOB.state, JOB.progress, JOB.message = "done", 1.0, "索引已更新，新内容已可检索。"
    except Exception as exc:  # noqa: BLE001 — any failure must be shown, not lost in a thread
        log.exception("index rebuild failed")
        JOB.state = "failed"
        JOB.error = f"{type(exc).__name__}: {exc}"[:500]
        JOB.message = "索引重建失败，旧索引继续提供服务。"
    JOB.finished_at = utcnow().isoformat(timespec="seconds")


def start_job(action: str, change: Callable[[], T]) -> T:
    """Apply a knowledge change and start re-indexing; JobBusy (nothing changed) while a job runs.

    ValueError from the change (a bad document) propagates with its message for staff.
    """
    with _JOB_LOCK:
        if JOB.state == "running":
            raise JobBusy("正在重建索引，请等当前任务完成后再操作。")
        result = change()
        JOB.__init__(state="running", action=action, message="已开始重建索引…",
                     started_at=utcnow().isoformat(timespec="seconds"))
        threading.Thread(target=_run_rebuild, name="index-rebuild", daemon=True).start()
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

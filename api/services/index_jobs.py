"""The re-index job rows (api/models/index_jobs.py): start one, report progress, end it, read the index version.

Every gateway worker reads and writes the same rows, so staff see one job whichever worker answers, a second
change is refused while any worker rebuilds, and the other workers learn from ``index_version`` that a newer
index is on disk. A job whose worker died mid-build stops counting as running after STALE_AFTER without progress.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from api.db import session_scope
from api.models.base import utcnow
from api.models.index_jobs import IndexJobRecord

log = logging.getLogger("api.index_jobs")
STALE_AFTER = dt.timedelta(minutes=15)  # a rebuild reports progress far more often than this
PROGRESS_EVERY_S = 0.5  # progress is written at most this often (the console polls once a second)
IDLE = {"id": None, "state": "idle", "action": "", "progress": 0.0, "message": "", "error": None,
        "started_at": None, "finished_at": None}
_last_write: dict[int, float] = {}


class JobBusy(RuntimeError):
    """A re-index job is running (in this worker or another); nothing was changed."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def as_dict(row: IndexJobRecord) -> dict:
    """The shape the console polls (api/static/staff.js)."""
    return {"id": row.id, "state": row.state, "action": row.action, "progress": row.progress,
            "message": row.message, "error": row.error, "started_at": _iso(row.started_at),
            "finished_at": _iso(row.finished_at)}


def latest() -> dict:
    """The newest job, or IDLE when there was none."""
    with session_scope() as db:
        row = db.scalars(select(IndexJobRecord).order_by(IndexJobRecord.id.desc()).limit(1)).first()
        return as_dict(row) if row else dict(IDLE)


def _end_stale(db) -> None:  # noqa: ANN001
    """A running job without progress for STALE_AFTER lost its worker (killed mid-build): mark it failed."""
    cutoff = utcnow() - STALE_AFTER
    db.execute(update(IndexJobRecord).where(IndexJobRecord.running.is_(True), IndexJobRecord.updated_at < cutoff)
               .values(state="failed", running=None, finished_at=utcnow(), error="worker stopped",
                       message="索引重建中断（进程已退出），旧索引继续提供服务。"))


def begin(action: str) -> int:
    """Claim the one running slot for a new job; JobBusy when any worker holds it."""
    with session_scope() as db:
        _end_stale(db)
        row = IndexJobRecord(action=action[:200], state="running", running=True, progress=0.0,
                             message="已开始重建索引…", worker=f"{socket.gethostname()}:{os.getpid()}"[:128])
        db.add(row)
        try:
            db.commit()
        except IntegrityError:
            raise JobBusy("正在重建索引，请等当前任务完成后再操作。") from None
        return row.id


def abandon(job_id: int) -> None:
    """The change the job was for was refused: the job never happened."""
    with session_scope() as db:
        db.execute(IndexJobRecord.__table__.delete().where(IndexJobRecord.id == job_id))
        db.commit()


def progress(job_id: int, fraction: float, message: str) -> None:
    """Record progress (throttled: the build may report many times a second)."""
    now = time.monotonic()
    if now - _last_write.get(job_id, 0.0) < PROGRESS_EVERY_S:
        return
    _last_write[job_id] = now
    with session_scope() as db:
        db.execute(update(IndexJobRecord).where(IndexJobRecord.id == job_id)
                   .values(progress=max(0.0, min(1.0, float(fraction))), message=str(message)[:200], updated_at=utcnow()))
        db.commit()


def finish(job_id: int, error: str | None = None) -> None:
    """End the job: done (its id becomes the index version) or failed with the error for staff."""
    _last_write.pop(job_id, None)
    values = ({"state": "done", "progress": 1.0, "message": "索引已更新，新内容已可检索。"} if error is None else
              {"state": "failed", "error": error[:500], "message": "索引重建失败，旧索引继续提供服务。"})
    with session_scope() as db:
        db.execute(update(IndexJobRecord).where(IndexJobRecord.id == job_id)
                   .values(running=None, finished_at=utcnow(), updated_at=utcnow(), **values))
        db.commit()


def index_version() -> int:
    """The id of the newest finished job (0: none yet; -1: the table is missing or the database is down)."""
    try:
        with session_scope() as db:
            return int(db.scalar(select(func.max(IndexJobRecord.id)).where(IndexJobRecord.state == "done")) or 0)
    except SQLAlchemyError:
        log.warning("index job table unavailable: serving the index on disk")
        return -1

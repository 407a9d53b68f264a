"""Retention: what residents said is not kept forever (issue 13). After RETENTION_DAYS (0 = keep):

- Rasa's conversations (the tracker store's ``events`` table: TRACKER_URL, e.g. the production profile's
  PostgreSQL database, else the SQLite file TRACKER_DB): a conversation idle that long is
  deleted whole; in one still in use, events that old before its latest session start go — Rasa only ever
  loads a tracker from its latest ``session_started`` on, so the live conversation never changes.
- the question log (every question asked, with its sender id);
- log files (``*.log*`` in RUN_LOG_DIR) not written to for that long — older runs' logs.

Applied at gateway start-up (api/main.py) and by ``make retention`` (``python -m api.services.retention``),
e.g. from a daily cron job. Requests (filings, deregistrations, handoffs) are case records, not covered here.
"""
from __future__ import annotations

import logging
import sys
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, delete, inspect, text

from api.db import session_scope
from api.models.base import utcnow
from api.models.feedback import QuestionLog
from config.settings import Settings, get_settings

log = logging.getLogger(__name__)

# events of a conversation idle past the cutoff, or before its latest session start (older than the cutoff)
# ("timestamp" quoted: a type name in PostgreSQL, a plain column in Rasa's table; the same SQL runs on SQLite)
_OLD_EVENTS = text("""
DELETE FROM events WHERE "timestamp" < :cutoff AND (
  sender_id NOT IN (SELECT sender_id FROM events WHERE "timestamp" >= :cutoff)
  OR "timestamp" < (SELECT MAX(s."timestamp") FROM events s
                    WHERE s.sender_id = events.sender_id AND s.type_name = 'session_started'))
""")


@dataclass
class Purged:
    tracker_events: int = 0
    questions: int = 0
    log_files: int = 0


def tracker_url(settings: Settings) -> str | None:
    """Where Rasa keeps conversations: TRACKER_URL, else the SQLite file TRACKER_DB if Rasa has made it."""
    if settings.tracker_url:
        return settings.tracker_url
    return f"sqlite:///{settings.tracker_db}" if settings.tracker_db.is_file() else None


def purge_tracker(url: str | None, cutoff: float) -> int:
    """Delete old conversation events from Rasa's tracker store (SQLite or PostgreSQL); 0 when it has no
    events table yet (Rasa creates it on its first start)."""
    if url is None:
        return 0
    engine = create_engine(url, **({"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}))
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as conn:
            return conn.execute(_OLD_EVENTS, {"cutoff": cutoff}).rowcount or 0
    finally:
        engine.dispose()


def purge_questions(days: int) -> int:
    """Delete question-log rows older than `days`."""
    with session_scope() as db:
        count = db.execute(delete(QuestionLog).where(QuestionLog.created_at < utcnow() - timedelta(days=days)))
        db.commit()
        return count.rowcount or 0


def purge_logs(log_dir: Path, cutoff: float) -> int:
    """Delete log files last written before the cutoff (the running services' logs are written to)."""
    gone = 0
    for path in log_dir.glob("*.log*") if log_dir.is_dir() else []:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def purge(settings: Settings | None = None, now: float | None = None) -> Purged:
    """Apply RETENTION_DAYS to conversations, the question log and log files."""
    settings = settings or get_settings()
    if settings.retention_days <= 0:
        return Purged()
    cutoff = (now if now is not None else time.time()) - settings.retention_days * 86400
    done = Purged(purge_tracker(tracker_url(settings), cutoff), purge_questions(settings.retention_days),
                  purge_logs(settings.log_dir, cutoff))
    log.info("retention (%s days): %s", settings.retention_days, asdict(done))
    return done


def purge_safely() -> None:
    """Start-up: a failure is logged, never stops the gateway (the next start or `make retention` retries)."""
    try:
        purge()
    except Exception:  # noqa: BLE001
        log.exception("retention job failed; run `make retention` to see why")


def main() -> int:
    """``make retention``: the same job as at start-up, on a database brought to the current schema."""
    from api.migrations import init_db

    init_db()
    result = purge()
    print(f"保留期 {get_settings().retention_days} 天：删除对话事件 {result.tracker_events} 条、"
          f"提问记录 {result.questions} 条、日志文件 {result.log_files} 个。")
    return 0


if __name__ == "__main__":
    sys.exit(main())

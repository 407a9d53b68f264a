"""Retention of Rasa's conversations in a PostgreSQL tracker store (the production profile's), on a real
PostgreSQL (tests/db/pgcluster.py) and, for comparison, the SQLite file `make run` uses.

The `events` table is made with the columns Rasa's SQLTrackerStore gives it (rasa/core/tracker_store.py,
SQLEvent); `timestamp` is a float of Unix seconds there too.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from api.services import retention
from config.settings import ROOT, Settings

DAY = 86400
NOW = time.time()


def _rasa_events_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table("events", metadata, sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
                    sa.Column("type_name", sa.String(255), nullable=False), sa.Column("timestamp", sa.Float),
                    sa.Column("intent_name", sa.String(255)), sa.Column("action_name", sa.String(255)),
                    sa.Column("data", sa.Text))


def _add(engine: sa.Engine, table: sa.Table, sender: str, days_ago: float, *kinds: str) -> None:
    at = NOW - days_ago * DAY
    with engine.begin() as conn:
        for i, kind in enumerate(kinds):
            conn.execute(table.insert().values(sender_id=sender, type_name=kind, timestamp=at + i,
                                               data=json.dumps({"event": kind, "timestamp": at + i})))


def _kinds(engine: sa.Engine, table: sa.Table, sender: str) -> list[tuple[str, int]]:
    """(type, age in whole days) of one conversation's events, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.type_name, table.c.timestamp)
                            .where(table.c.sender_id == sender).order_by(table.c.id))
        return [(kind, round((NOW - at) / DAY)) for kind, at in rows]


@pytest.fixture(params=["postgresql", "sqlite"])
def tracker(request: pytest.FixtureRequest, tmp_path) -> tuple[str, sa.Engine, sa.Table]:  # noqa: ANN001
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else f"sqlite:///{tmp_path / 't.db'}"
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    table = _rasa_events_table(metadata)
    metadata.create_all(engine)
    _add(engine, table, "web:idle", 400, "session_started", "user", "bot")  # idle 400 days: goes whole
    _add(engine, table, "web:live", 400, "session_started", "user", "bot")  # an old session of a live one: goes
    _add(engine, table, "web:live", 1, "session_started", "user", "bot")
    _add(engine, table, "web:recent", 2, "session_started", "user")  # within the period: stays
    yield url, engine, table
    engine.dispose()


def test_old_conversations_go_and_live_ones_stay(tracker) -> None:  # noqa: ANN001
    url, engine, table = tracker
    assert retention.purge_tracker(url, NOW - 180 * DAY) == 6
    assert _kinds(engine, table, "web:idle") == []
    assert _kinds(engine, table, "web:live") == [("session_started", 1), ("user", 1), ("bot", 1)]
    assert _kinds(engine, table, "web:recent") == [("session_started", 2), ("user", 2)]
    assert retention.purge_tracker(url, NOW - 180 * DAY) == 0


def test_tracker_url_wins_over_the_sqlite_file(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "tracker.db").touch()
    pg = "postgresql+psycopg://baiwen:secret@127.0.0.1:5433/baiwen_tracker"
    assert retention.tracker_url(Settings(tracker_url=pg, tracker_db=tmp_path / "tracker.db")) == pg
    assert retention.tracker_url(Settings(tracker_db=tmp_path / "tracker.db")) == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert retention.tracker_url(Settings(tracker_db=tmp_path / "none.db")) is None


def test_make_retention_purges_the_postgresql_tracker(postgres_url: str, tmp_path) -> None:  # noqa: ANN001
    """`make retention` (python -m api.services.retention) with TRACKER_URL, as the production profile sets it."""
    engine = sa.create_engine(postgres_url)
    metadata = sa.MetaData()
    table = _rasa_events_table(metadata)
    metadata.create_all(engine)
    _add(engine, table, "wx:old", 365, "session_started", "user", "bot")
    _add(engine, table, "wx:new", 3, "session_started", "user", "bot")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_URL": postgres_url, "RETENTION_DAYS": "180",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}", "RUN_LOG_DIR": str(tmp_path / "log")}
    job = subprocess.run([sys.executable, "-m", "api.services.retention"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert job.returncode == 0, job.stderr
    assert "删除对话事件 3 条" in job.stdout, job.stdout
    assert _kinds(engine, table, "wx:old") == [] and len(_kinds(engine, table, "wx:new")) == 3
    engine.dispose()

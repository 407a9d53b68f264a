"""The re-index job rows (api/services/index_jobs.py) on SQLite and PostgreSQL: one running job across all
workers, a job whose worker died released after a while, a refused change leaves no job, and the index version
is the newest finished job."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from api.db import get_engine, session_scope
from api.migrations import init_db
from api.models.base import utcnow
from api.models.index_jobs import IndexJobRecord
from api.services import index_jobs


@pytest.fixture
def database_url(any_database_url: str) -> str:
    return any_database_url


@pytest.fixture
def jobs(settings):  # noqa: ANN001, ANN201
    init_db(get_engine())
    return index_jobs


def test_one_job_runs_at_a_time_and_its_end_is_the_new_version(jobs) -> None:  # noqa: ANN001
    assert jobs.latest()["state"] == "idle" and jobs.index_version() == 0
    first = jobs.begin("上传《甲》")
    with pytest.raises(jobs.JobBusy):
        jobs.begin("删除 乙")  # as another worker would: the unique running slot is taken
    jobs.progress(first, 0.4, "向量化")
    assert (jobs.latest()["state"], jobs.latest()["progress"]) == ("running", pytest.approx(0.4))
    assert jobs.index_version() == 0  # not finished: nobody should reopen yet
    jobs.finish(first)
    assert jobs.latest()["state"] == "done" and jobs.index_version() == first
    second = jobs.begin("删除 乙")
    jobs.finish(second, "RuntimeError: 模型文件缺失")
    assert jobs.latest()["state"] == "failed" and "模型文件缺失" in jobs.latest()["error"]
    assert jobs.index_version() == first  # a failed build changes nothing on disk


def test_a_job_whose_worker_died_is_released_after_a_while(jobs) -> None:  # noqa: ANN001
    dead = jobs.begin("上传《甲》")
    with session_scope() as db:
        db.execute(update(IndexJobRecord).where(IndexJobRecord.id == dead)
                   .values(updated_at=utcnow() - jobs.STALE_AFTER - dt.timedelta(seconds=1)))
        db.commit()
    fresh = jobs.begin("上传《乙》")
    with session_scope() as db:
        assert db.get(IndexJobRecord, dead).state == "failed"
    assert jobs.latest()["id"] == fresh


def test_an_abandoned_job_leaves_nothing(jobs) -> None:  # noqa: ANN001
    jobs.abandon(jobs.begin("上传《坏文件》"))
    assert jobs.latest()["state"] == "idle"
    jobs.finish(jobs.begin("上传《好文件》"))
    assert jobs.latest()["state"] == "done"


def test_without_the_table_the_version_says_so(settings) -> None:  # noqa: ANN001
    assert index_jobs.index_version() == -1  # not migrated: keep serving the index on disk

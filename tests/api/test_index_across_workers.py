"""Issue 15, item 2: the re-index job is a database row, and a finished build reaches every gateway worker.

Two real gateway processes (uvicorn) share one database, one knowledge folder and one index folder, as the
production profile's two workers do. Staff upload a document on the first; the job and its progress are visible
from the second; within seconds of the build finishing the second answers from the new index too — without a
restart, by polling the index version (api/services/index_jobs.py, api/services/polled.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import INTERNAL_TOKEN, STAFF_TOKEN
from tests.web.conftest import INDEX_DIR, ROOT, Gateway, free_port, require_index, wait_healthy

DOC_ID = "test-longzhou-workers"
TITLE = "关于开展社区龙舟文化节活动的通知"
TEXT = ("关于开展社区龙舟文化节活动的通知\n一、活动目的\n社区龙舟文化节由街道社区龙舟协会承办，每年端午节前组织居民龙舟训练"
        "和龙舟竞渡表演。\n二、参加对象\n辖区居民龙舟爱好者均可报名参加社区龙舟队。\n")
QUESTION = "社区龙舟队怎么报名参加？"
SWAP_LIMIT_S = 10  # FAQ_RELOAD_S is 2 s; reopening the index takes about a second more


def _start(shared: Path, name: str) -> Gateway:
    """One gateway worker on a free port over the shared folders and database; its log in shared/<name>.log."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{shared / 'app.db'}",
           "STAFF_TOKEN": STAFF_TOKEN, "INTERNAL_TOKEN": INTERNAL_TOKEN, "KNOWLEDGE_DIR": str(shared / "knowledge"),
           "INDEX_DIR": str(shared / "index"), "RASA_URL": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "FAQ_RELOAD_S": "2"}
    log = open(shared / f"{name}.log", "w")  # noqa: SIM115 — closed with the process
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port",
                             str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    gateway = Gateway(f"http://127.0.0.1:{port}", proc, shared, env)
    try:
        wait_healthy(gateway.url, proc, timeout=180)
    except Exception:
        gateway.stop()
        raise RuntimeError((shared / f"{name}.log").read_text()[-4000:]) from None
    return gateway


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gateway, Gateway]]:
    require_index()
    shared = tmp_path_factory.mktemp("workers")
    shutil.copytree(ROOT / "knowledge", shared / "knowledge")
    shutil.copytree(INDEX_DIR, shared / "index")
    started: list[Gateway] = []
    try:
        for name in ("worker-1", "worker-2"):  # one at a time: the first migrates the shared database
            started.append(_start(shared, name))
        yield started[0], started[1]
    finally:
        for gateway in started:
            gateway.stop()


def _cited_docs(gateway: Gateway) -> set[str]:
    body = httpx.post(f"{gateway.url}/api/ask", json={"question": QUESTION}, timeout=120).json()
    return {c["doc_id"] for c in body["citations"]}


def _job(gateway: Gateway) -> dict:
    return httpx.get(f"{gateway.url}/api/staff/index-job", headers={"Authorization": f"Bearer {STAFF_TOKEN}"},
                     timeout=30).json()


def test_a_build_on_one_worker_is_served_by_the_other_within_seconds(workers: tuple[Gateway, Gateway]) -> None:
    builder, other = workers
    assert DOC_ID not in _cited_docs(other) and DOC_ID not in _cited_docs(builder)  # both warm, old index
    resp = httpx.post(f"{builder.url}/api/staff/documents", headers={"Authorization": f"Bearer {STAFF_TOKEN}"},
                      files={"file": ("longzhou.txt", TEXT.encode(), "text/plain")}, timeout=60,
                      data={"title": TITLE, "issuer": "测试街道办事处", "date": "2026-05-01", "region": "上海市",
                            "doc_id": DOC_ID})
    assert resp.status_code == 200, resp.text
    job_id = resp.json()["job"]["id"]
    assert _job(other)["id"] == job_id  # one job, seen from either worker
    deadline = time.monotonic() + 600
    while (job := _job(other))["state"] == "running":
        assert time.monotonic() < deadline, "the re-index job did not end within 10 minutes"
        time.sleep(0.5)
    assert job["state"] == "done" and job["progress"] == 1.0, job
    finished = time.monotonic()
    while DOC_ID not in _cited_docs(other):
        assert time.monotonic() - finished < SWAP_LIMIT_S, "the other worker still answers from the old index"
        time.sleep(0.5)
    assert DOC_ID in _cited_docs(builder)

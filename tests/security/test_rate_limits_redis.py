"""Finding 5/6 with REDIS_URL set: limits held in one worker's memory let a flooder get N× the limit by
spreading requests over N workers, and a login guesser N× the tries. With Redis (a real redis-server here,
tests/db/redisserver.py) every worker counts in the same place: two gateways, one limit."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import redis

from tests.db.redisserver import running_redis
from tests.e2e.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
STAFF_TOKEN = "redis-test-staff-token"
FEEDBACK = {"question": "问", "answer": "答", "rating": "down", "reason": "没帮助"}


@contextmanager
def gateway(tmp: Path, name: str, redis_url: str) -> Iterator[str]:
    """One gateway worker (uvicorn) with the shared database and Redis; yields its URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp / 'app.db'}",
           "REDIS_URL": redis_url, "BAIWEN_WARM": "0", "STAFF_TOKEN": STAFF_TOKEN, "INTERNAL_TOKEN": "redis-internal",
           "RATE_LIMIT_FEEDBACK": "6/minute", "RATE_LIMIT_LOGIN": "4/5minute", "TRACKER_DB": str(tmp / "tracker.db"),
           "RUN_LOG_DIR": str(tmp)}
    with open(tmp / f"{name}.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1",
                                 "--port", str(port), "--no-proxy-headers"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(600):
                if proc.poll() is not None:
                    pytest.fail((tmp / f"{name}.log").read_text()[-3000:])
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """Redis and two gateways sharing it (started one after the other: each migrates the database)."""
    tmp = tmp_path_factory.mktemp("redis-limits")
    try:
        with ExitStack() as stack:
            url = stack.enter_context(running_redis())
            first = stack.enter_context(gateway(tmp, "first", url))
            second = stack.enter_context(gateway(tmp, "second", url))
            yield url, first, second
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


def _client(base: str, source: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=30, transport=httpx.HTTPTransport(local_address=source))


def test_a_flood_spread_over_two_workers_gets_one_limit(workers: tuple[str, str, str]) -> None:
    url, first, second = workers
    with _client(first, "127.0.0.91") as a, _client(second, "127.0.0.91") as b:
        codes = [(a if i % 2 else b).post("/api/feedback", json=FEEDBACK).status_code for i in range(12)]
    assert codes.count(200) == 6 and codes.count(429) == 6, codes  # in-memory counters would accept all 12
    assert redis.Redis.from_url(url).keys("LIMITS*")  # the counters live in Redis


def test_login_failures_at_one_worker_lock_the_address_at_the_other(workers: tuple[str, str, str]) -> None:
    _, first, second = workers
    with _client(first, "127.0.0.92") as a, _client(second, "127.0.0.92") as b:
        codes = [a.post("/staff/login", json={"name": "api", "password": f"guess-{i}"}).status_code for i in range(4)]
        assert codes == [401] * 4
        assert b.post("/staff/login", json={"name": "api", "password": STAFF_TOKEN}).status_code == 429
        assert b.get("/api/filings", headers={"Authorization": f"Bearer {STAFF_TOKEN}"}).status_code == 429
    with _client(second, "127.0.0.93") as other:  # another address is not affected
        assert other.post("/staff/login", json={"name": "api", "password": STAFF_TOKEN}).status_code == 200

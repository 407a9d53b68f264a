"""A throwaway redis-server on a free loopback port (no persistence), stopped after; like pgcluster.py for
PostgreSQL. Debian's redis-server is installed by `make test`'s set-up (mk/wechat.mk, target wechat-redis)."""
from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.db.pgcluster import free_port


@contextmanager
def running_redis() -> Iterator[str]:
    """Yield ``redis://127.0.0.1:<port>/0`` of a fresh server that answers PING."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("找不到 redis-server：请运行 make wechat-redis（make test 的准备步骤会安装它）。")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {proc.returncode}") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)

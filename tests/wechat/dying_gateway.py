"""A gateway worker that the kill -9 test can really kill: the real app in a process of its own, with a
dialogue that takes far longer than any try (so it is always killed mid-reply).

`python -m tests.wechat.dying_gateway <port> <settings as JSON>`; `dying_gateway()` starts it and waits until
it answers, and SIGKILLs it when the block ends if the test has not already.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
STUCK_S = 120.0  # the dialogue of this worker never answers within a test


@contextmanager
def dying_gateway(settings: Settings, port: int) -> Iterator[subprocess.Popen]:
    """Start the worker on `port` with `settings`; yield its process."""
    data = settings.model_dump(mode="json")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BAIWEN_WARM": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.wechat.dying_gateway", str(port), json.dumps(data)],
                            cwd=ROOT, env=env)
    try:
        _wait_up(proc, f"http://127.0.0.1:{port}/health")
        yield proc
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait_up(proc: subprocess.Popen, url: str, limit_s: float = 60) -> None:
    """Until the worker answers HTTP (importing the app takes seconds on a busy machine)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dying gateway exited with {proc.returncode} before it answered")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"dying gateway did not answer within {limit_s:.0f} s")


def main() -> None:
    """The worker: the real create_app(), these settings, a dialogue stuck for STUCK_S."""
    import uvicorn

    from api.main import create_app
    from tests.wechat.conftest import FakeDialogue

    port, data = int(sys.argv[1]), json.loads(sys.argv[2])
    app = create_app()
    app.state.wechat_settings = Settings(**data)
    app.state.wechat_converse = FakeDialogue(delay_s=STUCK_S)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


if __name__ == "__main__":
    main()

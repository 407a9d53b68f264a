"""Start the whole stack (scripts/run_all.sh) on free loopback ports for e2e tests and benchmarks."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READY = "百问百答助手已启动"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StackFailed(RuntimeError):
    """run_all.sh exited before the gateway was ready; the message carries the log tails."""


def _wait_ready(proc: subprocess.Popen, logs: Path) -> None:
    for line in proc.stdout:  # run_all.sh enforces its own per-service time limits
        if READY in line:
            return
    detail = "\n".join(p.read_text(errors="replace")[-2000:] for p in logs.glob("*.log"))
    raise StackFailed(f"run_all.sh exited with {proc.wait()}\n{detail}")


@contextmanager
def running_stack(tmp: Path, **extra_env: str) -> Iterator[str]:
    """Action server + Rasa + gateway with a temp database/tracker store; yields the gateway URL."""
    port = free_port()
    env = {**os.environ, "GATEWAY_PORT": str(port), "RASA_PORT": str(free_port()), "ACTIONS_PORT": str(free_port()),
           "TRACKER_DB": str(tmp / "tracker.db"), "RUN_LOG_DIR": str(tmp),
           "DATABASE_URL": f"sqlite:///{tmp / 'app.db'}", **extra_env}
    proc = subprocess.Popen(["bash", "scripts/run_all.sh"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_ready(proc, tmp)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGINT)  # run_all.sh's trap stops its three children
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

"""The security suite's one stack: scripts/run_all.sh (gateway + Rasa + action server) on free loopback
ports, with no tokens configured — so run_all.sh generates them, as `make run` does on first start.

Each test attacks it over real HTTP. Clients are httpx clients with their own cookie jar (one browser
each); `client(source=...)` binds another loopback address (127.0.0.x) so a test can be a different
machine — the login throttle counts per real client address. Rate limits are lowered so a test can reach
them quickly; 127.0.0.50 plays a trusted reverse proxy (TRUSTED_PROXIES); everything else is the production
configuration. Before the start, the log folder holds what an older run could have left: a world-readable
gateway.log and a log file not written to for 400 days (RETENTION_DAYS is 180).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import os
import time

import httpx
import pytest

from tests.e2e.stack import StackFailed, free_port, running_stack, secret
from tests.e2e.test_chat_e2e import _model

RATE_LIMITS = {"RATE_LIMIT_CLIENT": "40/minute", "RATE_LIMIT_SENDER": "15/minute",
               "RATE_LIMIT_FEEDBACK": "20/minute;100/hour", "RATE_LIMIT_LOGIN": "10/5minute"}
PROXY = "127.0.0.50"
OLD_LOG = "old-run.log"


@dataclass
class Stack:
    base: str
    rasa: str
    actions: str
    tmp: Path

    def secret(self, name: str) -> str:
        return secret(self.tmp, name)

    @property
    def staff(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret('STAFF_TOKEN')}"}

    def job_env(self) -> dict[str, str]:
        """The environment a job (e.g. `make retention`) run beside this stack would have."""
        return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                "DATABASE_URL": f"sqlite:///{self.tmp / 'app.db'}", "TRACKER_DB": str(self.tmp / "tracker.db"),
                "RUN_LOG_DIR": str(self.tmp)}

    def client(self, source: str = "127.0.0.1", **kw) -> httpx.Client:  # noqa: ANN003
        """A fresh 'browser' (own cookie jar) connecting from `source`."""
        return httpx.Client(base_url=self.base, timeout=kw.pop("timeout", 90),
                            transport=httpx.HTTPTransport(local_address=source), **kw)


def leftovers(tmp: Path) -> None:
    """What an older run may have left in the log folder (the stack must fix or delete both)."""
    (tmp / "gateway.log").write_text("an older run's log\n")
    (tmp / "gateway.log").chmod(0o644)
    (tmp / OLD_LOG).write_text("resident 13812345678 asked …\n")
    old = time.time() - 400 * 86400
    os.utime(tmp / OLD_LOG, (old, old))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("security")
    rasa_port, actions_port = free_port(), free_port()
    env = {"RASA_MODEL": _model(), "RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port),
           "ENV": "development", "STAFF_TOKEN": "", "INTERNAL_TOKEN": "", "RASA_TOKEN": "", "ACTIONS_TOKEN": "",
           "TRUSTED_PROXIES": PROXY, **RATE_LIMITS}
    leftovers(tmp)
    try:
        with running_stack(tmp, **env) as base:
            httpx.post(f"{base}/api/ask", json={"question": "备案", "top_k": 1}, timeout=180)  # warm the retriever
            yield Stack(base, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}", tmp)
    except StackFailed as exc:
        pytest.fail(str(exc))

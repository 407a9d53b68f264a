"""The security suite's one stack: scripts/run_all.sh (gateway + Rasa + action server) on free loopback
ports, with no tokens configured — so run_all.sh generates them, as `make run` does on first start.

Each test attacks it over real HTTP. Clients are httpx clients with their own cookie jar (one browser
each); `client(source=...)` binds another loopback address (127.0.0.x) so a test can be a different
machine — the login throttle counts per real client address. Rate limits are lowered so a test can reach
them quickly; everything else is the production configuration.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.stack import StackFailed, free_port, running_stack, secret
from tests.e2e.test_chat_e2e import _model

RATE_LIMITS = {"RATE_LIMIT_CLIENT": "40/minute", "RATE_LIMIT_SENDER": "15/minute",
               "RATE_LIMIT_FEEDBACK": "20/minute;100/hour", "RATE_LIMIT_LOGIN": "10/5minute"}


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

    def client(self, source: str = "127.0.0.1", **kw) -> httpx.Client:  # noqa: ANN003
        """A fresh 'browser' (own cookie jar) connecting from `source`."""
        return httpx.Client(base_url=self.base, timeout=kw.pop("timeout", 90),
                            transport=httpx.HTTPTransport(local_address=source), **kw)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("security")
    rasa_port, actions_port = free_port(), free_port()
    env = {"RASA_MODEL": _model(), "RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port),
           "ENV": "development", "STAFF_TOKEN": "", "INTERNAL_TOKEN": "", "RASA_TOKEN": "", "ACTIONS_TOKEN": "",
           **RATE_LIMITS}
    try:
        with running_stack(tmp, **env) as base:
            httpx.post(f"{base}/api/ask", json={"question": "备案", "top_k": 1}, timeout=180)  # warm the retriever
            yield Stack(base, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}", tmp)
    except StackFailed as exc:
        pytest.fail(str(exc))

"""One production profile (scripts/run_prod.sh: PostgreSQL, Redis, 2 × Rasa, 2 × action server, 2 × gateway,
HAProxy, supervisord) for the whole fault suite, on free ports in temp folders; stopped even when a test fails.
Its gateways send WeChat customer-service messages to a fake WeChat API (tests/wechat/conftest.py) on loopback,
so a test can count every answer a WeChat user got."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.test_chat_e2e import _model
from tests.faults.profile import Profile, ProfileFailed, running_profile
from tests.wechat.conftest import APPID, FakeWeChatApi, ServerThread


@pytest.fixture(scope="session")
def wechat_api() -> Iterator[tuple[FakeWeChatApi, str]]:
    api = FakeWeChatApi()
    with ServerThread(api.app()) as server:
        yield api, server.url


@pytest.fixture(scope="session")
def profile(tmp_path_factory: pytest.TempPathFactory, wechat_api: tuple[FakeWeChatApi, str]) -> Iterator[Profile]:
    wechat = {"WECHAT_APPID": APPID, "WECHAT_SECRET": "wx-secret", "WECHAT_API_BASE": wechat_api[1]}
    try:
        with running_profile(tmp_path_factory.mktemp("prod"), _model(), wechat) as running:
            yield running
    except ProfileFailed as exc:
        pytest.fail(str(exc))


PROGRAMS = ("rasa-1", "rasa-2", "actions-1", "actions-2", "gateway-1", "gateway-2", "haproxy", "redis", "postgres")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failing fault test carries the tail of every program's log in its report, so the CI log keeps them
    (the profile's temp folder is gone by the time anyone reads a failure)."""
    outcome = yield
    report = outcome.get_result()
    profile = item.funcargs.get("profile") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(profile, Profile):
        for name in PROGRAMS:
            tail = profile.log_tail(name, lines=60)
            if tail:
                report.sections.append((f"log of {name} (last 60 lines)", tail))

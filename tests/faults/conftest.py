"""One production profile (scripts/run_prod.sh: PostgreSQL, Redis, 2 × Rasa, 2 × action server, 2 × gateway,
HAProxy, supervisord) for the whole fault suite, on free ports in temp folders; stopped even when a test fails."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.test_chat_e2e import _model
from tests.faults.profile import Profile, ProfileFailed, running_profile


@pytest.fixture(scope="session")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Profile]:
    try:
        with running_profile(tmp_path_factory.mktemp("prod"), _model()) as running:
            yield running
    except ProfileFailed as exc:
        pytest.fail(str(exc))

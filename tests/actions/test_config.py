"""The action server's settings (actions/config.py)."""
from __future__ import annotations

import pytest

from actions.config import DEV_INTERNAL_TOKEN, from_env


def test_action_server_refuses_the_dev_token_outside_development() -> None:
    assert from_env({}).internal_token == DEV_INTERNAL_TOKEN  # development default
    for token in ("", DEV_INTERNAL_TOKEN):
        with pytest.raises(ValueError, match="INTERNAL_TOKEN"):
            from_env({"ENV": "production", "INTERNAL_TOKEN": token})
    assert from_env({"ENV": "production", "INTERNAL_TOKEN": "x" * 32}).internal_token == "x" * 32

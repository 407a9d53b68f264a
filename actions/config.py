"""Settings of the action server, read from the environment once per process.

The only module in actions/ that reads os.environ, so every setting has one name, one default and one
type. `settings()` reads lazily and caches; `reload()` forgets the cache so a test or a script that
changes the environment (a stub gateway, a shorter timeout) is seen by the next call.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    """Where the gateway is, how long to wait for it, the token of its internal endpoints, and the secret
    Rasa must send to this server's webhook (ACTIONS_TOKEN, checked by actions/server.py; empty = refuse)."""

    gateway_url: str = "http://127.0.0.1:8000"
    gateway_timeout_s: float = 30.0
    internal_token: str = "dev-internal-token"  # DEV_INTERNAL_TOKEN
    actions_token: str = ""


DEV_INTERNAL_TOKEN = "dev-internal-token"


def from_env(env: Mapping[str, str]) -> Settings:
    """Settings from an environment mapping; unset variables keep the defaults.

    Outside ENV=development the public development token is refused, as the gateway refuses it.
    """
    default = Settings()
    token = env.get("INTERNAL_TOKEN", default.internal_token)
    if env.get("ENV", "development") != "development" and token in ("", DEV_INTERNAL_TOKEN):
        raise ValueError("ENV 不是 development，但 INTERNAL_TOKEN 仍是开发默认值或为空：请设置与网关相同的随机长令牌。")
    return Settings(
        gateway_url=env.get("GATEWAY_URL", default.gateway_url).rstrip("/"),
        gateway_timeout_s=float(env.get("GATEWAY_TIMEOUT_S", default.gateway_timeout_s)),
        internal_token=token,
        actions_token=env.get("ACTIONS_TOKEN", default.actions_token),
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read on first use (after the environment is set up)."""
    return from_env(os.environ)


def reload() -> Settings:
    """Forget the cached settings and read the environment again."""
    settings.cache_clear()
    return settings()

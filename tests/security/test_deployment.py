"""Deployment leftovers of issue 13: cookies without the Secure flag behind a TLS-terminating proxy (the
gateway itself sees plain http), and the public default WECHAT_TOKEN outside development (`make run` stopped
or, worse, anyone could sign WeChat callbacks). Log files owner-only: test_privacy.py (with a world-readable
log an older run left, conftest.leftovers)."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from config.settings import DEV_WECHAT_TOKEN
from tests.security.conftest import PROXY, Stack

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAMES = {"ENV", "WECHAT_TOKEN", "STAFF_USERS", "STAFF_TOKEN", "INTERNAL_TOKEN", "RASA_TOKEN", "ACTIONS_TOKEN"}


def _cookie_flags(set_cookie: str) -> set[str]:
    return {part.strip().lower() for part in set_cookie.split(";")[1:]}


def test_cookies_are_secure_behind_a_trusted_https_proxy(stack: Stack) -> None:
    with stack.client(source=PROXY) as via_proxy:
        chat = via_proxy.post("/api/chat", json={"message": "你好"}, headers={"X-Forwarded-Proto": "https"})
        login = via_proxy.post("/staff/login", json={"name": "api", "password": stack.secret("STAFF_TOKEN")},
                               headers={"X-Forwarded-Proto": "https"})
    assert "secure" in _cookie_flags(chat.headers["set-cookie"])
    assert "secure" in _cookie_flags(login.headers["set-cookie"])


def test_only_a_trusted_proxy_can_say_the_request_was_https(stack: Stack) -> None:
    with stack.client(source="127.0.0.81") as direct:
        chat = direct.post("/api/chat", json={"message": "你好"}, headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in _cookie_flags(chat.headers["set-cookie"])  # plain http from a client: as it is


def _secrets(tmp: Path, **env: str) -> dict[str, str]:
    """Run scripts/secrets.sh (the secrets section of run_all.sh) and return what it exported."""
    base = {k: v for k, v in os.environ.items() if k not in SECRET_NAMES}
    script = "set -euo pipefail; umask 077; source scripts/secrets.sh; env"
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**base, "ROOT": str(ROOT), "CACHE": str(Path(sys.executable).parents[2]),
                               "SECRETS_DIR": str(tmp), **env})
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def test_wechat_token_is_generated_outside_development(tmp_path: Path) -> None:
    exported = _secrets(tmp_path / "prod", ENV="production")
    token = exported["WECHAT_TOKEN"]
    assert token != DEV_WECHAT_TOKEN and len(token) >= 32
    saved = tmp_path / "prod" / "WECHAT_TOKEN"
    assert saved.read_text().strip() == token and not saved.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    # the production settings now start (they refused the development default before)
    check = subprocess.run([sys.executable, "-c", "from config.settings import Settings; Settings()"], cwd=ROOT,
                           env={**os.environ, **{k: exported[k] for k in ("ENV", "WECHAT_TOKEN", "STAFF_TOKEN",
                                                                        "INTERNAL_TOKEN", "RASA_TOKEN")}},
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    assert _secrets(tmp_path / "again", ENV="production", WECHAT_TOKEN="from-the-console-0123456789abcdef")[
        "WECHAT_TOKEN"] == "from-the-console-0123456789abcdef"  # a configured token is used as it is


def test_development_generates_no_wechat_token(tmp_path: Path) -> None:
    exported = _secrets(tmp_path, ENV="development")
    assert "WECHAT_TOKEN" not in exported and not (tmp_path / "WECHAT_TOKEN").exists()

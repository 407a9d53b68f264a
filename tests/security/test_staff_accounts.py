"""Finding 7 (last item): the staff name in the audit trail was whatever was typed at login — anyone with the
shared token could record a status change as 「局长」. Now the console logs in named accounts (STAFF_USERS,
scrypt hashes; `make run` creates `admin` on first start) and the audit trail carries the account's name;
the shared STAFF_TOKEN is the account ``api``, whatever name a client sends along."""
from __future__ import annotations

import stat
import subprocess
import sys

import httpx

from tests.security.conftest import Stack
from tests.security.test_sessions import FILING

ROOT_PASSWORD = "STAFF_PASSWORD_admin"


def _store_filing(stack: Stack) -> str:
    stored = httpx.post(f"{stack.base}/internal/requests", json={"kind": "filing", "sender_id": "web:" + "c" * 32,
                        "data": FILING}, headers={"X-Internal-Token": stack.secret("INTERNAL_TOKEN")})
    assert stored.status_code == 200, stored.text
    return f"/api/filings/{stored.json()['reference']}"


def _login(client: httpx.Client, name: str, password: str) -> httpx.Response:
    return client.post("/staff/login", json={"name": name, "password": password})


def test_first_account_is_generated_hashed_and_owner_only(stack: Stack) -> None:
    users, password = stack.tmp / "secrets" / "STAFF_USERS", stack.secret(ROOT_PASSWORD)
    text = users.read_text()
    assert text.startswith("admin:scrypt$") and password not in text  # only the hash is kept
    for path in (users, stack.tmp / "secrets" / ROOT_PASSWORD):
        assert not path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO), path


def test_the_audit_trail_names_the_account_not_a_typed_name(stack: Stack) -> None:
    url = _store_filing(stack)
    with stack.client(source="127.0.0.61") as forger:
        # the old attack: the shared token plus a made-up name → now refused outright, and nobody is 「局长」
        assert forger.post("/staff/login", json={"token": stack.secret("STAFF_TOKEN"), "name": "局长"}).status_code == 422
        assert _login(forger, "局长", stack.secret("STAFF_TOKEN")).status_code == 401
        assert "staff_session" not in forger.cookies
    with stack.client(source="127.0.0.62") as admin:
        resp = _login(admin, "admin", stack.secret(ROOT_PASSWORD))
        assert resp.status_code == 200 and resp.json() == {"name": "admin"}
        assert admin.get("/staff/session").json() == {"name": "admin"}
        assert admin.patch(url, json={"status": "已联系"}, headers={"Origin": stack.base}).status_code == 200
    with stack.client(source="127.0.0.63") as token_login:
        assert _login(token_login, "api", stack.secret("STAFF_TOKEN")).json() == {"name": "api"}
    assert httpx.patch(f"{stack.base}{url}", json={"status": "已办结"}, headers=stack.staff).status_code == 200
    history = httpx.get(f"{stack.base}{url}", headers=stack.staff).json()["history"]
    assert [h["who"] for h in history[1:]] == ["admin", "api"]


def test_wrong_password_and_unknown_account_are_refused_alike(stack: Stack) -> None:
    with stack.client(source="127.0.0.64") as guesser:
        wrong = _login(guesser, "admin", "not-the-password")
        unknown = _login(guesser, "nobody", stack.secret(ROOT_PASSWORD))
        assert wrong.status_code == unknown.status_code == 401 and wrong.json() == unknown.json()
        assert "staff_session" not in guesser.cookies


def test_a_removed_account_loses_its_open_session(stack: Stack) -> None:
    users = stack.tmp / "secrets" / "STAFF_USERS"
    added = subprocess.run([sys.executable, "-m", "api.staff_accounts", "add", "王社工", "--users", str(users)],
                           input="王社工的密码-7f3a", text=True, capture_output=True, env=stack.job_env(), timeout=60)
    assert added.returncode == 0, added.stderr
    before = users.read_text()
    try:
        with stack.client(source="127.0.0.65") as console:
            assert _login(console, "王社工", "王社工的密码-7f3a").json() == {"name": "王社工"}
            assert console.get("/api/filings").status_code == 200
            users.write_text("".join(line + "\n" for line in before.splitlines() if not line.startswith("王社工:")))
            assert console.get("/api/filings").status_code == 401  # the file is re-read: the account is gone
            assert _login(console, "王社工", "王社工的密码-7f3a").status_code == 401
    finally:
        users.write_text("".join(line + "\n" for line in before.splitlines() if not line.startswith("王社工:")))

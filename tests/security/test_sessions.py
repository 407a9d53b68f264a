"""Finding 6: the login throttle bypassed with X-Forwarded-For (and turned against staff), bearer guessing
not throttled, logout not ending the session, and the status PATCH without the cross-origin check."""
from __future__ import annotations

import httpx

from tests.security.conftest import Stack

FILING = {"team_name": "晨练太极队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "番禺居委", "member_count": 12, "leader_name": "李四", "leader_phone": "13900139000",
          "activity_place": "社区广场", "activities": "太极拳", "scope": "社区范围"}


def _login(client: httpx.Client, token: str, **headers: str) -> int:
    """The console login of the token's account ``api`` (named accounts: test_staff_accounts.py)."""
    return client.post("/staff/login", json={"name": "api", "password": token}, headers=headers).status_code


def test_rotating_x_forwarded_for_does_not_reset_the_login_throttle(stack: Stack) -> None:
    with stack.client(source="127.0.0.41") as guesser:
        codes = [_login(guesser, f"guess-{i}", **{"X-Forwarded-For": f"203.0.113.{i}"}) for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]


def test_a_spoofed_address_cannot_lock_staff_out(stack: Stack) -> None:
    with stack.client(source="127.0.0.42") as attacker:
        for i in range(12):  # everything in the victim's name (X-Forwarded-For: 127.0.0.43)
            _login(attacker, f"guess-{i}", **{"X-Forwarded-For": "127.0.0.43"})
    with stack.client(source="127.0.0.43") as staff:
        assert _login(staff, stack.secret("STAFF_TOKEN")) == 200


def test_guessing_through_the_bearer_header_is_throttled(stack: Stack) -> None:
    with stack.client(source="127.0.0.44") as guesser:
        codes = [guesser.get("/api/filings", headers={"Authorization": f"Bearer guess-{i}"}).status_code
                 for i in range(12)]
        assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
        # even the right token is refused from an address that is guessing
        assert guesser.get("/api/filings", headers=stack.staff).status_code == 429


def test_logout_ends_the_session_on_the_server(stack: Stack) -> None:
    with stack.client(source="127.0.0.45") as console:
        assert _login(console, stack.secret("STAFF_TOKEN")) == 200
        stolen = console.cookies["staff_session"]
        assert console.get("/api/filings").status_code == 200
        assert console.post("/staff/logout").status_code == 200
    with stack.client(source="127.0.0.46", cookies={"staff_session": stolen}) as replay:
        assert replay.get("/api/filings").status_code == 401
        assert replay.get("/staff/session").json() == {"name": None}


def test_status_patch_from_another_site_is_refused(stack: Stack) -> None:
    stored = httpx.post(f"{stack.base}/internal/requests", json={"kind": "filing", "sender_id": "web:" + "b" * 32,
                        "data": FILING}, headers={"X-Internal-Token": stack.secret("INTERNAL_TOKEN")})
    assert stored.status_code == 200, stored.text
    url = f"/api/filings/{stored.json()['reference']}"
    with stack.client(source="127.0.0.47") as console:
        assert _login(console, stack.secret("STAFF_TOKEN")) == 200
        for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Referer": "http://evil.example/page"}):
            resp = console.patch(url, json={"status": "已联系"}, headers=headers)
            assert resp.status_code == 403, headers
        assert console.get(url).json()["status"] == "已提交"
        assert console.patch(url, json={"status": "已联系"}, headers={"Origin": stack.base}).status_code == 200

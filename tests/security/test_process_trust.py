"""Findings 2 and 3: the public default internal token, and Rasa (5005) / the action server (5055)
accepting calls that skip the gateway.

run_all.sh now generates random tokens (var/secrets, 0600) when none are configured; Rasa's REST channel
(bot/rest_channel.py) needs X-Rasa-Token, the action server (actions/server.py) needs X-Actions-Token.
"""
from __future__ import annotations

import stat

import httpx

from tests.security.conftest import Stack

FILING = {"team_name": "伪造舞蹈队", "category": "文体活动类", "district": "长宁区", "street": "新华路街道",
          "community": "番禺居委", "member_count": 20, "leader_name": "张三", "leader_phone": "13800138000",
          "activity_place": "小区花园", "activities": "跳舞", "scope": "街道范围"}


def test_no_public_default_tokens(stack: Stack) -> None:
    forged = {"kind": "filing", "sender_id": "wx:victim", "data": FILING}
    resp = httpx.post(f"{stack.base}/internal/requests", json=forged,
                      headers={"X-Internal-Token": "dev-internal-token"})
    assert resp.status_code == 401
    with stack.client(source="127.0.0.21") as outsider:  # a failed staff token counts against its address
        assert outsider.get("/api/filings", headers={"Authorization": "Bearer dev-staff-token"}).status_code == 401
    for name in ("STAFF_TOKEN", "INTERNAL_TOKEN", "RASA_TOKEN", "ACTIONS_TOKEN"):
        path = stack.tmp / "secrets" / name
        assert len(stack.secret(name)) >= 32 and not path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    assert httpx.get(f"{stack.base}/api/filings", headers=stack.staff).status_code == 200


def test_rasa_rest_channel_refuses_calls_without_the_gateway_secret(stack: Stack) -> None:
    url = f"{stack.rasa}/webhooks/rest/webhook"
    body = {"sender": "wx:spoofed", "message": "你好"}
    assert httpx.post(url, json=body, timeout=30).status_code == 401
    assert httpx.post(url, json=body, headers={"X-Rasa-Token": "guess"}, timeout=30).status_code == 401
    token = {"X-Rasa-Token": stack.secret("RASA_TOKEN")}
    huge = httpx.post(url, json={"sender": "wx:spoofed", "message": "问" * 40000}, headers=token, timeout=30)
    assert huge.status_code == 413
    assert httpx.post(url, json=body, headers=token, timeout=60).status_code == 200  # the gateway's way in works


def test_action_server_refuses_a_forged_webhook_call(stack: Stack) -> None:
    tracker = {"sender_id": "wx:spoofed-filer", "slots": {**FILING, "requested_slot": None},
               "latest_message": {"text": "确认提交", "intent": {"name": "affirm"}}, "events": [],
               "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}
    call = {"next_action": "action_submit_filing", "sender_id": "wx:spoofed-filer", "tracker": tracker,
            "domain": {}, "version": "3.6.21"}
    for headers in ({}, {"X-Actions-Token": "guess"}):
        resp = httpx.post(f"{stack.actions}/webhook", json=call, headers=headers, timeout=30)
        assert resp.status_code == 401
    assert httpx.get(f"{stack.actions}/actions", timeout=30).status_code == 401
    assert httpx.get(f"{stack.actions}/health", timeout=30).status_code == 200
    listing = httpx.get(f"{stack.base}/api/filings", params={"sender_id": "wx:spoofed-filer"}, headers=stack.staff)
    assert listing.json()["total"] == 0


def test_the_real_path_still_works_gateway_to_rasa_to_actions(stack: Stack) -> None:
    with stack.client() as browser:
        resp = browser.post("/api/chat", json={"message": "社区社会组织备案要交钱吗？"})
    assert resp.status_code == 200
    messages = resp.json()["messages"]
    assert any(m["citations"] for m in messages), messages  # action_policy_qa ran (Rasa → action server → /api/ask)

"""Finding 7: personal data shown in full, a trusted X-Sender-Id header, world-readable logs, a 500 on a
huge offset, and staff/internal endpoints in the public OpenAPI description."""
from __future__ import annotations

import json
import stat

import httpx

from tests.security.conftest import Stack

PHONE, ID_NO = "13812345678", "110105199001011234"


def test_handoff_question_is_stored_and_listed_masked(stack: Stack) -> None:
    data = {"question": f"请联系我 {PHONE}，身份证 {ID_NO}", "contact": PHONE}
    resp = httpx.post(f"{stack.base}/internal/requests", json={"kind": "handoff", "sender_id": "web:" + "a" * 32,
                      "data": data}, headers={"X-Internal-Token": stack.secret("INTERNAL_TOKEN")})
    assert resp.status_code == 200, resp.text
    reference = resp.json()["reference"]
    detail = httpx.get(f"{stack.base}/api/handoffs/{reference}", headers=stack.staff).json()
    listing = httpx.get(f"{stack.base}/api/handoffs", headers=stack.staff).text
    assert "138****5678" in detail["question"] and "110105********1234" in detail["question"]
    assert PHONE not in detail["question"] and ID_NO not in json.dumps(detail) + listing
    assert PHONE not in json.loads(listing)["items"][0]["question"]


def test_feedback_and_question_log_are_masked_and_ignore_x_sender_id(stack: Stack) -> None:
    with stack.client() as browser:
        fb = browser.post("/api/feedback", json={"question": f"我的电话 {PHONE}", "answer": "……", "rating": "down",
                                                 "reason": f"请打 {PHONE} 或查 {ID_NO}"})
        assert fb.status_code == 200
        ask = browser.post("/api/ask", json={"question": f"{PHONE} 今天天气怎么样"},
                           headers={"X-Sender-Id": "web:victim-forged"})
        assert ask.status_code == 200
    questions = httpx.get(f"{stack.base}/api/staff/questions", headers=stack.staff).text
    assert "138****5678" in questions and PHONE not in questions and ID_NO not in questions
    assert "web:victim-forged" not in questions  # the header names nobody


def test_log_files_are_owner_only(stack: Stack) -> None:
    logs = list(stack.tmp.glob("*.log"))
    assert {p.name for p in logs} >= {"gateway.log", "rasa.log", "actions.log"}
    for path in logs + list((stack.tmp / "secrets").iterdir()):
        assert not path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO), path


def test_bad_query_parameters_are_422_never_500(stack: Stack) -> None:
    for path, params in [("/api/filings", {"offset": "99999999999999999999"}), ("/api/filings", {"offset": "-1"}),
                         ("/api/handoffs", {"limit": "99999999999999999999"}), ("/api/filings", {"date_from": "2026-13-45"}),
                         ("/api/staff/overview", {"days": "1e309"}), ("/api/faq", {"q": "问" * 500})]:
        resp = httpx.get(f"{stack.base}{path}", params=params, headers=stack.staff)
        assert resp.status_code == 422, (path, params, resp.text)


def test_openapi_lists_only_public_endpoints(stack: Stack) -> None:
    paths = httpx.get(f"{stack.base}/openapi.json").json()["paths"]
    private = [p for p in paths if p.startswith(("/internal", "/api/staff", "/staff", "/api/filings",
                                                 "/api/handoffs", "/api/deregistrations"))]
    assert private == [] and "/api/chat" in paths and "/api/ask" in paths

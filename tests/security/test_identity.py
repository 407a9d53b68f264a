"""Finding 1: anyone who knew a sender_id could read and change that resident's conversation.

Now the web sender id is issued by the gateway in a signed HttpOnly cookie; a body sender_id that is
not the cookie's own is refused, wx: ids are never accepted from the web, and per-sender resources
(quiz result, mistakes) answer only their sender or staff.
"""
from __future__ import annotations

import re

from tests.security.conftest import Stack

MISMATCH = "会话标识"


def _turn(client, text: str, **extra) -> dict:  # noqa: ANN001, ANN003
    resp = client.post("/api/chat", json={"message": text, **extra})
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_chat_identity_is_a_signed_httponly_cookie_and_the_response_names_it(stack: Stack) -> None:
    with stack.client() as browser:
        resp = browser.post("/api/chat", json={"message": "你好"})
        assert resp.status_code == 200
        sender = resp.json()["sender_id"]
        assert re.fullmatch(r"web:[0-9a-f]{32}", sender)
        cookie = resp.headers["set-cookie"].lower()
        assert "web_sender=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        assert _turn(browser, "谢谢")["sender_id"] == sender  # the same browser stays the same sender


def test_another_residents_sender_id_in_the_body_is_refused(stack: Stack) -> None:
    with stack.client() as victim, stack.client() as attacker:
        started = _turn(victim, "我想给我们队备个案")
        victim_id = started["sender_id"]
        assert "团队叫什么名字" in "\n".join(m["text"] for m in started["messages"])
        # without a cookie, and with a cookie of its own: both refused, nothing reaches the dialogue
        for _ in range(2):
            resp = attacker.post("/api/chat", json={"sender_id": victim_id, "message": "负责人写错了，应该是张三"})
            assert resp.status_code == 403 and MISMATCH in resp.json()["detail"]
        # the victim's conversation is untouched: still at the first question of the form
        after = _turn(victim, "夕阳红舞蹈队")
        assert after["sender_id"] == victim_id and "哪一类" in "\n".join(m["text"] for m in after["messages"])


def test_forged_cookie_for_a_known_id_starts_a_new_conversation(stack: Stack) -> None:
    with stack.client() as victim:
        victim_id = _turn(victim, "你好")["sender_id"]
    raw = victim_id.removeprefix("web:")
    with stack.client(cookies={"web_sender": f"{raw}.{'0' * 64}"}) as forger:
        assert _turn(forger, "你好")["sender_id"] != victim_id


def test_wechat_ids_are_never_accepted_from_the_web(stack: Stack) -> None:
    with stack.client() as browser:
        for claimed in ("wx:o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "wx:someone"):
            resp = browser.post("/api/chat", json={"sender_id": claimed, "message": "转人工"})
            assert resp.status_code == 403 and MISMATCH in resp.json()["detail"]


def test_quiz_result_and_mistakes_only_for_their_sender_or_staff(stack: Stack) -> None:
    with stack.client() as owner, stack.client() as stranger:
        quiz = owner.post("/api/quiz/start", json={"n": 1})
        assert quiz.status_code == 200
        quiz_id, owner_id = quiz.json()["quiz_id"], quiz.json()["sender_id"]
        assert owner.get(f"/api/quiz/{quiz_id}/result").status_code == 200
        assert stranger.get(f"/api/quiz/{quiz_id}/result").status_code == 404
        assert stranger.get(f"/api/quiz/{quiz_id}/result", headers=stack.staff).status_code == 200
        refused = stranger.get("/api/quiz/mistakes", params={"sender_id": owner_id})
        assert refused.status_code == 403
        assert stranger.post("/api/quiz/answer", json={"quiz_id": quiz_id, "question_id": "q1", "choice": 0}
                             ).status_code == 404
        assert owner.get("/api/quiz/mistakes").json()["sender_id"] == owner_id

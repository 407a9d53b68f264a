"""Finding 5: unauthenticated writes had no limits (100 feedback posts in 1.6 s all accepted).

The stack runs with lowered limits (conftest.RATE_LIMITS) so the tests reach them quickly; the refusal
is 429 with a Chinese message and Retry-After."""
from __future__ import annotations

from tests.security.conftest import Stack

TOO_MANY = "请求太频繁"


def _refused(resp) -> bool:  # noqa: ANN001
    if resp.status_code != 429:
        return False
    assert TOO_MANY in resp.json()["detail"] and int(resp.headers["retry-after"]) >= 1
    return True


def test_feedback_flood_is_cut_off(stack: Stack) -> None:
    body = {"question": "问", "answer": "答", "rating": "down", "reason": "长" * 500}
    with stack.client(source="127.0.0.31") as flooder:
        codes = [flooder.post("/api/feedback", json=body) for _ in range(30)]
    accepted = [r for r in codes if r.status_code == 200]
    assert len(accepted) <= 20 and all(_refused(r) for r in codes if r.status_code != 200) and len(accepted) < 30


def test_one_sender_is_limited_even_from_many_addresses(stack: Stack) -> None:
    with stack.client(source="127.0.0.32") as first:
        sender = first.post("/api/quiz/start", json={"n": 1})
        assert sender.status_code == 200
        cookies = dict(first.cookies)
    refused = []
    for i in range(20):  # the same cookie from ever new addresses: the per-sender limit (15/minute) still holds
        with stack.client(source=f"127.0.1.{i + 1}", cookies=cookies) as hop:
            refused.append(_refused(hop.post("/api/chat", json={"message": "开始练习"})))
    assert any(refused) and not refused[0]


def test_one_address_is_limited_across_new_senders(stack: Stack) -> None:
    refused = []
    for _ in range(45):  # a new browser (cookie) every time from one address: the per-client limit (40/minute)
        with stack.client(source="127.0.0.33") as fresh:
            refused.append(_refused(fresh.post("/api/quiz/start", json={"n": 1})))
    assert any(refused) and not refused[0]


def test_ask_is_limited_per_address(stack: Stack) -> None:
    refused = []
    with stack.client(source="127.0.0.34") as asker:
        for _ in range(45):
            resp = asker.post("/api/ask", json={"question": "备案", "top_k": 1})
            refused.append(_refused(resp))
            if refused[-1]:
                break
    assert refused[-1] and not refused[0]


def test_x_forwarded_for_does_not_make_a_new_client(stack: Stack) -> None:
    refused = []
    with stack.client(source="127.0.0.35") as spoofer:
        for i in range(45):
            resp = spoofer.post("/api/quiz/start", json={"n": 1}, headers={"X-Forwarded-For": f"10.9.{i}.1"})
            refused.append(_refused(resp))
            spoofer.cookies.clear()
    assert any(refused)

"""/api/chat over real HTTP against a stub Rasa REST channel (a real socket server in a thread)."""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.services import dialogue

CITATION = {"doc_id": "sh-mca-2024-1", "clause_id": "sh-mca-2024-1/第八条", "clause": "第八条", "in_force": True}


class _RasaStub(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel: text, buttons, and a separate custom citations message."""

    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _RasaStub.received.append(body)
        if self.path != "/webhooks/rest/webhook":
            self.send_response(404)
            self.end_headers()
            return
        reply = [
            {"recipient_id": body["sender"], "text": "可以申请活动场地。",
             "buttons": [{"title": "团队备案", "payload": "/start_filing", "extra": 1}]},
            {"recipient_id": body["sender"], "custom": {"citations": [CITATION]}},
            {"recipient_id": body["sender"], "text": "还有别的问题吗？"},
        ]
        data = json.dumps(reply, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args) -> None:  # keep test output quiet
        return


@pytest.fixture
def rasa_stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RasaStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _RasaStub.received = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def chat_client(client, settings, rasa_stub, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(settings, "rasa_url", rasa_stub)
    monkeypatch.setattr(dialogue, "_client", None)
    return client


def test_chat_maps_rasa_messages_and_folds_citations(chat_client) -> None:
    resp = chat_client.post("/api/chat", json={"message": "  有场地吗  "})
    assert resp.status_code == 200
    sender = resp.json()["sender_id"]  # issued by the gateway (signed cookie), never chosen by the client
    assert re.fullmatch(r"web:[0-9a-f]{32}", sender) and "web_sender" in resp.cookies
    assert resp.json() == {"sender_id": sender, "messages": [
        {"text": "可以申请活动场地。", "buttons": [{"title": "团队备案", "payload": "/start_filing"}],
         "citations": [CITATION], "step": None},
        {"text": "还有别的问题吗？", "buttons": [], "citations": [], "step": None},
    ]}
    assert _RasaStub.received == [{"sender": sender, "message": "有场地吗"}]
    again = chat_client.post("/api/chat", json={"sender_id": sender, "message": "再问一句"})  # its own id: fine
    assert again.status_code == 200 and again.json()["sender_id"] == sender


@pytest.mark.parametrize("body, fragment", [
    ({"message": "   "}, "消息不能为空"),
    ({}, "缺少必填字段"),
    ({"sender_id": "bad id with spaces", "message": "你好"}, "只能包含字母"),
    ({"message": "问" * 600}, "消息太长"),
])
def test_chat_rejects_bad_input_in_chinese(chat_client, body: dict, fragment: str) -> None:
    resp = chat_client.post("/api/chat", json=body)
    assert resp.status_code == 422
    assert fragment in resp.json()["detail"]
    assert _RasaStub.received == []


def test_chat_when_rasa_is_down_says_so_in_chinese(client, settings, monkeypatch) -> None:
    monkeypatch.setattr(settings, "rasa_url", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setattr(dialogue, "_client", None)
    resp = client.post("/api/chat", json={"message": "你好"})
    assert resp.status_code == 200
    [message] = resp.json()["messages"]
    assert message["text"] == dialogue.RASA_DOWN and message["citations"] == []


def test_custom_payload_without_text_becomes_its_own_message() -> None:
    assert dialogue.to_chat_messages([{"custom": {"citations": [CITATION]}}]) == [
        {"text": "", "buttons": [], "citations": [CITATION], "step": None}]


def test_a_form_question_carries_its_step_and_a_bad_step_is_dropped() -> None:
    asked = [{"text": "第 3/11 步：团队在哪个区（县）？"}, {"custom": {"form_step": {"slot": "district", "n": 3, "total": 11}}}]
    assert dialogue.to_chat_messages(asked) == [{"text": "第 3/11 步：团队在哪个区（县）？", "buttons": [], "citations": [],
                                                 "step": {"slot": "district", "n": 3, "total": 11}}]
    for bad in ({"slot": "district", "n": 12, "total": 11}, {"slot": 3, "n": 1, "total": 2}, "3/11"):
        assert dialogue.to_chat_messages([{"text": "问题"}, {"custom": {"form_step": bad}}])[0]["step"] is None

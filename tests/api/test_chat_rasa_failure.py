"""Rasa failed on the message (its REST channel, bot/rest_channel.py, answers 503: lock store or tracker database
unreachable): the user is asked to send it again, never shown an empty 「收到」 as if it had been understood.
A stub Rasa on a real socket answers each call with the status the test gives it."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.services import dialogue


class _Rasa(BaseHTTPRequestHandler):
    status = 503
    body: list = []

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        data = json.dumps(_Rasa.body if _Rasa.status == 200 else {"error": "message not processed"}).encode()
        self.send_response(_Rasa.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args) -> None:
        return


@pytest.fixture
def chat(client, settings, monkeypatch):  # noqa: ANN001
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Rasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(settings, "rasa_url", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setattr(dialogue, "_client", None)

    def say(text: str) -> list[str]:
        resp = client.post("/api/chat", json={"message": text})
        assert resp.status_code == 200
        return [m["text"] for m in resp.json()["messages"]]

    yield say
    server.shutdown()
    server.server_close()


def test_a_503_from_rasa_asks_the_user_to_send_the_message_again(chat) -> None:  # noqa: ANN001
    _Rasa.status = 503
    assert chat("夕阳红舞蹈队") == [dialogue.RASA_DOWN]
    assert "请稍后再发一次" in dialogue.RASA_DOWN


def test_an_answer_with_no_messages_is_still_acknowledged(chat) -> None:  # noqa: ANN001
    _Rasa.status, _Rasa.body = 200, []
    assert chat("好的") == ["收到。还有什么想了解的吗？"]


def test_after_the_failure_the_next_message_is_answered(chat) -> None:  # noqa: ANN001
    _Rasa.status = 503
    assert chat("夕阳红舞蹈队") == [dialogue.RASA_DOWN]
    _Rasa.status, _Rasa.body = 200, [{"recipient_id": "x", "text": "团队主要开展哪些活动？"}]
    assert chat("夕阳红舞蹈队") == ["团队主要开展哪些活动？"]

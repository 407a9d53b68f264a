"""A stand-in for Rasa's REST channel, for browser tests of the page itself (rendering, history, escaping).

It speaks Rasa's real wire format (POST /webhooks/rest/webhook → list of {text, buttons, custom}) so the
gateway's real api/services/dialogue.py is exercised. Policy questions are answered the way the policy-QA action
does it: through the real gateway's POST /api/ask (real index), citations in a custom payload.
Flow tests that need the real dialogue use the real Rasa stack instead (test_chat_rasa.py).
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

XSS_CITATION = {
    "doc_id": "x", "title": "<img src=x onerror=alert(1)>标题", "doc_number": "<b>1号</b>", "issuer": "<script>x</script>",
    "date": "2024-01-01", "region": "上海市", "clause_id": "x/第一条", "clause": "第一条", "score": 0.5,
    "in_force": False, "text": "正文 <script>window.__xss=3</script> 备案", "highlights": ["备案", "<script>"],
}


class FakeRasa:
    """Thread-hosted HTTP server; `gateway_url` is set once the gateway it calls back is up."""

    def __init__(self) -> None:
        self.gateway_url = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeRasa:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reply(self, message: str) -> list[dict]:
        """Scripted replies keyed on the message; anything else is a policy question."""
        if message.startswith("/"):
            return [{"text": f"收到选择 {message}"}]
        if message.startswith("按钮"):
            return [{"text": "请选择：", "buttons": [{"title": "是", "payload": "/affirm"}, {"title": "否", "payload": "/deny"}]}]
        if message == "转人工":
            return [{"text": "（测试）已记录转人工请求，编号 RG-TEST-0001。"}]
        if message.startswith("慢"):
            time.sleep(1.5)
            return [{"text": "慢慢来"}]
        if "<" in message or message.startswith("回显"):
            return [{"text": f"您说：{message}", "buttons": [{"title": message[:40], "payload": "/echo"}]},
                    {"custom": {"citations": [XSS_CITATION]}}]
        body = httpx.post(f"{self.gateway_url}/api/ask", json={"question": message}, timeout=60).json()
        return [{"text": body["answer"]}, {"custom": {"citations": body["citations"]}}]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 — http.server naming
                data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                out = json.dumps(fake.reply(data["message"]), ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *_args: object) -> None:
                pass

        return Handler

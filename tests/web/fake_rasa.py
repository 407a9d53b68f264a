"""A stand-in for Rasa's REST channel, for browser tests of the page itself (rendering, history, escaping).

It speaks Rasa's real wire format (POST /webhooks/rest/webhook → list of {text, buttons, custom}) so the
gateway's real api/services/dialogue.py is exercised. Policy questions are answered the way the policy-QA action
does it: through the real gateway's POST /api/ask (real index), citations in a custom payload, then
「猜你想问：」 with the suggestions as buttons. 「条款全文…」 answers with a citation whose full_text is longer
than its quote, for the 「展开」 toggle.
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
    "full_text": "全文 <img src=x onerror=window.__xss=4> 正文 <script>window.__xss=3</script> 备案",
}

SEVENTH = ("丰富扶持资金。市区两级民政局和街镇可以通过福利彩票公益金、财政资金和各类基金会资金等，扶持本市社区社会组织"
           "高质量发展。市民政局研究对于获得高评估等级的社区社会组织给予专项补贴。鼓励区民政局和街（镇）尝试通过补贴"
           "（一次性开办补贴、工作经费补贴、房租补贴、大型活动补贴、人员补贴等）、奖励（人才奖励、评估奖励、品牌建设奖励"
           "等）、设置专项资金等各种形式进行扶持。鼓励区民政局、街（镇）探索通过属地区民政局监管、街（镇）社会组织服务"
           "中心财务代管的方式，帮助备案类社区社会组织（群众活动团队和社区活动小组）申请和享受相关扶持政策。")
FULL_CITATION = {
    "doc_id": "sh-mca-2024-1", "title": "上海市民政局关于持续推进社区社会组织高质量发展的若干举措",
    "doc_number": "沪民社管发〔2024〕1号", "issuer": "上海市民政局", "date": "2024-12-14", "region": "上海市",
    "clause_id": "sh-mca-2024-1/第七条", "clause": "第七条", "score": 0.9, "in_force": True,
    "text": "……可以通过福利彩票公益金、财政资金和各类基金会资金等，扶持本市社区社会组织高质量发展……",
    "full_text": SEVENTH, "highlights": ["扶持"],
}
SUGGESTED = ["社区社会组织有哪些扶持资金？", "备案类组织能申请扶持吗？"]


def suggestions(questions: list) -> list[dict]:
    """「猜你想问：」 with one button per question (payload = the question), as action_policy_qa sends it."""
    if not questions:
        return []
    return [{"text": "猜你想问：", "buttons": [{"title": q, "payload": q} for q in questions]}]


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
        if message.startswith("等级"):  # options that are numbers themselves
            return [{"text": "评估等级是？", "buttons": [{"title": t, "payload": t} for t in ("没有", "3A", "4A", "5A")]}]
        if message in ("没有", "3A", "4A", "5A"):
            return [{"text": f"等级：{message}"}]
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
        if message.startswith("条款全文"):
            return [{"text": "可以申请福利彩票公益金等扶持。"}, {"custom": {"citations": [FULL_CITATION]}},
                    *suggestions(SUGGESTED)]
        body = httpx.post(f"{self.gateway_url}/api/ask", json={"question": message}, timeout=60).json()
        return [{"text": body["answer"]}, {"custom": {"citations": body["citations"]}},
                *suggestions(body.get("suggestions") or [])]

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

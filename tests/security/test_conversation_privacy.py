"""Finding 7: `var/tracker.db` kept every resident's full phone (and ID) number with no retention limit.

Now Rasa's tracker store (bot/tracker_store.py) masks them in stored events — only a form's own answers stay,
because the form submits them from the store — and RETENTION_DAYS deletes old conversations, question-log
rows and old log files, at gateway start-up and by `make retention`."""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time

import httpx

from tests.security.conftest import OLD_LOG, Stack

PHONE, ID_NO = "13812345678", "110105199001011234"
FILING_TURNS = [("我想给我们队备个案", "团队叫什么名字"), ("夕阳红舞蹈队", "哪一类"), ("我们跳广场舞", "哪个区"),
                ("长宁", "街道"), ("新华路街道", "居委"), ("番禺居委", "多少人"), ("大概25个人", "范围"),
                ("街道范围", "负责人"), ("王秀英", "手机号"), (PHONE, "在哪里活动"), ("番禺小区中心花园", "做什么活动"),
                ("每天晚上跳广场舞", "负责人手机")]


def _say(client: httpx.Client, text: str) -> tuple[str, str]:
    resp = client.post("/api/chat", json={"message": text})
    assert resp.status_code == 200, resp.text
    return resp.json()["sender_id"], "\n".join(m["text"] for m in resp.json()["messages"])


def _events(stack: Stack, sender: str) -> list[tuple[str, dict]]:
    with sqlite3.connect(stack.tmp / "tracker.db") as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


def test_tracker_store_keeps_no_phone_or_id_from_free_text(stack: Stack) -> None:
    with stack.client(source="127.0.0.71") as browser:
        sender, _ = _say(browser, f"我的电话{PHONE}，身份证{ID_NO}，备案要什么材料")
    stored = json.dumps(_events(stack, sender), ensure_ascii=False)
    assert '"user"' in stored and "138****5678" in stored and "110105********1234" in stored
    assert PHONE not in stored and ID_NO not in stored


def test_a_filing_still_submits_the_full_phone_but_the_store_keeps_it_only_as_the_answer(stack: Stack) -> None:
    with stack.client(source="127.0.0.72") as browser:
        for text, expected in FILING_TURNS:  # every turn Rasa reloads the tracker from the (masked) store
            sender, reply = _say(browser, text)
            assert expected in reply, (text, reply)
        assert f"负责人手机：{PHONE}" in reply  # the summary is shown in full to the resident …
        sender, done = _say(browser, "确认提交")
    reference = re.search(r"BA-\d{8}-\d{4}", done).group(0)
    record = httpx.get(f"{stack.base}/api/filings/{reference}", headers=stack.staff).json()
    assert record["leader_phone"] == PHONE and record["team_name"] == "夕阳红舞蹈队"
    holding = [(kind, data.get("name")) for kind, data in _events(stack, sender) if PHONE in json.dumps(data)]
    assert holding and set(holding) == {("slot", "leader_phone")}  # … and stored only as the form's answer
    assert any(kind == "bot" and "138****5678" in (data.get("text") or "") for kind, data in _events(stack, sender))


def test_old_log_files_are_deleted_at_gateway_start(stack: Stack) -> None:
    assert not (stack.tmp / OLD_LOG).exists()  # conftest left it 400 days old; RETENTION_DAYS is 180
    assert (stack.tmp / "gateway.log").exists()


def _age_question(stack: Stack, question: str, days: int) -> None:
    with sqlite3.connect(stack.tmp / "app.db") as db:
        changed = db.execute("UPDATE question_log SET created_at = datetime('now', ?) WHERE question = ?",
                             (f"-{days} days", question)).rowcount
    assert changed == 1


def _add_old_conversation(stack: Stack, sender: str, days: int) -> None:
    old = time.time() - days * 86400
    with sqlite3.connect(stack.tmp / "tracker.db") as db:
        for i, kind in enumerate(("session_started", "user", "bot")):
            db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                       (sender, kind, old + i, json.dumps({"event": kind, "timestamp": old + i, "text": "旧对话"})))


def test_retention_job_deletes_old_conversations_and_questions_only(stack: Stack) -> None:
    with stack.client(source="127.0.0.73") as browser:
        for question in ("保留期测试：很久以前的问题", "保留期测试：昨天的问题"):
            assert browser.post("/api/ask", json={"question": question, "top_k": 1}).status_code == 200
        live, _ = _say(browser, "你好")
    _age_question(stack, "保留期测试：很久以前的问题", 400)
    _age_question(stack, "保留期测试：昨天的问题", 1)
    _add_old_conversation(stack, "web:" + "d" * 32, 400)  # idle for 400 days: goes whole
    _add_old_conversation(stack, live, 400)  # an earlier session of a conversation still in use: goes
    live_before = [e for e in _events(stack, live) if e[1].get("text") != "旧对话"]

    job = subprocess.run([sys.executable, "-m", "api.services.retention"], env=stack.job_env(),
                         capture_output=True, text=True, timeout=120)
    assert job.returncode == 0, job.stderr

    assert _events(stack, "web:" + "d" * 32) == [] and _events(stack, live) == live_before
    with sqlite3.connect(stack.tmp / "app.db") as db:
        kept = [q for (q,) in db.execute("SELECT question FROM question_log WHERE question LIKE '保留期测试%'")]
    assert kept == ["保留期测试：昨天的问题"]

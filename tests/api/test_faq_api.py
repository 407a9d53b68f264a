"""HTTP: booklet, /api/faq, quiz round trip with stored results and mistakes, scoring, 422s in Chinese."""
from __future__ import annotations

import json
import re

import pytest



def test_faq_page_escaped_with_toc(client):
    r = client.get("/faq")
    assert r.status_code == 200 and "目录" in r.text and 'id="topic-1"' in r.text
    assert "已失效" in r.text and "沪民社管发〔2024〕1号" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert not re.search(r"<script>", r.text)  # only external scripts


def test_api_faq_filters(client):
    data = client.get("/api/faq", params={"topic": "五社联动"}).json()
    assert data["count"] >= 5 and all(e["topic"] == "五社联动" for e in data["entries"])
    cite = data["entries"][0]["citations"][0]
    assert {"title", "doc_number", "clause", "in_force", "text"} <= set(cite)
    assert client.get("/api/faq", params={"region": "火星"}).status_code == 422
    bad = client.get("/api/faq", params={"topic": "不存在"})
    assert bad.status_code == 422 and "主题" in bad.json()["detail"]


def _answer(client, quiz, qid, choice):
    return client.post("/api/quiz/answer", json={"quiz_id": quiz, "question_id": qid,
                                                 "choice": choice})


def _correct(quiz_id: str, question_id: str) -> int:
    """The stored right option (the test plays a player who picks a wrong one on purpose)."""
    from api.db import session_scope
    from api.models.training import QuizSession

    with session_scope() as session:
        stored = json.loads(session.get(QuizSession, quiz_id).questions_json)
    return next(q["answer"] for q in stored if q["id"] == question_id)


def test_quiz_round_trip_and_mistakes(client):
    start = client.post("/api/quiz/start", json={"n": 3, "region": "温州"})
    assert start.status_code == 200
    quiz = start.json()
    assert quiz["total"] == 3 and "answer" not in quiz["questions"][0]
    first = quiz["questions"][0]
    wrong = _answer(client, quiz["quiz_id"], first["id"], 1 - _correct(quiz["quiz_id"], first["id"]) % 2).json()
    assert wrong["correct"] is False
    assert wrong["citations"] and wrong["explanation"] and wrong["correct_option"]
    again = _answer(client, quiz["quiz_id"], quiz["questions"][0]["id"], 1)
    assert again.status_code == 422 and "已经答过" in again.json()["detail"]
    result = client.get(f"/api/quiz/{quiz['quiz_id']}/result").json()
    assert result["answered"] >= 1 and 0 <= result["score"] <= 100
    mistakes = client.get("/api/quiz/mistakes").json()  # this browser's own (the signed cookie)
    assert mistakes["count"] >= 1 and mistakes["mistakes"][0]["citations"]
    retry = client.post("/api/quiz/start", json={"retry_mistakes": True, "n": 20}).json()
    assert {q["id"] for q in retry["questions"]} and retry["total"] == mistakes["count"]


@pytest.mark.parametrize("body", [{"sender_id": "  "}, {"n": 0}, {"n": 99}, {"topic": "不存在"}, {"region": "火星"},
                                  {"retry_mistakes": True}, {"n": "3"}, {"sender_id": 5}])
def test_quiz_start_bad_input(client, body):
    r = client.post("/api/quiz/start", json=body)
    assert r.status_code == 422 and re.search(r"[\u4e00-\u9fff]", r.json()["detail"])


def test_quiz_answer_bad_input(client):
    quiz = client.post("/api/quiz/start", json={"n": 1}).json()
    assert _answer(client, quiz["quiz_id"], "q9", 0).status_code == 422
    assert _answer(client, quiz["quiz_id"], "q1", 7).status_code == 422
    assert _answer(client, "nope", "q1", 0).status_code == 404
    client.cookies.clear()  # another browser: a new sender id, and the quiz is not theirs
    other = client.post("/api/quiz/answer", json={"quiz_id": quiz["quiz_id"], "question_id": "q1", "choice": 0})
    assert other.status_code == 404
    assert client.get("/api/quiz/unknown/result").status_code == 404


def test_scoring_endpoint(client):
    table = client.get("/api/scoring").json()
    assert len(table["items"]) == 8 and table["grade_citation"]["clause_id"] == "wz-2021-122/附件/备注"
    full = {i["item"]: i["max_points"] for i in table["items"]}
    ok = client.post("/api/scoring", json={"points": {**full, "专业服务": 10}})  # 90
    assert ok.status_code == 200 and ok.json()["grade"] == "示范型" and ok.json()["total"] == 90
    over = client.post("/api/scoring", json={"points": {**full, "社会评价": 8}})
    assert over.status_code == 422 and "社会评价" in over.json()["detail"]
    assert client.post("/api/scoring", json={"points": "x"}).status_code == 422
    assert client.post("/api/scoring", json={}).status_code == 422


def test_pages(client):
    for path in ("/quiz", "/scoring"):
        r = client.get(path)
        assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]


def test_booklet_escapes_and_has_toc(entries):
    import dataclasses

    from api.services.booklet import render_booklet

    evil = dataclasses.replace(entries[0], question="<script>alert(1)</script>", topic="<b>主题</b>")
    page = render_booklet([evil, *entries[1:3]], interactive=False, css="body{}")
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;主题" in page
    assert '<nav class="toc">' in page and 'href="#topic-1"' in page and "<script src" not in page

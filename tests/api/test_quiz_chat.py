"""The training quiz inside the chat, through POST /api/chat (no Rasa needed for quiz moves)."""
import re

import pytest

from api.services.dialogue import RASA_DOWN


@pytest.fixture
def chat(client, settings, monkeypatch):
    monkeypatch.setattr(settings, "rasa_url", "http://127.0.0.1:9")  # anything not a quiz move reaches "Rasa"

    def send(text: str) -> list[dict]:
        r = client.post("/api/chat", json={"message": text})  # the sender is the client's signed cookie
        assert r.status_code == 200
        return r.json()["messages"]

    return send


def _question(messages: list[dict]) -> dict:
    q = messages[-1]
    assert re.match(r"第\d/5题（(单选题|判断题)）：", q["text"]), q["text"]
    assert len(q["buttons"]) in (2, 4) and all(b["payload"].startswith("答 ") for b in q["buttons"])
    return q


def test_full_quiz_in_chat_gives_explanations_citations_and_score(chat, client):
    q = _question(chat("开始练习"))
    for _ in range(5):
        replies = chat(q["buttons"][0]["payload"])
        verdict = replies[0]
        assert verdict["text"].startswith(("✅", "❌")) and "解析：" in verdict["text"]
        assert verdict["citations"] and verdict["citations"][0]["clause_id"]
        if "练习结束" in replies[-1]["text"]:
            break
        q = _question(replies)
    final = replies[-1]
    assert re.search(r"答对 \d/5 题，得分 \d+", final["text"])
    assert {b["payload"] for b in final["buttons"]} == {"开始练习", "练习错题"}
    # after the quiz, letters are no longer quiz moves: they go to the dialogue
    assert chat("A")[0]["text"] == RASA_DOWN
    wrong = client.get("/api/quiz/mistakes").json()["count"]  # the same browser's own mistakes
    retry = chat("练习错题")
    if wrong:
        assert "错题重练开始" in retry[0]["text"]
    else:
        assert "没有答错" in retry[0]["text"]


def test_letters_outside_a_quiz_and_other_questions_go_to_the_dialogue(chat):
    assert chat("B")[0]["text"] == RASA_DOWN
    _question(chat("培训测验"))
    assert chat("群众活动团队怎么备案？")[0]["text"] == RASA_DOWN
    assert chat("E")[0]["text"] == RASA_DOWN  # not an option: not a quiz move


def test_leaving_a_quiz(chat):
    _question(chat("开始练习"))
    assert "已退出练习" in chat("退出练习")[0]["text"]
    assert chat("A")[0]["text"] == RASA_DOWN

"""The training quiz inside the conversation (web chat and WeChat alike).

「开始练习」/「培训测验」 starts a five-question quiz drawn from the 百问百答 compendium; each answer
gets the explanation and its clause, the last one the score; 「练习错题」 retries what was missed.
The quiz state is the stored quiz and its answers (api/models/training.py), so any gateway worker
can continue it. Messages that are not quiz moves go to Rasa as usual.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import session_scope
from api.models.base import utcnow
from api.models.training import QuizAnswer, QuizSession
from api.services import quiz as quizzes
from api.services.errors import ServiceError

START = re.compile(r"^(开始练习|培训练习|培训测验|开始测验|我要练习|练习一下|做题|答题练习)[!！。]?$")
RETRY = re.compile(r"^(练习错题|重练错题|错题重练)[!！。]?$")
STOP = re.compile(r"^(退出练习|结束练习|不练了|退出测验|结束测验)[!！。]?$")
ANSWER = re.compile(r"^(?:答\s*)?([A-Da-d])[.。]?$|^(正确|错误|对|错)$")
LETTERS = "ABCD"
ACTIVE_FOR = dt.timedelta(minutes=30)
QUESTIONS = 5


def _msg(text: str, buttons: list[dict] | None = None, citations: list[dict] | None = None) -> dict[str, Any]:
    return {"text": text, "buttons": buttons or [], "citations": citations or []}


def _active(session: Session, sender_id: str) -> QuizSession | None:
    """The sender's unfinished, open quiz from the last half hour, if any."""
    quiz = session.scalars(select(QuizSession).where(QuizSession.sender_id == sender_id)
                           .order_by(QuizSession.created_at.desc()).limit(1)).first()
    if quiz is None or quiz.closed or utcnow() - quiz.created_at > ACTIVE_FOR:
        return None
    return quiz if _next_question(session, quiz) is not None else None


def _answered_ids(session: Session, quiz: QuizSession) -> set[str]:
    return set(session.scalars(select(QuizAnswer.question_id).where(QuizAnswer.quiz_id == quiz.id)))


def _next_question(session: Session, quiz: QuizSession) -> dict | None:
    done = _answered_ids(session, quiz)
    return next((q for q in json.loads(quiz.questions_json) if q["id"] not in done), None)


def _ask(session: Session, quiz: QuizSession) -> dict[str, Any]:
    """The next question with its options as tappable choices (numbered in WeChat)."""
    questions = json.loads(quiz.questions_json)
    q = _next_question(session, quiz)
    n = next(i for i, item in enumerate(questions, 1) if item["id"] == q["id"])
    kind = "判断题" if q["kind"] == "truefalse" else "单选题"
    buttons = [{"title": f"{LETTERS[i]}. {opt}", "payload": f"答 {LETTERS[i]}"} for i, opt in enumerate(q["options"])]
    return _msg(f"第{n}/{len(questions)}题（{kind}）：{q['prompt']}\n（回复选项字母作答；回复「退出练习」结束）", buttons)


def _start(session: Session, sender_id: str, retry: bool) -> list[dict[str, Any]]:
    """Start a quiz, or say in the chat why none can start (e.g. no mistakes to retry)."""
    try:
        started = quizzes.start(session, sender_id, n=QUESTIONS, retry_mistakes=retry)
    except ServiceError as exc:
        return [_msg(str(exc), [{"title": "开始练习", "payload": "开始练习"}] if retry else None)]
    quiz = session.get(QuizSession, started["quiz_id"])
    intro = ("错题重练开始" if retry else "培训练习开始") + f"，共{started['total']}题，题目来自《社区社会组织百问百答》。"
    return [_msg(intro), _ask(session, quiz)]


def _choice(text: str, options: int) -> int | None:
    """The option a reply picks (a letter, or 正确/错误 for true-or-false), None if it picks none."""
    m = ANSWER.match(text.strip())
    if not m:
        return None
    if m.group(1):
        idx = LETTERS.index(m.group(1).upper())
    else:
        idx = 0 if m.group(2) in ("正确", "对") else 1
    return idx if idx < options else None


def _answer(session: Session, quiz: QuizSession, choice: int) -> list[dict[str, Any]]:
    """The verdict with explanation and clause, then the next question or the final score."""
    q = _next_question(session, quiz)
    result = quizzes.answer(session, quiz.sender_id, quiz.id, q["id"], choice)
    verdict = "✅ 回答正确。" if result["correct"] else f"❌ 正确答案是 {LETTERS[result['answer']]}：{result['correct_option']}"
    out = [_msg(f"{verdict}\n解析：{result['explanation']}", citations=result["citations"])]
    if _next_question(session, quiz) is not None:
        return out + [_ask(session, quiz)]
    right = session.scalars(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id, QuizAnswer.correct)).all()
    total = result["total"]
    return out + [_msg(f"练习结束：答对 {len(right)}/{total} 题，得分 {round(100 * len(right) / total)}。",
                       [{"title": "再练一次", "payload": "开始练习"}, {"title": "练习错题", "payload": "练习错题"}])]


def handle_sync(sender_id: str, text: str) -> list[dict[str, Any]] | None:
    """Quiz replies for this message, or None when it is not a quiz move."""
    text = text.strip()
    with session_scope() as session:
        if START.match(text) or RETRY.match(text):
            return _start(session, sender_id, retry=bool(RETRY.match(text)))
        quiz = _active(session, sender_id)
        if quiz is None:
            return None
        if STOP.match(text):
            quiz.closed = True
            session.commit()
            return [_msg("已退出练习。想再练时回复「开始练习」。")]
        choice = _choice(text, len(_next_question(session, quiz)["options"]))
        return None if choice is None else _answer(session, quiz, choice)


async def handle(sender_id: str, text: str) -> list[dict[str, Any]] | None:
    """Async wrapper: the database work runs off the event loop."""
    return await asyncio.to_thread(handle_sync, sender_id, text)

"""百问百答: the booklet (/faq, /api/faq), the training quiz (/quiz, /api/quiz/*) and the 温州 scoring tool.

The booklet is rendered here (every value through html.escape) and reused by scripts/booklet.py for the
printable file. Quiz questions are stored with their answers; players only ever receive ``public()``.
"""
from __future__ import annotations

import html
import json
import random
import uuid
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, BeforeValidator, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db import get_session
from api.models.training import QuizAnswer, QuizSession
from api.routers.web import _page
from corpus.citations import render_citation
from corpus.documents import load_documents
from corpus.compendium import REGIONS, FaqEntry, load_entries
from training.quiz import QuizQuestion, build_quiz, eligible
from training.scoring import ScoringError, assess, grades, items

router = APIRouter(tags=["faq"])
MAX_QUIZ = 20


@lru_cache(maxsize=1)
def compendium() -> tuple[FaqEntry, ...]:
    """The entries, loaded once per process (the YAML does not change while serving)."""
    return tuple(load_entries())


def topics() -> list[str]:
    """Topics in booklet order."""
    return list(dict.fromkeys(e.topic for e in compendium()))


def citations(entry: FaqEntry) -> list[dict]:
    """The entry's clauses in the same Citation shape /api/ask returns."""
    return [render_citation(cid) for cid in entry.clause_ids]


def entry_json(entry: FaqEntry) -> dict:
    return {"id": entry.id, "topic": entry.topic, "audience": list(entry.audience), "regions": list(entry.regions),
            "question": entry.question, "paraphrases": list(entry.paraphrases), "answer": entry.answer,
            "silent": entry.silent, "citations": citations(entry)}


# -- booklet -----------------------------------------------------------------------------------------

def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _citation_html(c: dict) -> str:
    badge = "" if c["in_force"] else '<span class="badge badge-expired">已失效</span>'
    number = f"（{_e(c['doc_number'])}）" if c.get("doc_number") else ""
    return (f'<li class="cite"><span class="cite-ref">《{_e(c["title"])}》{number}{_e(c["clause"])}</span>{badge}'
            f'<blockquote>{_e(c["text"])}</blockquote></li>')


def _entry_html(entry: FaqEntry) -> str:
    tags = " ".join(f'<span class="tag">{_e(t)}</span>' for t in (*entry.regions, *entry.audience))
    cites = "".join(_citation_html(c) for c in citations(entry))
    search = _e(" ".join([entry.question, *entry.paraphrases, entry.answer]))
    return (f'<article class="entry" id="{_e(entry.id)}" data-search="{search}">'
            f'<h3><span class="qid">{_e(entry.id)}</span>{_e(entry.question)}</h3><p class="tags">{tags}</p>'
            f'<p class="answer">{_e(entry.answer)}</p><ol class="cites">{cites}</ol></article>')


def render_booklet(entries: list[FaqEntry] | tuple[FaqEntry, ...], *, interactive: bool, css: str = "") -> str:
    """The whole booklet: title, table of contents by topic, entries with citations.

    interactive: the /faq page (search box, external CSS/JS under the CSP); otherwise a standalone
    printable file with ``css`` inlined.
    """
    order = list(dict.fromkeys(e.topic for e in entries))
    toc = "".join(f'<li><a href="#topic-{i}">{_e(t)}</a>（{sum(e.topic == t for e in entries)}）</li>'
                  for i, t in enumerate(order, 1))
    sections = "".join(
        f'<section class="topic" id="topic-{i}"><h2>{i}. {_e(t)}</h2>'
        + "".join(_entry_html(e) for e in entries if e.topic == t) + "</section>"
        for i, t in enumerate(order, 1))
    head = ('<link rel="stylesheet" href="/static/base.css"><link rel="stylesheet" href="/static/faq.css">'
            '<script src="/static/faq.js" defer></script>' if interactive else f"<style>{css}</style>")
    search = ('<p class="search"><label for="faq-search">搜索：</label><input id="faq-search" type="search" '
              'placeholder="输入关键词，如 备案、注销、场地"> <span id="faq-count" class="muted"></span></p>'
              if interactive else "")
    return ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>社区社会组织百问百答</title>{head}</head><body class="booklet"><header>'
            f'<h1>社区社会组织百问百答</h1><p class="muted">共{len(entries)}问，每条答案均注明所依据的政策条款。'
            '文件未写明的事项（金额、材料、电话等）请向答案中所列部门咨询。</p>'
            f'{search}</header><nav class="toc"><h2>目录</h2><ol>{toc}</ol></nav><main>{sections}</main>'
            '</body></html>')


@router.get("/faq", include_in_schema=False)
def faq_page() -> HTMLResponse:
    """The searchable booklet (same CSP as the other pages: only our own script and styles)."""
    policy = _page("quiz.html").headers["content-security-policy"]  # one CSP for every page (api/routers/web.py)
    return HTMLResponse(render_booklet(compendium(), interactive=True),
                        headers={"Content-Security-Policy": policy, "Cache-Control": "no-cache"})


@router.get("/api/faq")
def faq_list(topic: str | None = Query(None, max_length=64), region: str | None = Query(None, max_length=20),
             q: str | None = Query(None, max_length=100)) -> dict:
    """Entries with citations, optionally filtered by topic, region and a keyword."""
    if topic and topic not in topics():
        raise HTTPException(422, f"没有这个主题：{topic}。可选主题：{'、'.join(topics())}")
    _check_region(region)
    found = [e for e in eligible(list(compendium()), topic, region)
             if not q or q.strip() in " ".join([e.question, *e.paraphrases, e.answer])]
    return {"topics": topics(), "count": len(found), "entries": [entry_json(e) for e in found]}


def _check_region(region: str | None) -> None:
    if region and region not in REGIONS:
        raise HTTPException(422, f"地区只能是：{'、'.join(REGIONS)}")


# -- quiz ----------------------------------------------------------------------------------------------

def _sender(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("sender_id 不能为空")
    return value


Sender = Annotated[str, BeforeValidator(_sender), Field(max_length=128)]


class QuizStart(BaseModel):
    sender_id: Sender
    topic: str | None = Field(None, max_length=64)
    region: str | None = Field(None, max_length=20)
    n: int = Field(5, ge=1, le=MAX_QUIZ)
    retry_mistakes: bool = False
    model_config = {"strict": True}


class QuizAnswerIn(BaseModel):
    sender_id: Sender
    quiz_id: str = Field(..., min_length=1, max_length=32)
    question_id: str = Field(..., min_length=1, max_length=16)
    choice: int = Field(..., ge=0, le=3)
    model_config = {"strict": True}


def _questions(quiz: QuizSession) -> list[QuizQuestion]:
    return [QuizQuestion(**q) for q in json.loads(quiz.questions_json)]


def _mistake_ids(session: Session, sender_id: str) -> list[str]:
    """Entries whose latest answer by this sender was wrong (answering right later clears them)."""
    rows = session.scalars(select(QuizAnswer).where(QuizAnswer.sender_id == sender_id)
                           .order_by(QuizAnswer.created_at, QuizAnswer.id)).all()
    latest: dict[str, bool] = {}
    for row in rows:
        latest[row.entry_id] = row.correct
    return [entry_id for entry_id, ok in latest.items() if not ok]


@router.get("/api/quiz/topics")
def quiz_topics() -> dict:
    """Filters the quiz page and the chat offer."""
    return {"topics": topics(), "regions": list(REGIONS), "max_questions": MAX_QUIZ}


@router.post("/api/quiz/start")
def quiz_start(req: QuizStart, session: Session = Depends(get_session)) -> dict:
    """A new quiz (questions without answers); ``retry_mistakes`` draws from the sender's wrong answers."""
    if req.topic and req.topic not in topics():
        raise HTTPException(422, f"没有这个主题：{req.topic}。可选主题：{'、'.join(topics())}")
    _check_region(req.region)
    only = _mistake_ids(session, req.sender_id) if req.retry_mistakes else None
    if req.retry_mistakes and not only:
        raise HTTPException(422, "目前没有答错的题目需要重练。")
    questions = build_quiz(list(compendium()), load_documents(), req.n, req.topic, req.region,
                           seed=random.randrange(2**32), only_ids=only)
    if not questions:
        raise HTTPException(422, "没有符合所选主题和地区的题目，请换一个主题或地区。")
    quiz = QuizSession(id=uuid.uuid4().hex, sender_id=req.sender_id, topic=req.topic, region=req.region,
                       questions_json=json.dumps([q.to_dict() for q in questions], ensure_ascii=False))
    session.add(quiz)
    session.commit()
    return {"quiz_id": quiz.id, "total": len(questions), "questions": [q.public() for q in questions]}


def _own_quiz(session: Session, quiz_id: str, sender_id: str | None = None) -> QuizSession:
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None or (sender_id is not None and quiz.sender_id != sender_id):
        raise HTTPException(404, "找不到这次测验，请重新开始练习。")
    return quiz


def _feedback(q: QuizQuestion) -> dict:
    """What a player learns after answering: the right option, the explanation and the clauses."""
    return {"answer": q.answer, "correct_option": q.options[q.answer], "explanation": q.explanation,
            "citations": [render_citation(cid) for cid in q.clause_ids]}


@router.post("/api/quiz/answer")
def quiz_answer(req: QuizAnswerIn, session: Session = Depends(get_session)) -> dict:
    """Check one answer, store it, and return correctness with explanation and citation."""
    quiz = _own_quiz(session, req.quiz_id, req.sender_id)
    question = next((q for q in _questions(quiz) if q.id == req.question_id), None)
    if question is None:
        raise HTTPException(422, f"这次测验里没有题目 {req.question_id}。")
    if req.choice >= len(question.options):
        raise HTTPException(422, f"选项只能是0到{len(question.options) - 1}。")
    correct = req.choice == question.answer
    session.add(QuizAnswer(quiz_id=quiz.id, sender_id=req.sender_id, question_id=question.id,
                           entry_id=question.entry_id, choice=req.choice, correct=correct))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(422, "这道题已经答过了，请继续下一题。") from None
    answered = session.scalars(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id)).all()
    return {"correct": correct, **_feedback(question), "answered": len(answered), "total": len(_questions(quiz))}


@router.get("/api/quiz/mistakes")
def quiz_mistakes(sender_id: str = Query(..., min_length=1, max_length=128),
                  session: Session = Depends(get_session)) -> dict:
    """The entries this sender last answered wrong, with the right answer and its clauses."""
    by_id = {e.id: e for e in compendium()}
    entries = [by_id[i] for i in _mistake_ids(session, sender_id) if i in by_id]
    return {"sender_id": sender_id, "count": len(entries),
            "mistakes": [{"id": e.id, "topic": e.topic, "question": e.question, "answer": e.answer,
                          "citations": citations(e)} for e in entries]}


@router.get("/api/quiz/{quiz_id}/result")
def quiz_result(quiz_id: str, session: Session = Depends(get_session)) -> dict:
    """Score so far (final once every question is answered) and each question's review."""
    quiz = _own_quiz(session, quiz_id)
    answers = {a.question_id: a for a in session.scalars(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id))}
    questions = _questions(quiz)
    review = [{**q.public(), "your_choice": answers[q.id].choice if q.id in answers else None,
               "correct": answers[q.id].correct if q.id in answers else None, **_feedback(q)} for q in questions]
    right = sum(a.correct for a in answers.values())
    return {"quiz_id": quiz.id, "sender_id": quiz.sender_id, "total": len(questions), "answered": len(answers),
            "correct": right, "score": round(100 * right / len(questions)), "finished": len(answers) == len(questions),
            "questions": review}


# -- 温州 scoring self-assessment ------------------------------------------------------------------

class ScoringIn(BaseModel):
    points: dict[str, float | int | str | None] = Field(..., description="项目名 → 得分")


@router.get("/api/scoring")
def scoring_items() -> dict:
    """The table as the annex states it: items, maxima, descriptions, grade rule and its clause."""
    bands = grades()
    return {"items": [{"item": i.name, "max_points": i.max_points, "description": i.description,
                       "citation": render_citation(i.clause_id)} for i in items()],
            "grade_rule": bands.text, "grade_citation": render_citation("wz-2021-122/附件/备注")}


@router.post("/api/scoring")
def scoring(req: ScoringIn) -> dict:
    """Total and grade; 422 with a Chinese message naming the item for missing or out-of-range points."""
    try:
        result = assess(req.points)
    except ScoringError as exc:
        raise HTTPException(422, str(exc)) from None
    return {**result, "grade_citation": render_citation(result["grade_clause_id"])}


@router.get("/quiz", include_in_schema=False)
def quiz_page() -> FileResponse:
    return _page("quiz.html")


@router.get("/scoring", include_in_schema=False)
def scoring_page() -> FileResponse:
    return _page("scoring.html")

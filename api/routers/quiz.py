"""The training quiz over HTTP (/api/quiz/*) for the quiz page; the chat plays the same quiz service.

A quiz belongs to the web sender of the signed cookie (api/identity.py): starting, answering, the
mistakes list and the result are that sender's only (staff may read any result and mistakes list).
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel, BeforeValidator, Field

from api.deps import DbSession
from api.identity import check_claim, verified_sender, web_sender
from api.ratelimit import enforce
from api.security import STAFF_COOKIE, live_session_name, require_staff, same_origin
from api.services import quiz
from api.services.quiz import MAX_QUIZ

router = APIRouter(tags=["faq"])


def _sender(value: object) -> object:
    """A sender id is trimmed and must not be blank."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("sender_id 不能为空")
    return value


Sender = Annotated[str, BeforeValidator(_sender), Field(max_length=128)]


class QuizStart(BaseModel):
    sender_id: Sender | None = None  # optional: must be the cookie's own id when given
    topic: str | None = Field(None, max_length=64)
    region: str | None = Field(None, max_length=20)
    n: int = Field(5, ge=1, le=MAX_QUIZ)
    retry_mistakes: bool = False
    model_config = {"strict": True}


class QuizAnswerIn(BaseModel):
    sender_id: Sender | None = None
    quiz_id: str = Field(..., min_length=1, max_length=32)
    question_id: str = Field(..., min_length=1, max_length=16)
    choice: int = Field(..., ge=0, le=3)
    model_config = {"strict": True}


@router.get("/api/quiz/topics")
def quiz_topics() -> dict:
    """Filters the quiz page and the chat offer."""
    return quiz.filters()


@router.post("/api/quiz/start", dependencies=[Depends(same_origin)])
def quiz_start(req: QuizStart, request: Request, session: DbSession, sender: str = Depends(web_sender)) -> dict:
    """A new quiz (questions without answers); ``retry_mistakes`` draws from the sender's wrong answers."""
    check_claim(req.sender_id, sender)
    enforce(request, "quiz", sender)
    return {**quiz.start(session, sender, req.n, req.topic, req.region, req.retry_mistakes), "sender_id": sender}


@router.post("/api/quiz/answer", dependencies=[Depends(same_origin)])
def quiz_answer(req: QuizAnswerIn, request: Request, session: DbSession, sender: str = Depends(web_sender)) -> dict:
    """Check one answer, store it, and return correctness with explanation and citation."""
    check_claim(req.sender_id, sender)
    enforce(request, "quiz", sender)
    return quiz.answer(session, sender, req.quiz_id, req.question_id, req.choice)


def _staff(request: Request, authorization: str | None) -> bool:
    """Whether the request carries staff credentials (a wrong bearer token is a 401, as everywhere)."""
    if authorization:
        require_staff(request, authorization)
        return True
    return live_session_name(request.cookies.get(STAFF_COOKIE)) is not None


def _reader(request: Request, authorization: str | None) -> tuple[str | None, bool]:
    """(the cookie's web sender, whether staff): who may read per-sender quiz data."""
    return verified_sender(request), _staff(request, authorization)


@router.get("/api/quiz/mistakes")
def quiz_mistakes(request: Request, session: DbSession,
                  sender_id: str | None = Query(None, min_length=1, max_length=128),
                  authorization: Annotated[str | None, Header()] = None) -> dict:
    """The entries this sender last answered wrong (staff: any sender's, by ``sender_id``)."""
    own, staff = _reader(request, authorization)
    if staff and sender_id:
        return quiz.mistakes(session, sender_id)
    if own is None:
        raise HTTPException(403, "只能查看本浏览器自己的练习记录。")
    check_claim(sender_id, own)
    return quiz.mistakes(session, own)


@router.get("/api/quiz/{quiz_id}/result")
def quiz_result(quiz_id: str, request: Request, session: DbSession,
                authorization: Annotated[str | None, Header()] = None) -> dict:
    """Score so far (final once every question is answered) and each question's review; only its sender
    (or staff) may read it — anyone else gets the same 404 as for a quiz that does not exist."""
    own, staff = _reader(request, authorization)
    if not staff:
        quiz.own_quiz(session, quiz_id, own or "-")
    return quiz.result(session, quiz_id)

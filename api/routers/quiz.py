"""The training quiz over HTTP (/api/quiz/*) for the quiz page; the chat plays the same quiz service."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, BeforeValidator, Field

from api.deps import DbSession
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


@router.get("/api/quiz/topics")
def quiz_topics() -> dict:
    """Filters the quiz page and the chat offer."""
    return quiz.filters()


@router.post("/api/quiz/start")
def quiz_start(req: QuizStart, session: DbSession) -> dict:
    """A new quiz (questions without answers); ``retry_mistakes`` draws from the sender's wrong answers."""
    return quiz.start(session, req.sender_id, req.n, req.topic, req.region, req.retry_mistakes)


@router.post("/api/quiz/answer")
def quiz_answer(req: QuizAnswerIn, session: DbSession) -> dict:
    """Check one answer, store it, and return correctness with explanation and citation."""
    return quiz.answer(session, req.sender_id, req.quiz_id, req.question_id, req.choice)


@router.get("/api/quiz/mistakes")
def quiz_mistakes(session: DbSession, sender_id: str = Query(..., min_length=1, max_length=128)) -> dict:
    """The entries this sender last answered wrong, with the right answer and its clauses."""
    return quiz.mistakes(session, sender_id)


@router.get("/api/quiz/{quiz_id}/result")
def quiz_result(quiz_id: str, session: DbSession) -> dict:
    """Score so far (final once every question is answered) and each question's review."""
    return quiz.result(session, quiz_id)

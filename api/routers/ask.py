"""POST /api/ask: a question in, the answer with ranked clause citations out; GET one clause."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, BeforeValidator, Field

from api.identity import verified_sender
from api.ratelimit import enforce
from api.security import require_staff, token_matches
from api.services import assistant
from api.services.compendium import cite
from config.settings import get_settings

router = APIRouter(tags=["ask"])


def _question(value: object) -> object:
    """Trimmed, not empty, and within the configured length (a Chinese reason otherwise)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("问题不能为空，请输入您想了解的政策问题")
        limit = get_settings().max_question_chars
        if len(value) > limit:
            raise ValueError(f"问题太长了（最多{limit}字），请精简后再问")
    return value


class AskContext(BaseModel):
    """What the previous answer returned as `context`; sent back so follow-ups can refer to it."""

    question: str = Field("", max_length=500)
    region: str | None = Field(None, max_length=20)
    doc_ids: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=5)
    clause_ids: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list, max_length=5)


class AskRequest(BaseModel):
    question: Annotated[str, BeforeValidator(_question)] = Field(
        ..., description="中文问题，1 字至 MAX_QUESTION_CHARS 字（默认 500）")
    region: str | None = Field(None, max_length=20, description="上海 / 长宁 / 北京 / 温州")
    top_k: int = Field(5, ge=1, le=20)
    context: AskContext | None = Field(None, description="上一条回答返回的 context（追问时带上）")

    model_config = {"strict": True}


def _logged_sender(request: Request) -> str | None:
    """Whose question this is, for the question log: ``X-Sender-Id`` only from the action server (with its
    internal token), else the web cookie's own id; never a header anyone can write."""
    claimed = request.headers.get("X-Sender-Id")
    if claimed and token_matches(request.headers.get("X-Internal-Token"), get_settings().internal_token):
        return claimed[:128]
    return verified_sender(request)


def _staff_hit_test(request: Request) -> bool:
    """``X-Staff-Hit-Test: 1`` keeps a question out of the log only with valid staff credentials (bearer
    token or console session); anyone else's question is logged like any other, so the log is complete."""
    if request.headers.get("X-Staff-Hit-Test") != "1":
        return False
    try:
        require_staff(request, request.headers.get("authorization"))
    except HTTPException:
        return False
    return True


@router.post("/api/ask")
async def ask(req: AskRequest, request: Request) -> dict:
    """Answers from the corpus only; `confident` is false when the documents do not answer."""
    internal = token_matches(request.headers.get("X-Internal-Token"), get_settings().internal_token)
    staff_trying = _staff_hit_test(request)  # staff trying questions are not user demand
    if not (internal or staff_trying):  # the action server asks on behalf of residents already limited at /api/chat
        enforce(request, "ask")
    context = req.context.model_dump() if req.context else None
    return await assistant.answer(req.question, req.region, req.top_k, _logged_sender(request),
                                  record=not staff_trying, context=context)


@router.get("/api/clauses/{clause_id:path}")
def clause(clause_id: str) -> dict:
    """One clause by id, in the citation shape (flows and the compendium cite fixed clauses)."""
    try:
        return cite(clause_id)
    except KeyError as exc:
        raise HTTPException(404, "没有这个条款编号。") from exc

"""POST /api/ask: a question in, the answer with ranked clause citations out."""
from __future__ import annotations

import asyncio
import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, BeforeValidator, Field

from api.logging_setup import mask_pii
from api.models.feedback import record_question
from api.services.assistant import ask_payload, run_model
from config.settings import get_settings
from corpus.citations import render_citation
from retrieval.index import IndexMismatch

router = APIRouter(tags=["ask"])
log = logging.getLogger("api.ask")


def _question(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("问题不能为空，请输入您想了解的政策问题")
        if len(value) > 500:
            raise ValueError("问题太长了（最多500字），请精简后再问")
    return value


class AskRequest(BaseModel):
    question: Annotated[str, BeforeValidator(_question)] = Field(..., description="中文问题，1–500 字")
    region: str | None = Field(None, max_length=20, description="上海 / 长宁 / 北京 / 温州")
    top_k: int = Field(5, ge=1, le=20)

    model_config = {"strict": True}


@router.post("/api/ask")
async def ask(req: AskRequest, request: Request) -> dict:
    """Answers from the corpus only; `confident` is false when the documents do not answer."""
    try:
        body = await run_model(ask_payload, req.question, req.region, req.top_k)
    except IndexMismatch as exc:
        log.error("index unavailable: %s", exc)
        raise HTTPException(503, "知识库索引暂不可用，请联系管理员重建索引后再试。") from exc
    log.info("ask confident=%s q=%s", body["confident"], mask_pii(req.question[:80]))
    if request.headers.get("X-Staff-Hit-Test") != "1":  # staff trying questions are not user demand
        await asyncio.to_thread(record_question, req.question, body, request.headers.get("X-Sender-Id"))
    return body


@router.get("/api/clauses/{clause_id:path}")
def clause(clause_id: str) -> dict:
    """One clause by id, in the citation shape (flows and the compendium cite fixed clauses)."""
    try:
        return render_citation(clause_id, knowledge_dir=get_settings().knowledge_dir)
    except KeyError as exc:
        raise HTTPException(404, "没有这个条款编号。") from exc

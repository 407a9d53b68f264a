"""POST /api/chat — web chat turn through the Rasa dialogue (api/services/dialogue.py)."""
from __future__ import annotations

import re
from typing import Optional

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator

from api.services import dialogue
from config.settings import get_settings

router = APIRouter()
_SENDER_RE = re.compile(r"^[A-Za-z0-9:_\-.@]{1,128}$")


class ChatRequest(BaseModel):
    """One user turn; bad input gets a Chinese 422 from the app's validation handler."""

    sender_id: str = Field(min_length=1, max_length=128)
    message: str = Field(min_length=1, max_length=2000)

    @field_validator("sender_id")
    @classmethod
    def _sender(cls, value: str) -> str:
        if not _SENDER_RE.match(value):
            raise ValueError("只能包含字母、数字和 : _ - . @，例如 web:1234")
        return value

    @field_validator("message")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("消息不能为空")
        if len(value) > get_settings().max_question_chars:
            raise ValueError(f"消息太长，请控制在 {get_settings().max_question_chars} 字以内")
        return value


class ChatButton(BaseModel):
    title: str
    payload: str


class FormStep(BaseModel):
    """Where a form question stands: the web chat shows 「第 n/total 步」 with 上一步 / 取消."""

    slot: str
    n: int
    total: int


class ChatMessage(BaseModel):
    text: str
    buttons: list[ChatButton] = []
    citations: list[dict] = []
    step: Optional[FormStep] = None


class ChatResponse(BaseModel):
    messages: list[ChatMessage]


@router.post("/api/chat", response_model=ChatResponse)
async def chat(body: ChatRequest) -> ChatResponse:
    """Relay the message to Rasa; Rasa being down is a normal answer with a Chinese message, not a 500."""
    return ChatResponse(messages=await dialogue.converse(body.sender_id, body.message))
